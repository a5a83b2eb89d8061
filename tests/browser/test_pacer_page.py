"""The pacer page in a real browser: Debian's chromium, headless, driven through its
chromedriver by selenium, against the real bot and its web server.

Telegram's WebApp object is a stub put in before the page's own scripts (it records the
haptic calls), and Telegram's script is blocked, so nothing leaves the machine. The
page's clock is a virtual one (`window.pacerNow`), moved by the test, so what is checked
is what the page draws at each instant, never how fast anything ran.

Set PACER_SCREENSHOTS=docs to write the screenshots of the README there.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import ManualClock
from bot.config import HttpSettings, MiniappSettings, WinddownSettings
from bot.devtools.fake_bot_api import FakeBotApi
from bot.miniapp.initdata import sign
from bot.models import PracticeSession
from bot.winddown import audio
from bot.winddown.breathing import PATTERNS, Segment, segments
from tests.conftest import TOKEN, Harness, onboarded_user, run_bot

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
    ),
]

NOW = datetime(2026, 7, 1, 19, 30, 5, tzinfo=UTC)  # 21:30:05 in Berlin
URL = "https://pacer.example.org/miniapp/"
ANA = 9201
PATTERN = "4-7-8"
TOTAL, SETTLE = 60, 3.0  # settle 3 s, three 19-second cycles of 4-7-8
PARTS = segments(PATTERNS[PATTERN], TOTAL, SETTLE)
THEME = {"bg_color": "#101418", "text_color": "#c8ccd4", "button_color": "#4a7bb0"}
MIN, MAX, STILL = 0.45, 1.0, 0.72  # the page's circle: bottom and top of a breath
FRAME = 1 / 60  # one animation frame, in seconds
STEP = 0.137  # the virtual clock's step: never in tune with the segments' edges

STUB = """
window.__now = 0;
window.__haptics = [];
const tap = (kind, style) => window.__haptics.push({kind, style, t: window.__now / 1000});
window.pacerNow = () => window.__now;
// Web Audio, recording each tone the page schedules: its glide and its length.
window.__tones = [];
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createOscillator() {
    const tone = {};
    return {
      frequency: {
        setValueAtTime(hz) { tone.from = hz; },
        exponentialRampToValueAtTime(hz, at) { tone.to = hz; tone.seconds = at; },
      },
      connect: (node) => node,
      start() { window.__tones.push({...tone, t: window.__now / 1000}); },
      stop() {},
    };
  }
  createGain() {
    return {gain: {setValueAtTime() {}, linearRampToValueAtTime() {}}, connect: (n) => n};
  }
  suspend() {} resume() {} close() {}
};
window.Telegram = { WebApp: {
  initData: %(init_data)s,
  colorScheme: "dark",
  themeParams: %(theme)s,
  ready() {}, expand() {}, setHeaderColor() {}, setBackgroundColor() {},
  HapticFeedback: {
    impactOccurred(style) { tap("impact", style); },
    notificationOccurred(type) { tap("notification", type); },
    selectionChanged() { tap("selection", null); },
  },
} };
"""

# Moves the virtual clock to each instant given (seconds from Begin), draws, and reads
# the circle's drawn size (its box on screen over its unscaled width) and the words.
SAMPLE = """
const [instants, origin] = arguments;
const circle = document.getElementById("circle");
const stage = document.getElementById("stage");
const out = [];
for (const t of instants) {
  window.__now = origin + t * 1000;
  window.pacer.tick();
  out.push({
    t,
    scale: circle.getBoundingClientRect().width / stage.getBoundingClientRect().width,
    holding: document.getElementById("stage").classList.contains("holding"),
    phase: document.getElementById("phase").textContent,
    left: document.getElementById("left").textContent,
    status: window.pacer.state().status,
  });
}
return out;
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ease(p: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, p)))


