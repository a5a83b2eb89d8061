"""The guided session through the fake Bot API, seconds long: from the reminder's Start now
to the check-out; pause and resume; stop; the low-legs variant; the pacer animation sent
once and then re-used by file_id; and a restart in the middle of a session."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.config import RemindersSettings, WinddownSettings
from bot.devtools.fake_bot_api import FakeBotApi, SentMessage
from bot.devtools.simulated_user import SimulatedUser
from bot.models import PracticeSession, Schedule, User
from tests.conftest import Harness, onboarded_user, run_bot

pytestmark = pytest.mark.e2e

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # 21:30:05 in Berlin
# 14 s: settle 3 s, one in-4/out-6 cycle, then 1 s of rest.
# A generous lateness limit: these tests check the flow, bench/session the timing.
SHORT = WinddownSettings(lengths_seconds=(14, 30), settle_seconds=3, max_late_seconds=1.5)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def bot_sections() -> dict[str, object]:
    return {"winddown": SHORT}


async def seed(
    bot: Harness, user_id: int, screening: list[str] | None = None, **fields: object
) -> SimulatedUser:
    async with bot.sessions.begin() as session:
        session.add(
            onboarded_user(user_id, NOW, session_seconds=14, screening=screening or [], **fields)
        )
    return bot.user(user_id)


async def practice(bot: Harness, user_id: int) -> list[PracticeSession]:
    async with bot.sessions.begin() as session:
        return list(
            await session.scalars(
                select(PracticeSession)
                .where(PracticeSession.user_id == user_id)
                .order_by(PracticeSession.id)
            )
        )


async def begin(user: SimulatedUser) -> SentMessage:
    """From /winddown to the first live prompt; returns the live message (the set-up
    message, which Ready turns into it)."""
    options = await user.ask("/winddown")
    assert (options.text or "").startswith("Tonight's session: 14 s, longer exhale")
    await user.press(texts.START, options)
    await user.edited(options, "Tap Ready")
    await user.press(texts.READY, options)
    await user.edited(options, texts.SETTLE)
    return options


async def test_a_whole_session_from_start_now_to_check_out(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    ana = await seed(bot, 9001)
    async with bot.sessions.begin() as session:  # an evening reminder due just now
        session.add(
            Schedule(
                user_id=9001,
                kind="evening",
                local_time=time(21, 30),
                next_fire_at=NOW - timedelta(seconds=5),
            )
        )
    await bot.tick()
    reminder = await ana.next_message()
    assert reminder.buttons[0] == [texts.START_NOW]
    await ana.press(texts.START_NOW, reminder)  # one tap: the session begins

    setup = await ana.next_message()
    assert (setup.text or "").startswith("Getting into the pose")
    assert texts.STARTED_FROM_REMINDER in (setup.text or "")
    assert setup.buttons == [[texts.CHANGE]]
    live = await ana.next_message()
    assert (live.text or "").startswith(texts.SETTLE)
    assert live.buttons == [[texts.PAUSE, texts.STOP]]
    pacer = await ana.next_message(timeout=20)  # drawn in a worker thread: slow under load
    assert pacer.kind == "animation"
    assert fake_api.files[pacer.file_id or ""].startswith(b"GIF8")
    coming_out = await ana.next_message(timeout=20)
    assert coming_out.text == texts.COMING_OUT
    check_out = await ana.next_message()
    assert check_out.text == texts.CHECK_OUT
    # The first session ever, at 21:30: it counts for tonight, in /week from tomorrow.
    first = await ana.next_message()
    assert first.text == texts.first_session_counts(in_week_now=False)

    shown = [text.split("\n")[0] for _, text in live.edits]
    assert shown == [
        "Breathe in … 4",
        "Breathe out … 6",
        texts.REST,
        texts.FINISHED,
    ]
    assert live.buttons == []  # nothing left to tap on a finished session
    edit_times = [at for at, text in live.edits if text.startswith(("Breathe", texts.REST))]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(edit_times))

    await ana.press("4", check_out)
    await ana.edited(check_out, texts.CHECK_OUT_THANKS)
    [row] = await practice(bot, 9001)
    assert (row.outcome, row.checkout_rating, row.planned_seconds) == ("completed", 4, 14)
    assert (row.breath_pattern, row.variant) == ("exhale-4-6", "inversion")
    assert row.night == NOW.date()
    assert row.actual_seconds == 0  # the bot's clock is frozen in this test


async def test_the_animation_is_uploaded_once_and_reused(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    timer = bot.session_timer()
    first, second = await seed(bot, 9002), await seed(bot, 9003)
    await begin(first)
    timer.advance(1)  # the pacer goes out 2 s before the paced part
    await fake_api.wait_until(lambda: len(fake_api.calls_to("sendAnimation")) == 1, 10)
    await begin(second)
    timer.advance(1)
    await fake_api.wait_until(lambda: len(fake_api.calls_to("sendAnimation")) == 2, 10)

    uploads = fake_api.calls_to("sendAnimation")
    assert isinstance(uploads[0].params["animation"], bytes)
    assert (
        uploads[1].params["animation"]
        == next(m for m in fake_api.sent if m.kind == "animation").file_id
    )


async def test_pause_resume_and_stop(fake_api: FakeBotApi, bot: Harness) -> None:
    timer = bot.session_timer()
    kim = await seed(bot, 9004)
    live = await begin(kim)
    timer.advance(1)  # the pacer goes out 2 s before the paced part
    pacer = await kim.next_message(timeout=20)
    assert pacer.kind == "animation"
    await kim.press(texts.PAUSE, live)
    paused = await kim.edited(live, texts.PAUSED)
    assert re.search(r"\d+:\d\d left$", paused)  # "Paused" keeps the time left
    await kim.api.wait_until(lambda: pacer.deleted, 5)  # no pulsing while paused
    assert live.buttons == [[texts.RESUME, texts.STOP]]
    edits_while_paused = len(live.edits)
    timer.advance(4.5)  # longer than a phase: nothing moves while paused
    await kim.settled()
    assert len(live.edits) == edits_while_paused
    running = bot.app.bot_data.runner.live[9004].task  # type: ignore[union-attr]
    assert running is not None
    assert running.done()

    await kim.press(texts.RESUME, live)
    await kim.api.wait_until(lambda: texts.PAUSED not in (live.text or ""), 10)
    await kim.press(texts.STOP, live)
    await kim.edited(live, texts.STOPPED)
    [row] = await practice(bot, 9004)
    assert row.outcome == "stopped"


async def test_a_flagged_user_gets_the_low_legs_variant(bot: Harness) -> None:
    lea = await seed(bot, 9005, screening=["glaucoma"])
    options = await lea.ask("/winddown")
    await lea.press(texts.START, options)
    setup = await lea.edited(options, "keep your legs low")
    assert "wall" not in setup
    await lea.press(texts.READY, options)
    await lea.edited(options, texts.SETTLE)
    [row] = await practice(bot, 9005)
    assert row.variant == "low-legs"


async def test_in_pregnancy_the_position_is_left_to_the_midwife_or_doctor(bot: Harness) -> None:
    mia = await seed(bot, 9015, screening=["pregnancy"])
    options = await mia.ask("/winddown")
    await mia.press(texts.START, options)
    setup = await mia.edited(options, "keep your legs low")
    assert setup == texts.SETUP_LOW_LEGS_PREGNANCY
    assert "on your back" not in setup


async def test_winddown_during_a_session_offers_continue_or_restart(bot: Harness) -> None:
    sam = await seed(bot, 9006)
    await begin(sam)
    choice = await sam.ask("/winddown")
    assert choice.text == texts.SESSION_RUNNING
    assert choice.buttons == [[texts.CONTINUE, texts.RESTART]]


async def test_a_restart_mid_session_closes_it_and_tells_the_user_once(
    fake_api: FakeBotApi, database_url: str
) -> None:
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        sam = await seed(bot, 9007)
        await begin(sam)
        # Stopping the bot now interrupts the session and says so.
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        rows = await practice(bot, 9007)
        await asyncio.sleep(0.5)
    interrupted = [m for m in sam.inbox if m.text == texts.INTERRUPTED]
    assert len(interrupted) == 1
    assert interrupted[0].buttons == [[texts.RESTART]]
    assert [r.outcome for r in rows] == ["interrupted"]


@pytest.mark.postgres
async def test_a_session_left_open_by_a_crash_is_closed_at_start(
    fake_api: FakeBotApi, database_url: str
) -> None:
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        sam = await seed(bot, 9008)
    # As if the process had died mid-session: the row is still marked running.
    async with (
        run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot,
        bot.sessions.begin() as session,
    ):
        session.add(
            PracticeSession(
                user_id=9008,
                night=NOW.date(),
                started_at=NOW,
                planned_seconds=14,
                breath_pattern="exhale-4-6",
                variant="inversion",
                outcome="running",
            )
        )
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        told = await sam.next_message()
        rows = await practice(bot, 9008)
    assert told.text == texts.INTERRUPTED
    assert [r.outcome for r in rows] == ["interrupted"]


async def test_a_deleted_live_message_is_replaced_by_a_new_one(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    timer = bot.session_timer()
    ana = await seed(bot, 9009)
    live = await begin(ana)
    live.deleted = True  # the user deleted it
    timer.advance(3)  # the first breath prompt: its edit fails
    failed = lambda: [c for c in fake_api.calls_to("editMessageText", 9009) if c.status == 400]  # noqa: E731
    await fake_api.wait_until(failed, 10)
    timer.advance(4)  # the next prompt starts a new live message
    replacement = await ana.next_message(timeout=10)
    while replacement.kind == "animation":
        replacement = await ana.next_message(timeout=10)
    assert (replacement.text or "").startswith("Breathe out … 6")
    assert replacement.buttons == [[texts.PAUSE, texts.STOP]]


async def test_no_session_before_the_health_question_is_answered(bot: Harness) -> None:
    async with bot.sessions.begin() as session:
        session.add(
            User(
                id=9010,
                chat_id=9010,
                timezone="Europe/Berlin",
                status="active",
                consented_at=NOW,
                created_at=NOW,
                last_seen_at=NOW,
            )
        )
    lea = bot.user(9010)
    question = await lea.ask("/winddown")
    assert question.text == texts.SCREEN_FIRST
    assert [texts.CONDITIONS["glaucoma"]] in question.buttons
    assert await practice(bot, 9010) == []


@pytest.mark.postgres
async def test_a_second_worker_tells_the_people_in_a_dead_workers_sessions_once(
    fake_api: FakeBotApi, database_url: str, backend: str
) -> None:
    """Two workers on one PostgreSQL database; the first stops renewing its lease in
    the middle of a session (as if killed). While its lease runs, the second leaves the
    session alone; once it has run out, the second closes it and tells the person once,
    with the button to start again."""
    if backend != "postgresql":
        pytest.skip("two workers need PostgreSQL (SQLite is for one process)")
    clock = ManualClock(NOW)
    lease = RemindersSettings(tick_seconds=0.3, lease_seconds=30)
    async with run_bot(fake_api, database_url, clock=clock, winddown=SHORT, reminders=lease) as a:
        sam = await seed(a, 9010)
        await begin(sam)
        runner = a.app.bot_data.runner
        assert runner is not None
        async with (
            run_bot(
                fake_api,
                database_url,
                clock=clock,
                winddown=SHORT,
                reminders=lease,
                mode="send-only",
            ) as b,
        ):
            # The first worker goes silent: its session stops where it is, still
            # recorded as running, and its lease is no longer renewed.
            for live in runner.live.values():
                assert live.task is not None
                live.task.cancel()
            runner.live.clear()
            clock.set(NOW + timedelta(seconds=20))
            await b.tick()
            assert [r.outcome for r in await practice(b, 9010)] == ["running"]
            clock.set(NOW + timedelta(seconds=31))
            await b.tick()
            told = await sam.next_message()
            await b.tick()
            rows = await practice(b, 9010)
    assert told.text == texts.INTERRUPTED
    assert told.buttons == [[texts.RESTART]]
    assert [r.outcome for r in rows] == ["interrupted"]
    assert [m.text for m in sam.inbox].count(texts.INTERRUPTED) == 1


async def test_the_audio_guide_is_uploaded_once_and_reused_after_a_restart(
    fake_api: FakeBotApi, database_url: str
) -> None:
    """Tones only: a voice message, no animation, and the live message shows progress.
    A second session re-uses the upload's file_id; so does a new process on the database."""
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        ana, ben = await seed(bot, 9021, guide="audio"), await seed(bot, 9022, guide="audio")
        live = await begin(ana)
        voice = await ana.next_message()
        assert voice.kind == "voice"
        assert voice.text == texts.AUDIO_CAPTION
        track = fake_api.files[voice.file_id or ""]
        assert track.startswith(b"OggS")
        assert b"OpusHead" in track[:200]
        await begin(ben)
        again = await ben.next_message()
        assert (again.kind, again.file_id) == ("voice", voice.file_id)
        media = bot.app.bot_data.runner.media  # type: ignore[union-attr]
        assert media is not None
        assert media.uploads == 1
        assert live.buttons == [[texts.PAUSE, texts.STOP]]
    async with run_bot(fake_api, database_url, clock=ManualClock(NOW), winddown=SHORT) as bot:
        cleo = await seed(bot, 9023, guide="audio")
        await begin(cleo)
        voice_again = await cleo.next_message()
        assert (voice_again.kind, voice_again.file_id) == ("voice", voice.file_id)
        assert bot.app.bot_data.runner.media.uploads == 0  # type: ignore[union-attr]
    uploads = [c for c in fake_api.calls_to("sendVoice") if isinstance(c.params["voice"], bytes)]
    assert len(uploads) == 1
    assert fake_api.calls_to("sendAnimation") == []


