"""/week through the fake Bot API: the summary's words with a chart that decodes, the
encouraging message for an empty week, /week last, and the automatic weekly summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from PIL import Image

from bot import texts
from bot.clock import ManualClock
from bot.devtools.fake_bot_api import FakeBotApi, SentMessage
from bot.models import PracticeSession, SleepRating
from tests.conftest import Harness, onboarded_user

pytestmark = pytest.mark.e2e

# Sunday 5 July 2026, 10:00 in Berlin: last night was Saturday's, so the week shown is
# the nights of 28 June to 4 July.
NOW = datetime(2026, 7, 5, 8, 0, tzinfo=UTC)
TONIGHT = date(2026, 7, 5)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


async def seed(bot: Harness, user_id: int, practised: list[int], rated: dict[int, int]) -> None:
    """A Berlin user with sessions at 21:30 on the nights `practised` (days before
    tonight) and sleep ratings by night."""
    async with bot.sessions.begin() as session:
        session.add(onboarded_user(user_id, NOW, created_at=NOW - timedelta(days=30)))
        await session.flush()
        for back in practised:
            night = TONIGHT - timedelta(days=back)
            start = datetime(night.year, night.month, night.day, 19, 30, tzinfo=UTC)
            session.add(
                PracticeSession(
                    user_id=user_id,
                    night=night,
                    started_at=start,
                    ended_at=start + timedelta(minutes=10),
                    planned_seconds=600,
                    actual_seconds=600,
                    breath_pattern="exhale-4-6",
                    variant="inversion",
                    outcome="completed",
                    checkout_rating=4,
                )
            )
        for back, rating in rated.items():
            session.add(
                SleepRating(
                    user_id=user_id,
                    night=TONIGHT - timedelta(days=back),
                    rating=rating,
                    rated_at=NOW,
                )
            )


def image_of(api: FakeBotApi, message: SentMessage) -> Image.Image:
    assert message.kind == "photo"
    assert message.file_id is not None
    image = Image.open(BytesIO(api.files[message.file_id]))
    image.load()  # decodes the whole image, not just the header
    return image


@pytest.mark.postgres
async def test_week_sends_the_summary_with_a_chart(bot: Harness) -> None:
    # Practised 4 of the last 7 nights (the last three in a row), rated 6 nights.
    await seed(bot, 9101, practised=[1, 2, 3, 5, 12], rated={1: 4, 2: 4, 3: 5, 4: 2, 5: 3, 6: 2})
    ana = bot.user(9101)
    summary = await ana.ask("/week")
    image = image_of(bot.api, summary)
    assert image.format == "PNG"
    assert image.size == (1000, 750)

    text = summary.text or ""
    assert "nights of Sun 28 Jun to Sat 4 Jul" in text
    assert "You practised on 4 of 7 nights, 40 minutes in all." in text
    assert "Current run: 3 nights in a row (your longest so far)." in text
    assert "Sleep: 3.3 of 5 on average (6 nights rated)." in text
    # 4 rated nights after a session, only 2 without, and no week before: too few to
    # compare, said once, after what went well.
    assert text.count(texts.WEEK_TOO_FEW) == 1
    assert text.index("You practised") < text.index("Sleep:") < text.index(texts.WEEK_TOO_FEW)
    assert "Calm after sessions: 4.0 of 5 on average (4 check-outs)." in text
    assert "You started at much the same time each evening (21:30)." in text
    assert texts.SUGGESTIONS["keep-going"] in text


async def test_an_empty_week_gets_encouragement_not_an_empty_chart(bot: Harness) -> None:
    await seed(bot, 9102, practised=[20], rated={})
    reply = await bot.user(9102).ask("/week")
    assert reply.kind == "text"
    assert reply.text == texts.WEEK_EMPTY


async def test_a_first_session_tonight_is_acknowledged_without_a_chart(bot: Harness) -> None:
    # Practised tonight only (at 21:30, after the week shown): one line, no empty chart.
    await seed(bot, 9105, practised=[0], rated={})
    reply = await bot.user(9105).ask("/week")
    assert reply.kind == "text"
    assert reply.text == texts.week_tonight_only(10)


async def test_one_night_to_show_is_said_in_words_alone(bot: Harness) -> None:
    await seed(bot, 9106, practised=[2], rated={2: 4})
    reply = await bot.user(9106).ask("/week")
    assert reply.kind == "text"  # one night of seven: almost nothing to chart
    assert "You practised on 1 of 7 nights, 10 minutes in all." in (reply.text or "")
    assert "(1 night rated)" in (reply.text or "")


async def test_week_last_shows_the_seven_nights_before(bot: Harness) -> None:
    await seed(bot, 9103, practised=[8, 9], rated={8: 5})
    ana = bot.user(9103)
    assert (await ana.ask("/week")).text == texts.WEEK_EMPTY
    before = await ana.ask("/week last")
    image_of(bot.api, before)
    assert "nights of Sun 21 Jun to Sat 27 Jun" in (before.text or "")
    assert "You practised on 2 of 7 nights" in (before.text or "")
    assert (await ana.ask("/week soon")).text == texts.WEEK_USAGE
    assert (await bot.user(9199).ask("/week")).text == texts.NEED_START


@pytest.mark.postgres
async def test_the_automatic_summary_comes_at_the_chosen_time(
    bot: Harness, clock: ManualClock
) -> None:
    # Practised tonight too (it will be 21:30): that night belongs to next week's summary.
    await seed(bot, 9104, practised=[0, 1, 2], rated={1: 4})
    ana = bot.user(9104)
    for bad in ("/week auto", "/week auto someday 19:00", "/week auto sun 25:00"):
        assert (await ana.ask(bad)).text == texts.WEEK_USAGE
    reply = await ana.ask("/week auto sun 19:00")
    assert reply.text == texts.week_auto_set("Sunday", "19:00")

    clock.set(datetime(2026, 7, 5, 16, 59, tzinfo=UTC))  # 18:59 in Berlin
    await bot.tick()
    ana.expect_nothing_new()
    clock.set(datetime(2026, 7, 5, 17, 0, 5, tzinfo=UTC))  # 19:00
    await bot.tick()
    summary = await ana.next_message()
    image_of(bot.api, summary)
    assert "nights of Sun 28 Jun to Sat 4 Jul" in (summary.text or "")
    assert "You practised on 2 of 7 nights" in (summary.text or "")
    await bot.tick()
    ana.expect_nothing_new()  # once
    # Moved later the same evening: not a second summary today.
    assert (await ana.ask("/week auto sun 21:00")).text == texts.week_auto_set("Sunday", "21:00")
    clock.set(datetime(2026, 7, 5, 19, 0, 5, tzinfo=UTC))  # 21:00
    await bot.tick()
    ana.expect_nothing_new()

    assert (await ana.ask("/week auto off")).text == texts.WEEK_AUTO_OFF
    clock.set(datetime(2026, 7, 12, 17, 0, 5, tzinfo=UTC))  # a week later: nothing
    await bot.tick()
    ana.expect_nothing_new()