def expected_scale(t: float, parts: list[Segment] = PARTS) -> float:
    """The size the timeline asks for at t: growing in, shrinking out, still in a hold."""
    for n, part in enumerate(parts):
        if t < part.end:
            p = (t - part.start) / (part.end - part.start)
            if part.kind == "in":
                return MIN + (MAX - MIN) * ease(p)
            if part.kind == "out":
                return MAX - (MAX - MIN) * ease(p)
            if part.kind == "hold":
                return MAX if parts[n - 1].kind == "in" else MIN
            return MIN
    return MIN


class Page:
    """The browser, driven from a thread: the bot serving the page shares the test's
    event loop, so the test must never block it."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    async def run(self, script: str, *args: Any) -> Any:
        return await asyncio.to_thread(self.driver.execute_script, script, *args)

    async def open(self, url: str) -> None:
        await asyncio.to_thread(self.driver.get, url)
        await asyncio.to_thread(
            self.driver.execute_async_script,
            "const done = arguments[0]; window.pacer.loaded.then(() => done(true));",
        )

    async def click(self, element_id: str) -> None:
        await self.run(f"document.getElementById({element_id!r}).click();")

    async def text(self, element_id: str) -> str:
        return str(await self.run(f"return document.getElementById({element_id!r}).innerText;"))

    async def sample(self, instants: list[float], origin: float = 0.0) -> list[dict[str, Any]]:
        return list(await self.run(SAMPLE, instants, origin * 1000))

    async def screenshot(self, name: str) -> None:
        folder = os.environ.get("PACER_SCREENSHOTS")
        if folder:
            path = Path(folder) / name
            await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
            await asyncio.to_thread(self.driver.save_screenshot, str(path))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def pacer_bot(
    fake_api: FakeBotApi, database_url: str, clock: ManualClock
) -> AsyncIterator[Harness]:
    async with run_bot(
        fake_api,
        database_url,
        clock=clock,
        winddown=WinddownSettings(lengths_seconds=(TOTAL,), settle_seconds=SETTLE),
        http=HttpSettings(port=free_port()),
        miniapp=MiniappSettings(url=URL),
    ) as harness:
        async with harness.sessions.begin() as session:
            session.add(onboarded_user(ANA, NOW, session_seconds=TOTAL, breath_pattern=PATTERN))
        yield harness


def _driver(reduced_motion: bool, in_telegram: bool) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=390,760",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_script_timeout(20)
        # Telegram's script never loads here: nothing leaves the machine.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*telegram.org*"]})
        stub = STUB % {
            "init_data": json.dumps(sign(TOKEN, ANA, "Ana", NOW)),
            "theme": json.dumps(THEME),
        }
        if in_telegram:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": stub})
        if reduced_motion:
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
            )
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def reduced_motion() -> bool:
    return False


@pytest.fixture
def in_telegram() -> bool:
    """False: an ordinary browser, no WebApp object, as the playground's link opens it."""
    return True


@pytest.fixture
async def page(pacer_bot: Harness, reduced_motion: bool, in_telegram: bool) -> AsyncIterator[Page]:
    drivers = _driver(reduced_motion, in_telegram)
    driver = await asyncio.to_thread(next, drivers)
    try:
        page = Page(driver)
        address = f"http://127.0.0.1:{pacer_bot.settings.http_port}/miniapp/"
        if not in_telegram:
            address += "#tgWebAppData=" + quote(sign(TOKEN, ANA, "Ana", NOW), safe="")
        await page.open(address)
        yield page
    finally:
        await asyncio.to_thread(drivers.close)


def instants(until: float, start: float = 0.0) -> list[float]:
    count = int((until - start) / STEP)
    return [round(start + n * STEP, 6) for n in range(count + 1)]


def within_a_frame(sample: dict[str, Any], offset: float = 0.0) -> None:
    t = sample["t"] - offset
    here = expected_scale(t)
    slack = max(abs(expected_scale(t + d) - here) for d in (-FRAME, FRAME)) + 0.002
    assert abs(sample["scale"] - here) <= slack, (sample, here)


