"""Questions through the fake Bot API: free text and /ask answered from the knowledge base
with related-question buttons, safety and crisis answers first, "I don't know" with
topics (and the question kept without who asked), /topics, and `faq-misses`."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from bot import texts
from bot.config import SafetySettings
from bot.faq.knowledge import load_knowledge
from bot.models import FaqMiss
from tests.conftest import Harness, run_bot

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


async def misses(bot: Harness) -> list[str]:
    async with bot.sessions.begin() as session:
        return list(await session.scalars(select(FaqMiss.question).order_by(FaqMiss.id)))


async def test_a_question_in_free_text_gets_its_entry_and_related_buttons(bot: Harness) -> None:
    knowledge = load_knowledge()
    sam = bot.user(6001)
    reply = await sam.ask("how long shud i stay up")
    entry = knowledge["how-long"]
    assert (reply.text or "").startswith(entry.answer)
    # Up to three buttons: close runner-ups if any, then the entry's related questions.
    lead = (reply.text or "").rsplit("\n", 1)[-1]
    assert lead in (texts.FAQ_RELATED, texts.FAQ_OR_DID_YOU_MEAN)
    labels = [row[0] for row in reply.buttons]
    assert 1 <= len(labels) <= 3
    titles = {e.title for e in knowledge.entries if e.id != entry.id}
    assert set(labels) <= titles
    if lead == texts.FAQ_RELATED:
        assert set(labels) <= {knowledge[r].title for r in entry.related}

    # A related question's button answers it, with buttons of its own.
    await sam.press(labels[0], reply)
    followed = await sam.next_message()
    related = next(e for e in knowledge.entries if e.title == labels[0])
    assert (followed.text or "").startswith(related.answer)
    assert await misses(bot) == []


async def test_ask_command_and_its_usage(bot: Harness) -> None:
    sam = bot.user(6002)
    assert (await sam.ask("/ask")).html == texts.FAQ_ASK_USAGE
    reply = await sam.ask("/ask will this help my swollen ankles?")
    assert "swelling" in (reply.text or "").lower()


async def test_a_named_condition_gets_its_caution_before_anything_else(bot: Harness) -> None:
    reply = await bot.user(6003).ask("is it ok with glaucoma?")
    text = reply.text or ""
    assert "glaucoma" in text.lower()
    assert "clinician" in text
    assert text.startswith(texts.FAQ_CAUTION_WHY["glaucoma"])


async def test_crisis_language_gets_crisis_help_and_no_yoga(
    fake_api: object, database_url: str
) -> None:
    safety = SafetySettings(emergency_number="112", crisis_line="Call 0800 111 0 111")
    async with run_bot(fake_api, database_url, safety=safety) as bot:  # type: ignore[arg-type]
        reply = await bot.user(6004).ask("i dont want to be here anymore, i want to kill myself")
    assert reply.html == texts.crisis_answer("112", "Call 0800 111 0 111")
    assert reply.buttons == []
    assert "pose" not in (reply.text or "").lower()


async def test_acute_symptoms_say_stop_and_seek_help(bot: Harness) -> None:
    reply = await bot.user(6005).ask("i have chest pain with my legs up")
    assert reply.html == texts.acute_answer(None)
    assert reply.buttons == []


async def test_an_unknown_question_offers_topics_and_is_kept_without_the_asker(
    bot: Harness,
) -> None:
    sam = bot.user(6006)
    reply = await sam.ask("whats the capital of france")
    assert reply.html in texts.FAQ_DONT_KNOW_VARIANTS
    topics = load_knowledge().topics
    assert [label for row in reply.buttons for label in row] == list(topics.values())
    assert await misses(bot) == ["whats the capital of france"]
    async with bot.sessions.begin() as session:
        columns = await session.run_sync(
            lambda s: [c["name"] for c in inspect(s.connection()).get_columns("faq_misses")]
        )
    assert set(columns) == {"id", "question", "asked_at"}  # nothing ties it to a person

    # A topic lists its questions; a question answers; back goes to the topics.
    first_topic = next(iter(topics.values()))
    await sam.press(first_topic, reply)
    await sam.edited(reply, first_topic)
    entries = [row[0] for row in reply.buttons]
    assert entries[-1] == texts.FAQ_ALL_TOPICS
    await sam.press(entries[0], reply)
    assert (await sam.next_message()).text
    await sam.press(texts.FAQ_ALL_TOPICS, reply)
    await sam.edited(reply, texts.FAQ_TOPICS)
    await sam.press_data("faq|entry|no-such-entry", reply)
    assert await sam.answer() == texts.STALE_BUTTON


async def test_topics_command(bot: Harness) -> None:
    reply = await bot.user(6007).ask("/topics")
    assert reply.html == texts.FAQ_TOPICS
    assert [b for row in reply.buttons for b in row] == list(load_knowledge().topics.values())


async def test_greetings_are_not_kept_as_misses(bot: Harness) -> None:
    assert (await bot.user(6008).ask("hi")).html == texts.FAQ_HELLO
    assert await misses(bot) == []


@pytest.mark.postgres
async def test_faq_misses_lists_the_most_frequent(bot: Harness, database_url: str) -> None:
    asked = ((6010, "Whats the weather"), (6011, "whats the weather"), (6012, "best pizza?"))
    for user_id, question in asked:
        await bot.user(user_id).ask(question)
    # As an operator runs it: no token, the database from the environment.
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "faq-misses",
        "--days",
        "0",
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "WINDDOWN_DATABASE__URL": database_url,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert lines[0].split() == ["2", "whats", "the", "weather"]
    assert lines[1].split() == ["1", "best", "pizza?"]


async def test_an_unsure_match_offers_did_you_mean_buttons_that_answer(bot: Harness) -> None:
    sam = bot.user(6013)
    reply = await sam.ask("my time")
    assert reply.html == texts.FAQ_DID_YOU_MEAN
    labels = [row[0] for row in reply.buttons]
    assert 1 <= len(labels) <= 3
    knowledge = load_knowledge()
    await sam.press(labels[0], reply)
    chosen = next(e for e in knowledge.entries if e.title == labels[0])
    assert ((await sam.next_message()).text or "").startswith(chosen.answer)
    assert await misses(bot) == ["my time"]  # kept: not answered outright
