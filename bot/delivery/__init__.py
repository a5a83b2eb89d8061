"""The one way out to Telegram.

Every Bot API call passes `PriorityRateLimiter` (python-telegram-bot's rate limiter
extension point), so even `context.bot` and `message.reply_text` are paced: interactive
replies first, then live breath prompts, then bulk. `BulkSender` lets the coarse jobs
(reminders, check-ins, summaries) hand over many messages at once and learn each outcome.
"""

from bot.delivery.bulk import BulkSender, Delivery, Outcome
from bot.delivery.limiter import PriorityRateLimiter
from bot.delivery.priority import Priority

__all__ = ["BulkSender", "Delivery", "Outcome", "Priority", "PriorityRateLimiter"]