async def test_the_page_loads_with_the_theme_and_the_session(page: Page) -> None:
    assert await page.text("phase") == texts.PATTERN_NAMES[PATTERN]
    assert await page.text("left") == "1:00 left"
    assert await page.text("begin") == texts.MINIAPP_WORDS["begin"]
    accent = await page.run(
        "return getComputedStyle(document.documentElement).getPropertyValue('--accent');"
    )
    assert accent.strip() == THEME["button_color"]
    background = await page.run("return getComputedStyle(document.body).backgroundColor;")
    assert background == "rgb(16, 20, 24)"  # THEME's bg_color: the theme is dark
    # Large touch targets: every button shown at least 48 px tall.
    heights = await page.run(
        "return [...document.querySelectorAll('button')]"
        ".filter(b => !b.hidden).map(b => b.offsetHeight);"
    )
    assert min(heights) >= 48
    # All of it on one phone screen, nothing to scroll to.
    assert await page.run("return document.documentElement.scrollHeight <= innerHeight;")


async def test_the_circle_follows_the_timeline_and_the_taps_come_at_phase_changes(
    page: Page,
) -> None:
    await page.click("begin")
    samples = await page.sample(instants(TOTAL - 0.01))
    for sample in samples:
        within_a_frame(sample)
    # Still through every hold (a ring shown), moving otherwise in the paced part.
    for sample in samples:
        part = next(p for p in PARTS if sample["t"] < p.end)
        assert sample["holding"] == (part.kind == "hold"), sample
        assert sample["phase"] == texts.MINIAPP_WORDS.get(part.kind, sample["phase"])

    taps = await page.run("return window.__haptics;")
    changes = [p for p in PARTS if p.kind in ("in", "out")]
    assert [tap["style"] for tap in taps] == [
        "light" if p.kind == "in" else "soft" for p in changes
    ]
    for tap, part in zip(taps, changes, strict=True):
        assert part.start <= tap["t"] < part.start + STEP + 1e-6, (tap, part)
    holds = [p for p in PARTS if p.kind == "hold"]
    assert holds
    assert not [tap for tap in taps for h in holds if h.start <= tap["t"] < h.end]


async def test_taps_can_be_turned_off(page: Page) -> None:
    await page.click("haptics")
    await page.click("begin")
    await page.sample(instants(30))
    assert await page.run("return window.__haptics;") == []


async def test_pause_holds_the_circle_and_the_clock(page: Page) -> None:
    await page.click("begin")
    (before,) = await page.sample([5.0])  # halfway through the first in-breath (3–7 s)
    await page.click("pause")
    paused = await page.sample(instants(35.0, 5.0))
    for sample in paused:
        assert sample["scale"] == pytest.approx(before["scale"], abs=1e-9)
        assert sample["left"] == before["left"]
        assert sample["phase"] == texts.MINIAPP_WORDS["paused"]
    taps_while_paused = await page.run("return window.__haptics.filter(h => h.t > 5.0);")
    assert taps_while_paused == []

    await page.run("window.__now = 35000;")
    await page.click("pause")  # Resume, 30 s later: the session goes on from 5 s
    resumed = await page.sample(instants(55.0, 35.0))
    for sample in resumed:
        within_a_frame(sample, offset=30.0)
    for sample in resumed:
        assert sample["left"] == f"0:{math.ceil(TOTAL - (sample['t'] - 30.0)):02d} left"


async def test_the_finished_session_is_posted_and_recorded(pacer_bot: Harness, page: Page) -> None:
    await page.click("begin")
    samples = await page.sample([*instants(TOTAL, TOTAL - 1), TOTAL + 0.2])
    assert samples[-1]["status"] == "ended"
    posted = await asyncio.to_thread(
        page.driver.execute_async_script,
        """const done = arguments[0];
        const wait = () => window.pacer.posted ? done(window.pacer.posted) : setTimeout(wait, 20);
        wait();""",
    )
    assert posted["status"] == 200
    key = posted["body"].pop("key")
    assert isinstance(key, str)  # the page names the session it reports
    assert len(key) >= 8
    assert posted["body"] == {
        "pattern": PATTERN,
        "seconds": TOTAL,
        "elapsed": pytest.approx(TOTAL + 0.2),
        "outcome": "completed",
    }
    assert texts.MINIAPP_WORDS["saved"] in await page.text("message")
    async with pacer_bot.sessions() as session:
        (row,) = (await session.scalars(select(PracticeSession))).all()
    assert (row.user_id, row.night, row.outcome) == (ANA, date(2026, 7, 1), "completed")
    assert (row.breath_pattern, row.planned_seconds, row.actual_seconds) == (PATTERN, 60, 60)
    line = await pacer_bot.user(ANA).next_message()
    assert line.text == texts.miniapp_recorded(60, texts.PATTERN_NAMES[PATTERN], True)


