"""The guided session: /winddown and Start now, breath patterns, the prompt timeline and
its runner, and the check-out."""

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.keyboards import Action
from bot.winddown.handlers import (
    interrupt_live,
    on_button,
    pause_for_safety,
    recover_interrupted,
    winddown_command,
)

ACTIONS = (
    Action.WINDDOWN,
    Action.WD_LENGTH,
    Action.WD_PATTERN,
    Action.WD_BEGIN,
    Action.WD_READY,
    Action.WD_CONTROL,
    Action.WD_FEEL,
)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("winddown", winddown_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=keyboards.for_actions(*ACTIONS)))
    app.bot_data.on_start.append(recover_interrupted)
    app.bot_data.on_stop.append(interrupt_live)
    app.bot_data.pending.append(pause_for_safety)