async def test_with_tones_the_live_message_shows_progress_only(
    fake_api: FakeBotApi, bot: Harness
) -> None:
    timer = bot.session_timer()
    ana = await seed(bot, 9024, guide="audio")
    live = await begin(ana)
    timer.advance(3)  # the end of settling in
    await ana.edited(live, texts.FOLLOW_THE_TONES)


async def test_the_guide_is_chosen_in_the_options_and_remembered(bot: Harness) -> None:
    ana = await seed(bot, 9025)
    options = await ana.ask("/winddown")
    assert options.buttons[-2] == ["✓ Text", "Tones", "Both"]
    await ana.press("Both", options)
    await ana.api.wait_until(lambda: options.buttons[-2] == ["Text", "Tones", "✓ Both"], 5)
    async with bot.sessions() as session:
        user = await session.get(User, 9025)
        assert user is not None
        assert user.guide == "both"


async def test_after_skip_for_now_the_health_question_comes_before_the_first_session(
    bot: Harness,
) -> None:
    """Skipped at /start: Start now asks it first. Skipped again: the gentle set-up,
    said in one line, and the session keeps the legs low; not asked again after."""
    ana = await seed(bot, 9031, screening=None)
    async with bot.sessions.begin() as session:
        user = await session.get(User, 9031)
        assert user is not None
        user.screening = None  # "Skip for now" at /start: asked, not answered
    async with bot.sessions.begin() as session:
        session.add(
            Schedule(
                user_id=9031,
                kind="evening",
                local_time=time(21, 30),
                next_fire_at=NOW - timedelta(seconds=5),
            )
        )
    await bot.tick()
    reminder = await ana.next_message()
    await ana.press(texts.START_NOW, reminder)
    question = await ana.next_message()
    assert question.text == texts.HEALTH_BEFORE_FIRST
    assert [texts.CONDITIONS["glaucoma"]] in question.buttons
    assert await practice(bot, 9031) == []

    await ana.press(texts.SKIP_FOR_NOW, question)
    setup = await ana.edited(question, "health check was skipped")
    assert "wall" not in setup
    await ana.press(texts.READY, question)
    await ana.edited(question, texts.SETTLE)
    [row] = await practice(bot, 9031)
    assert row.variant == "low-legs"

    await ana.press(texts.STOP, question)
    await ana.edited(question, texts.STOPPED)
    assert (await ana.next_message()).text == texts.CHECK_OUT
    again = await ana.ask("/winddown")
    assert (again.text or "").startswith("Tonight's session")  # not asked a third time


async def test_answering_the_health_question_before_the_session_goes_on_to_the_set_up(
    bot: Harness,
) -> None:
    ana = await seed(bot, 9032)
    async with bot.sessions.begin() as session:
        user = await session.get(User, 9032)
        assert user is not None
        user.screening = None
    question = await ana.ask("/winddown")
    await ana.press(texts.CONDITIONS["glaucoma"], question)
    await ana.edited(question, texts.HEALTH_BEFORE_FIRST)
    await ana.api.wait_until(lambda: "✓" in str(question.buttons), 5)
    await ana.press(texts.DONE, question)
    setup = await ana.edited(question, "keep your legs low")
    assert "health condition" in setup