async def test_a_stopped_session_is_posted_as_stopped(pacer_bot: Harness, page: Page) -> None:
    await page.click("begin")
    await page.sample(instants(12.0))
    await page.click("stop")
    posted = await asyncio.to_thread(
        page.driver.execute_async_script,
        """const done = arguments[0];
        const wait = () => window.pacer.posted ? done(window.pacer.posted) : setTimeout(wait, 20);
        wait();""",
    )
    assert (posted["status"], posted["body"]["outcome"]) == (200, "stopped")
    async with pacer_bot.sessions() as session:
        (row,) = (await session.scalars(select(PracticeSession))).all()
    assert (row.outcome, row.actual_seconds) == ("stopped", 12)


async def test_screenshots_at_the_top_of_an_in_breath_and_in_a_hold(page: Page) -> None:
    await page.click("begin")
    top_of_in = PARTS[1].end - 0.001  # the first in-breath, just before the hold
    (top,) = await page.sample([top_of_in])
    assert top["scale"] == pytest.approx(MAX, abs=0.001)
    await page.screenshot("pacer-top-of-in-breath.png")
    (held,) = await page.sample([PARTS[2].start + 3.0])
    assert held["holding"]
    assert held["phase"] == texts.PHASE_WORDS["hold"]
    await page.screenshot("pacer-hold.png")


@pytest.mark.parametrize("reduced_motion", [True])
async def test_reduced_motion_keeps_the_circle_one_size(page: Page, reduced_motion: bool) -> None:
    await page.click("begin")
    samples = await page.sample(instants(30))
    # (Within the 1/64 px the browser lays boxes out in.)
    assert all(s["scale"] == pytest.approx(STILL, abs=0.002) for s in samples)
    # The words still change with the breath.
    assert {s["phase"] for s in samples} >= {texts.PHASE_WORDS[k] for k in ("in", "hold", "out")}


@pytest.mark.parametrize("in_telegram", [False])
async def test_outside_telegram_the_address_carries_the_init_data(
    page: Page, in_telegram: bool
) -> None:
    """The playground's link: no WebApp object (Telegram's script cannot load here), the
    init data in the address as Telegram puts it. The page loads the session, and runs on
    the browser's own clock without taps."""
    assert await page.run("return typeof window.Telegram;") == "undefined"
    assert await page.text("phase") == texts.PATTERN_NAMES[PATTERN]
    assert await page.run("return document.getElementById('begin').disabled;") is False
    await page.click("begin")
    assert await page.run("return window.pacer.state().status;") == "running"


async def test_tones_follow_the_same_timeline_as_the_audio_guide(page: Page) -> None:
    await page.click("tones")
    await page.click("begin")
    await page.sample(instants(TOTAL - 0.01))
    tones = await page.run("return window.__tones;")
    paced = [p for p in PARTS if p.kind in ("in", "hold", "out")]
    glides = {"in": (audio.LOW, audio.HIGH), "out": (audio.HIGH, audio.LOW)}
    assert len(tones) == len(paced)
    for tone, part in zip(tones, paced, strict=True):
        assert part.start <= tone["t"] < part.start + STEP + 1e-6, (tone, part)
        assert (tone["from"], tone["to"]) == glides.get(part.kind, (audio.HOLD, audio.HOLD))
        # It lasts until the segment's end, wherever in it the frame fell.
        assert tone["seconds"] == pytest.approx(part.end - tone["t"], abs=1e-6)
