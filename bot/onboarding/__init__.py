"""Onboarding: /start, consent, contraindication screening, time zone, the evening time;
/timezone, /settings, /cancel; and noticing when someone comes and goes."""

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import keyboards
from bot.dispatch import Group
from bot.onboarding.handlers import (
    ONBOARDING_ACTIONS,
    awaited_input,
    cancel_command,
    membership_changed,
    note_activity,
    on_button,
    pending_step,
    settings_command,
    start,
    timezone_command,
)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, note_activity), group=Group.ACTIVITY)
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ((filters.TEXT & ~filters.COMMAND) | filters.LOCATION),
            awaited_input,
        ),
        group=Group.AWAITED,
    )
    app.bot_data.pending.append(pending_step)
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("timezone", timezone_command))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CommandHandler("cancel", cancel_command))
    app.add_handler(
        CallbackQueryHandler(on_button, pattern=keyboards.for_actions(*ONBOARDING_ACTIONS))
    )
