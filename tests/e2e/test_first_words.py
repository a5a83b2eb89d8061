"""The bot's first words, through the fake Bot API: /start, /help, and the fallbacks."""

from __future__ import annotations

import logging

import pytest
from telegram.ext import CommandHandler

from bot import texts
from bot.models import User
from tests.conftest import Harness

pytestmark = pytest.mark.e2e


async def test_start_greets_a_new_user_and_records_them(bot: Harness) -> None:
    sam = bot.user(1001, "Sam", language_code="de")

    reply = await sam.ask("/start")

    assert reply.text is not None
    assert reply.text.startswith("Hi Sam.")
    assert "legs up the wall" in reply.text
    assert "not a substitute for medical advice" in reply.text
    async with bot.app.bot_data.sessions.begin() as session:
        user = await session.get(User, 1001)
    assert user is not None
    assert (user.chat_id, user.language, user.status) == (1001, "de", "active")
    assert user.created_at.tzinfo is not None


async def test_second_start_welcomes_back_without_a_second_row(bot: Harness) -> None:
    sam = bot.user(1002, "Sam")
    await sam.ask("/start")

    again = await sam.ask("/start")

    assert again.text is not None
    assert again.text.startswith("Welcome back, Sam.")
    async with bot.app.bot_data.sessions.begin() as session:
        assert await session.get(User, 1002) is not None


async def test_names_are_escaped_in_html_replies(bot: Harness) -> None:
    reply = await bot.user(1003, "<b>Al & Co</b>").ask("/start")

    assert reply.html is not None
    assert "&lt;b&gt;Al &amp; Co&lt;/b&gt;" in reply.html
    assert (reply.text or "").startswith("Hi <b>Al & Co</b>.")


async def test_help_and_its_more_list_every_command_in_the_menu(bot: Harness) -> None:
    sam = bot.user()
    reply = await sam.ask("/help")
    await sam.press(texts.MORE_COMMANDS_BUTTON, reply)
    text = await sam.edited(reply, "The rest:")

    for command, description in texts.COMMANDS:
        assert f"/{command} – {description}" in text


async def test_command_menu_is_published_at_start(bot: Harness) -> None:
    published = [(c["command"], c["description"]) for c in bot.api.commands]
    assert published == texts.COMMANDS


async def test_unknown_command_gets_a_helpful_reply(bot: Harness) -> None:
    reply = await bot.user().ask("/dance now")

    assert reply.text is not None
    assert "/dance" in reply.text
    assert "/help" in reply.text


async def test_free_text_is_a_question_and_non_text_gets_a_pointer_to_help(
    bot: Harness,
) -> None:
    sam = bot.user()
    assert (await sam.ask("hello there")).html == texts.FAQ_HELLO

    await sam.share_location(52.5, 13.4)
    assert (await sam.next_message()).text == texts.NOT_TEXT


async def test_a_failing_handler_is_logged_and_the_bot_keeps_going(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(update: object, context: object) -> None:
        raise RuntimeError("kaboom")

    # Ahead of the fallbacks, as a room's own handler would be.
    bot.app.handlers[0].insert(0, CommandHandler("explode", explode))
    sam = bot.user(1004)

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        reply = await sam.ask("/explode secret words")

    assert reply.text == texts.SOMETHING_WENT_WRONG
    [record] = [r for r in caplog.records if r.name == "bot.errors"]
    assert "chat 1004" in record.getMessage()
    assert record.exc_info is not None
    assert "secret words" not in record.getMessage()
    assert (await sam.ask("/help")).html == texts.help_first()


async def test_debug_logs_of_a_whole_conversation_never_show_the_token(
    bot: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.logging_setup import configure_logging

    token = bot.settings.telegram.token.get_secret_value()
    configure_logging("DEBUG", secrets=(token,))
    try:
        await bot.user(1005).ask("/start")
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger().setLevel(logging.WARNING)

    err = capsys.readouterr().err
    assert "sendMessage" in err  # the logs did describe the traffic …
    assert token not in err  # … without the token
    assert token.split(":")[1] not in err
