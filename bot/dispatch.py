"""The order in which every update meets the bot, first to last. python-telegram-bot runs
the first matching handler of each group, group by group; a handler that has answered for
good raises ApplicationHandlerStop, and later groups never see the update.

    GUARD     groups and channels: a pointer to a private chat, nothing stored
    ACTIVITY  whoever writes is active (a chat that had blocked us is open again)
    SAFETY    every text (messages, edits, captions, command arguments): crisis language,
              acute symptoms and named conditions are answered here, in every state
    AWAITED   a typed answer the bot asked for (a city, a time)
    ROOMS     commands, buttons and free-text questions; help's fallbacks last

Activity comes before safety on purpose: a crisis answer to someone who has just
unblocked the bot must not meet a limiter that still thinks the chat is blocked.
"""

from enum import IntEnum


class Group(IntEnum):
    GUARD = -4
    ACTIVITY = -3
    SAFETY = -2
    AWAITED = -1
    ROOMS = 0
