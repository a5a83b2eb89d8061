// The breathing pacer: draws the session's segments, as the bot serves them (the same
// timeline as the chat's live message and the audio guide), against the monotonic
// clock, so a slow phone shows the right phase late rather than drifting.
// `window.pacerNow` may replace the clock (milliseconds), for tests.
(() => {
  "use strict";

  const tg = window.Telegram && window.Telegram.WebApp;
  const now = typeof window.pacerNow === "function" ? window.pacerNow : () => performance.now();
  const MIN = 0.45; // the circle's scale at the bottom of a breath
  const MAX = 1.0; // and at the top
  const STILL = 0.72; // with reduced motion the circle keeps one size
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const ease = (p) => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, p)));
  const $ = (id) => document.getElementById(id);

  let plan = null; // {pattern, total, segments: [{kind, start, end, cycle}], words, tones}
  let status = "loading"; // loading, ready, running, paused, ended, stopped, failed
  let startedAt = 0; // now() at Begin
  let pausedAt = 0;
  let pausedFor = 0; // milliseconds spent paused
  let index = -1; // the segment shown
  let audio = null;
  let key = ""; // this session's own name, so a retried report is recorded once

  function initData() {
    if (tg && tg.initData) return tg.initData;
    // Outside Telegram (the playground's link): the address carries it, as in Telegram.
    return new URLSearchParams(location.hash.slice(1)).get("tgWebAppData") || "";
  }

  function api(path, options = {}) {
    const headers = { Authorization: "tma " + initData(), ...(options.headers || {}) };
    return fetch("api/" + path, { ...options, headers });
  }

  // -- the timeline ----------------------------------------------------------------------

  /** Seconds of breathing so far: the clock less the pauses. */
  function sessionTime() {
    if (status === "ready" || status === "loading") return 0;
    const until = status === "paused" ? pausedAt : now();
    return Math.max(0, (until - startedAt - pausedFor) / 1000);
  }

  function segmentAt(t) {
    const parts = plan.segments;
    for (let i = 0; i < parts.length; i++) if (t < parts[i].end) return i;
    return parts.length; // past the end
  }

  /** The circle's scale at `t`: it grows on the in-breath and shrinks on the out-breath
   * (eased, as a breath is), and keeps the size it had through a hold; small and still
   * while settling, resting or breathing naturally. */
  function scaleAt(t) {
    const parts = plan.segments;
    const i = segmentAt(t);
    const part = parts[i];
    if (!part) return MIN;
    const p = (t - part.start) / (part.end - part.start);
    if (part.kind === "in") return MIN + (MAX - MIN) * ease(p);
    if (part.kind === "out") return MAX - (MAX - MIN) * ease(p);
    if (part.kind === "hold") {
      const before = parts[i - 1];
      return before && before.kind === "in" ? MAX : MIN;
    }
    return MIN;
  }

  function words(part, i) {
    const w = plan.words;
    if (!part) return "";
    if (part.kind === "cue") return w.cues[(i - 1) % w.cues.length];
    return w[part.kind] || "";
  }

  function clockText(seconds) {
    const left = Math.max(0, Math.ceil(seconds));
    const m = Math.floor(left / 60);
    const s = String(left % 60).padStart(2, "0");
    return `${m}:${s} ${plan.words.left}`;
  }

  // -- haptics and tones -----------------------------------------------------------------

  function haptic(kind) {
    if (!$("haptics").checked || !tg || !tg.HapticFeedback) return;
    // A light tap to breathe in, a softer one to breathe out, none for a hold.
    if (kind === "in") tg.HapticFeedback.impactOccurred("light");
    else if (kind === "out") tg.HapticFeedback.impactOccurred("soft");
  }

  function tone(part, t) {
    if (!audio || !$("tones").checked) return;
    const left = part.end - t;
    if (left <= 0.05 || !["in", "out", "hold"].includes(part.kind)) return;
    // The audio guide's sound, on the same segments: a glide up and swell in, down and
    // fade out, a quiet hum through a hold.
    const { low, high, hold } = plan.tones;
    const at = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const peak = part.kind === "hold" ? 0.03 : 0.08;
    const from = { in: low, out: high, hold }[part.kind];
    const to = { in: high, out: low, hold }[part.kind];
    osc.frequency.setValueAtTime(from, at);
    osc.frequency.exponentialRampToValueAtTime(to, at + left);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.linearRampToValueAtTime(peak, at + Math.min(0.4, left / 3));
    gain.gain.setValueAtTime(peak, at + Math.max(0.4, left - 0.4));
    gain.gain.linearRampToValueAtTime(0.0001, at + left);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + left + 0.05);
  }

  // -- drawing ---------------------------------------------------------------------------

  function draw() {
    if (!plan) return;
    const t = sessionTime();
    const i = segmentAt(t);
    const part = plan.segments[i];
    if (status === "running" && i !== index) {
      index = i;
      if (part) {
        haptic(part.kind);
        tone(part, t);
      }
    }
    const scale = reducedMotion ? STILL : scaleAt(t);
    const circle = $("circle");
    circle.style.transform = `scale(${scale})`;
    if (reducedMotion && part) {
      circle.style.opacity = part.kind === "in" || part.kind === "hold" ? "0.7" : "0.4";
    }
    $("ring").style.transform = `scale(${scale})`;
    $("stage").classList.toggle("holding", Boolean(part && part.kind === "hold"));
    if (status === "running" || status === "paused") {
      $("phase").textContent = status === "paused" ? plan.words.paused : words(part, i);
      $("left").textContent = clockText(plan.total - t);
    }
    if (status === "running" && t >= plan.total) end("completed");
  }

  function frame() {
    draw();
    if (status === "running" || status === "paused") requestAnimationFrame(frame);
  }

  // -- what the person does --------------------------------------------------------------

  /** Calls a WebApp method that older Telegram versions (and the tests' stub) lack. */
  function telegram(method, ...args) {
    if (tg && typeof tg[method] === "function") {
      try {
        tg[method](...args);
      } catch (error) {
        /* unsupported in this Telegram version */
      }
    }
  }

  function show(id, on) {
    $(id).hidden = !on;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from({ length: 4 }, () => Math.random().toString(36).slice(2, 10)).join("-");
  }

  function begin() {
    key = newKey();
    startedAt = now();
    pausedFor = 0;
    index = -1;
    status = "running";
    if ($("tones").checked && window.AudioContext) audio = new AudioContext();
    $("phase").classList.remove("intro");
    show("begin", false);
    show("pause", true);
    show("stop", true);
    $("pause").textContent = plan.words.pause;
    $("message").textContent = "";
    keepAwake(true);
    // Eyes closed, a thumb resting on the screen: a swipe must not close the page.
    telegram("disableVerticalSwipes");
    telegram("enableClosingConfirmation");
    requestAnimationFrame(frame);
    draw();
  }

  function togglePause() {
    if (status === "running") {
      pausedAt = now();
      status = "paused";
      $("pause").textContent = plan.words.resume;
      if (audio) audio.suspend();
    } else if (status === "paused") {
      pausedFor += now() - pausedAt;
      status = "running";
      $("pause").textContent = plan.words.pause;
      if (audio) audio.resume();
    }
    draw();
  }

  function end(outcome) {
    if (status !== "running" && status !== "paused") return;
    const breathed = sessionTime();
    const wall = ((status === "paused" ? pausedAt : now()) - startedAt) / 1000;
    status = outcome === "completed" ? "ended" : "stopped";
    show("pause", false);
    show("stop", false);
    $("stage").classList.remove("holding");
    $("phase").textContent = "";
    $("left").textContent = "";
    $("message").textContent = outcome === "completed" ? plan.words.end : plan.words.stopped;
    if (audio) audio.close();
    audio = null;
    keepAwake(false);
    telegram("disableClosingConfirmation");
    telegram("enableVerticalSwipes");
    const body = {
      pattern: plan.pattern,
      seconds: plan.total,
      elapsed: Math.max(wall, breathed),
      outcome,
      key,
    };
    api("finish", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then((response) => {
        $("message").textContent +=
          "\n" + (response.ok ? plan.words.saved : plan.words.not_saved);
        window.pacer.posted = { status: response.status, body };
      })
      .catch(() => {
        $("message").textContent += "\n" + plan.words.not_saved;
      });
  }

  let wakeLock = null;
  function keepAwake(on) {
    if (on && navigator.wakeLock) {
      navigator.wakeLock.request("screen").then((lock) => (wakeLock = lock), () => {});
    } else if (!on && wakeLock) {
      wakeLock.release().catch(() => {});
      wakeLock = null;
    }
  }

  // -- start -----------------------------------------------------------------------------

  function applyTheme() {
    if (!tg) return;
    const theme = tg.themeParams || {};
    const root = document.documentElement.style;
    // Dark whatever the theme, for bedtime; its own colours where it is dark already.
    if (tg.colorScheme === "dark") {
      if (theme.bg_color) root.setProperty("--bg", theme.bg_color);
      if (theme.text_color) root.setProperty("--fg", theme.text_color);
    }
    if (theme.button_color) root.setProperty("--accent", theme.button_color);
    const bg = getComputedStyle(document.documentElement).getPropertyValue("--bg").trim();
    telegram("setHeaderColor", bg);
    telegram("setBackgroundColor", bg);
  }

  async function load() {
    if (tg) {
      telegram("ready");
      telegram("expand");
      applyTheme();
      if (typeof tg.onEvent === "function") tg.onEvent("themeChanged", applyTheme);
    }
    let response;
    try {
      response = await api("session");
    } catch (error) {
      status = "failed";
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      status = "failed";
      $("message").textContent = body.error || "";
      return;
    }
    plan = body;
    const w = plan.words;
    $("begin").textContent = w.begin;
    $("stop").textContent = w.stop;
    $("haptics-label").textContent = w.haptics;
    $("tones-label").textContent = w.tones;
    $("phase").textContent = plan.pattern_name;
    $("phase").classList.add("intro");
    $("left").textContent = clockText(plan.total);
    $("begin").disabled = false;
    status = "ready";
    draw();
  }

  $("begin").addEventListener("click", begin);
  $("pause").addEventListener("click", togglePause);
  $("stop").addEventListener("click", () => end("stopped"));

  // For tests and the curious: draw now, and read what is shown.
  window.pacer = {
    tick: draw,
    state: () => ({ status, index, time: plan ? sessionTime() : 0 }),
    loaded: load(),
  };
})();
