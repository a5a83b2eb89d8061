"""Every sentence the bot says, in one place (ready for translation).

Voice: short, warm, plain, second person; at most one emoji a message; no exclamation
marks after dark; no guilt. Messages are HTML (the application's default parse mode), so
anything a user typed must pass through `html.escape` before it is put in here.
"""

from __future__ import annotations

from html import escape

from bot.scheduling import rule
from bot.vocab import BreathPattern, Condition, Guide, SleepLatency, Wakings

# The command menu published with setMyCommands, in the order people need them.
COMMANDS: list[tuple[str, str]] = [
    ("start", "Begin, or see where you are"),
    ("winddown", "A guided legs-up-the-wall session"),
    ("remind", "See or change your evening reminder"),
    ("pause", "Pause reminders for a few days"),
    ("resume", "Start reminders again"),
    ("timezone", "See or change your time zone"),
    ("morning", "See or change the morning sleep question"),
    ("sleep", "Note how you slept"),
    ("week", "Your last seven nights, with a chart"),
    ("ask", "Ask me a question about the pose"),
    ("topics", "Browse questions by topic"),
    ("settings", "Everything in one place"),
    ("privacy", "What I keep about you"),
    ("export", "All your data, as files"),
    ("delete", "Delete all your data"),
    ("cancel", "Stop what we were doing"),
    ("help", "What I can do"),
]

NOT_MEDICAL_ADVICE = (
    "I'm here for relaxation, not medical advice. If you have a health condition, "
    "please check with a clinician before trying new poses."
)


def unknown_command(command: str) -> str:
    return (
        f"I don't know the command {escape(command[:40])}. Send /help to see the ones I understand."
    )


PRIVATE_ONLY = (
    "I only chat one to one, so what you tell me stays between us. "
    "Open a private chat with me and send /start there."
)
NOT_TEXT = "I can only read text and button taps. Send /help to see what I can do."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."


# -- onboarding -------------------------------------------------------------------------

CONSENT = (
    "Before we start: I guide relaxation, and I'm not a substitute for medical advice. "
    "If something feels wrong, stop and come out of the pose."
)
CONSENT_BUTTON = "I understand"

SCREENING = (
    "Legs up the wall is a gentle inversion: your legs rest higher than your heart. "
    "Do any of these apply to you? Tap all that do, then Done."
)
CONDITIONS: dict[Condition, str] = {
    Condition.GLAUCOMA: "Glaucoma",
    Condition.HEART: "A heart condition",
    Condition.BLOOD_PRESSURE: "High blood pressure",
    Condition.PREGNANCY: "Late-stage pregnancy",
    Condition.HIP_BACK: "A hip or lower-back injury",
    Condition.SWELLING: "Venous insufficiency or a lot of swelling",
}
# Why each matters, in the source's own measure: inversions are "typically advised
# against" for the first four; hip and lower-back injuries may make the position
# uncomfortable or unsuitable without changes; with venous insufficiency or significant
# swelling it may bring relief or be contraindicated, which needs individual guidance.
CONDITION_WHY: dict[Condition, str] = {
    Condition.GLAUCOMA: "people with glaucoma are usually advised to avoid inversions",
    Condition.HEART: "people with some heart conditions are usually advised to avoid inversions",
    Condition.BLOOD_PRESSURE: "people with high blood pressure are usually advised to avoid "
    "inversions",
    Condition.PREGNANCY: "in late pregnancy, inversions are usually advised against",
    Condition.HIP_BACK: "with a hip or lower-back injury the position can be uncomfortable or "
    "unsuitable without changes",
    Condition.SWELLING: "with chronic venous insufficiency or a lot of swelling, raising the "
    "legs may help or may not suit you, and that needs advice for you in particular",
}
NONE_OF_THESE = "None of these"
DONE = "Done"
SKIP_FOR_NOW = "Skip for now"
SCREENING_CLEAR = "Thank you. Nothing on the list, so the full pose is open to you."
SCREENING_SKIPPED = (
    "That's fine. Before your first session I'll ask again, so I only guide you into the "
    "pose when you've said it's right for you. You can answer any time in /settings."
)


def screening_flagged(codes: list[str]) -> str:
    reasons = "; ".join(CONDITION_WHY[c] for c in codes if c in CONDITION_WHY)
    return (
        f"Thank you for telling me. {reasons[:1].upper()}{reasons[1:]}. "
        "Please check with a clinician before trying the inversion; they know your "
        "situation and I don't.\n\n"
        "Until then I'll guide you through a version that keeps your legs low: lying "
        "down, knees bent or legs flat, with the same calm breathing. You can change "
        "your answers any time in /settings."
    )


ZONE_QUESTION = (
    "Which time zone are you in? So your reminder comes at your evening, not mine.\n\n"
    "Tap <b>Share location</b> below, or type your city (like <i>Lisbon</i>) or a time "
    "zone (like <i>Europe/Lisbon</i>)."
)
SHARE_LOCATION = "📍 Share location"
ZONE_UNKNOWN = (
    "I couldn't place that. Try a nearby city (<i>Munich</i>, <i>Chicago</i>), a time "
    "zone (<i>America/Chicago</i>) or, as a last resort, an offset like <i>UTC+2</i>."
)
ZONE_CHOOSE = "Which one do you mean?"


def zone_now(zone_name: str) -> str:
    return f"Your time zone is {zone_name}."


ZONE_FIXED_OFFSET_WARNING = (
    "Noted. A plain offset doesn't follow daylight saving, so twice a year your "
    "reminder may be an hour off. A city fixes that: send /timezone any time."
)


def zone_set(place: str, zone_name: str, local_now: str) -> str:
    shown = escape(place) if place == zone_name else f"{escape(place)} ({zone_name})"
    return f"Time zone set: {shown}. It's {local_now} there now."


EVENING_QUESTION = (
    "When would you like your evening reminder? Pick a time or type one, like "
    "<i>21:45</i> or <i>9:45pm</i>."
)
NOT_NOW = "Not now"
TIME_NOT_UNDERSTOOD = (
    "I didn't catch a time there. Try something like <i>21:30</i>, <i>9:30pm</i> or <i>21.30</i>."
)


def evening_summary(time_text: str, days_text: str, weekend_text: str | None) -> str:
    weekend = f", and {weekend_text} at weekends" if weekend_text else ""
    return (
        f"Your reminder: <b>{time_text}</b> {days_text}{weekend}.\n\n"
        "Change the days or the weekend time below, or tap Done."
    )


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def describe_days(weekdays: int) -> str:
    if weekdays & rule.EVERY_DAY == rule.EVERY_DAY:
        return "every day"
    if weekdays == rule.WEEKDAYS:
        return "on weekdays"
    if weekdays == rule.WEEKEND:
        return "at weekends"
    return "on " + ", ".join(name for bit, name in enumerate(DAY_NAMES) if weekdays >> bit & 1)


EVERY_DAY = "Every day"
WEEKDAYS_ONLY = "Weekdays"
CHOOSE_DAYS = "Choose days"
WEEKEND_DIFFERENT = "Different time at weekends"
WEEKEND_SAME = "Same time at weekends"
WEEKEND_QUESTION = "What time at weekends? Pick one or type it."
DAYS_QUESTION = "Tap the days you'd like a reminder, then Done."
NO_DAYS = "Pick at least one day, or tap Not now to turn reminders off."


def all_set(summary: str) -> str:
    return (
        f"You're all set.\n\n{summary}\n\n"
        "When the reminder comes, tap <b>Start now</b> for a guided session. "
        "Everything can be changed later in /settings."
    )


REMINDERS_OFF_CHOSEN = "No reminders for now. Send /remind when you'd like one."


# -- settings ---------------------------------------------------------------------------


SETTINGS_HEADER = "Your settings:"
CHANGE_TIME = "Change time"
CHANGE_DAYS = "Change days"
CHANGE_ZONE = "Change time zone"
CHANGE_SCREENING = "Update health answers"
SCREENING_NONE_TEXT = "nothing to watch out for"
SCREENING_UNANSWERED = "not answered yet"


def screening_text(codes: list[str] | None, answered: bool) -> str:
    if not answered or codes is None:
        return SCREENING_UNANSWERED
    if not codes:
        return SCREENING_NONE_TEXT
    return ", ".join(CONDITIONS[c].lower() for c in codes if c in CONDITIONS)


CANCELLED = "Okay, stopped. Nothing was changed."
NOTHING_TO_CANCEL = "There was nothing to stop. Send /help to see what I can do."
STALE_BUTTON = "That button has expired. Send /settings to see where things stand."
NEED_START = "Send /start first, so I know your time zone."

# -- reminders --------------------------------------------------------------------------

# A different line each night; chosen by the night, so one evening's message is stable.
REMINDER_LINES = (
    "It's your wind-down time: {minutes} quiet minutes, legs up the wall?",
    "Evening check-in: a good moment to let the day settle.",
    "Time to slow down. The wall is ready when you are.",
    "Your evening pause is here. A few calm breaths, legs resting up.",
    "The day is nearly done. Shall we wind down together?",
    "A gentle nudge: time for your legs-up-the-wall moment.",
    "Here's your reminder to rest a little before sleep.",
)
START_NOW = "Start now"


def snooze_button(minutes: float) -> str:
    return f"Snooze {minutes:g} min"


SKIP_TONIGHT = "Skip tonight"
SNOOZED = "Okay, I'll remind you again in {minutes} minutes."
SKIPPED = "Okay, no more reminders tonight. Rest well."
OLD_REMINDER = "That reminder was for an earlier evening, so I left things as they are."


def with_note(message_text: str, note: str) -> str:
    """A message the bot sent, with what became of it underneath."""
    return f"{escape(message_text)}\n\n<i>{note}</i>"


def remind_status(
    time_text: str | None, days_text: str, weekend_text: str | None, paused_text: str | None
) -> str:
    if time_text is None:
        return "Your evening reminder is off. Send /remind 21:30 (or any time) to set one."
    weekend = f", {weekend_text} at weekends" if weekend_text else ""
    paused = f"\n{paused_text}" if paused_text else ""
    return (
        f"Your evening reminder: <b>{time_text}</b> {days_text}{weekend}.{paused}\n\n"
        "Change it with /remind 21:45, turn it off with /remind off."
    )


REMIND_USAGE = (
    "To set your reminder, send a time: /remind 21:30, /remind 9:30pm or "
    "/remind 21.30. Or /remind off, /remind on."
)


def reminder_set(time_text: str, tonight: bool) -> str:
    when = "starting tonight" if tonight else "starting tomorrow"
    return f"Done: your reminder is at <b>{time_text}</b>, {when}."


REMINDER_OFF = "Evening reminders are off. /remind on brings them back."
REMINDER_ON = "Evening reminders are back on."
PAUSE_USAGE = "How many days? For example /pause 3 (up to 60)."


def paused_until(day_text: str) -> str:
    return f"Reminders paused. They'll start again on {day_text}. /resume ends the pause early."


def paused_note(day_text: str) -> str:
    return f"Paused until {day_text}."


RESUMED = "Welcome back. Reminders are on again."
NOT_PAUSED = "Reminders aren't paused. /pause 3 pauses them for three days."


# -- the guided session -----------------------------------------------------------------

PATTERN_NAMES: dict[BreathPattern, str] = {
    BreathPattern.EXHALE_4_6: "Longer exhale (in 4, out 6)",
    BreathPattern.FOUR_SEVEN_EIGHT: "4-7-8 (in 4, hold 7, out 8)",
    BreathPattern.COHERENT: "Even (in 5.5, out 5.5)",
    BreathPattern.NATURAL: "Natural breathing",
}
PHASE_WORDS = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out"}
CUES = (
    "Soften your jaw.",
    "Notice the weight of your legs resting.",
    "Let the out-breath be a little longer.",
    "Let your shoulders sink into the floor.",
)
SETTLE = "Settle in. Breathe naturally and let the floor hold you."
REST = "Let the breath find its own rhythm. Just rest."
WITH_THE_RHYTHM = "Breathe with the rhythm:"


def session_options(length_text: str, pattern_name: str) -> str:
    return (
        f"Tonight's session: <b>{length_text}</b>, {pattern_name.lower()}.\n\n"
        "Change either below, then tap Start."
    )


def minutes_text(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds >= 60 and seconds % 60 == 0 else f"{seconds} s"


START = "Start"
READY = "Ready"
PAUSE = "Pause"
RESUME = "Resume"
STOP = "Stop"
CONTINUE = "Continue"
RESTART = "Start again"
SETUP_INVERSION = (
    "Getting into the pose:\n"
    "1. Sit sideways with one hip close to the wall.\n"
    "2. Lie back as you swing your legs up the wall.\n"
    "3. Keep your torso flat; a folded blanket under the hips is optional.\n"
    "4. Let your arms rest by your sides, palms up.\n\n"
    "Tap Ready when you're settled."
)
# In pregnancy the resting position is for the midwife or doctor to say, not for us.
SETUP_LOW_LEGS_PREGNANCY = (
    "Tonight we'll keep your legs low, as you told me you're pregnant.\n"
    "1. Settle into a resting position your midwife or doctor is happy with for you.\n"
    "2. Use pillows wherever they make you comfortable.\n"
    "3. Let your shoulders and arms go soft.\n\n"
    "Tap Ready when you're settled."
)
SETUP_LOW_LEGS = (
    "Tonight we'll keep your legs low, as you told me about a health condition.\n"
    "1. Lie on your back on the floor or bed.\n"
    "2. Bend your knees with feet flat, or rest your legs straight.\n"
    "3. A pillow under the knees is fine.\n"
    "4. Let your arms rest by your sides.\n\n"
    "Tap Ready when you're settled."
)
SCREEN_FIRST = (
    "Before your first session, one quick question, so I guide you safely. "
    "Tap what applies, then Done."
)
SESSION_RUNNING = "You have a session going. Continue it, or start again?"
PAUSED = "Paused. Tap Resume when you're ready."
COMING_OUT = (
    "Time to come out, slowly.\n"
    "Bend your knees, roll onto one side and rest there for a few breaths. "
    "Then sit up gently."
)
STOPPED = "Session stopped. Come out slowly: bend your knees, roll to one side, rest."
CHECK_OUT = "How do you feel now, from 1 (restless) to 5 (calm)? (optional)"
FEELINGS = ("1", "2", "3", "4", "5")
CHECK_OUT_THANKS = "Thank you. Sleep well."
INTERRUPTED = (
    "Sorry, your session was interrupted on my side. Come out slowly: bend your knees, "
    "roll to one side and rest. You can start again whenever you like."
)


# -- privacy, export and delete -------------------------------------------------------------

PRIVACY = (
    "<b>Your data</b>\n"
    "What I keep: your Telegram id and chat, language, time zone, your health-check "
    "answers, your reminder, morning and weekly settings, your sessions (when, how long, "
    "which breath pattern, how you felt after) and your sleep ratings.\n"
    "Why: to remind you at your time, guide you safely and show you your week. Nothing "
    "else, and nothing is shared or sold.\n"
    "I don't keep what you write. Questions I can't answer are kept without your name, "
    "so the answers can be improved.\n"
    "How long: until you delete it. /export sends you all of it; /delete removes all "
    "of it.\n"
    "Who can see it: the people who run this bot can read its database."
)
DELETE_CONFIRM = (
    "This removes everything I keep about you: settings, reminders, sessions and sleep "
    "ratings. It can't be undone. (/export first if you'd like a copy.) Delete it all?"
)
DELETE_YES = "Yes, delete everything"
DELETE_NO = "No, keep it"
DELETED = "Done: everything about you is deleted. If you ever want to start again, send /start."
DELETE_KEPT = "Okay, nothing was deleted."
NOTHING_TO_DELETE = "I don't keep anything about you. /start begins afresh."
EXPORT_CAPTION = "All I keep about you, as JSON. Your nights are in the CSV file."
NOTHING_TO_EXPORT = "I don't keep anything about you yet. /start begins."


# -- admin ------------------------------------------------------------------------------


def stats(
    users: int,
    active: int,
    sessions: int,
    average_rating: float | None,
    delivered: int,
    failed: int,
    unanswered: int,
) -> str:
    rating = "none yet" if average_rating is None else f"{average_rating:.2f}"
    return (
        "<b>This week</b> (last 7 days)\n"
        f"Users: {users} in all, {active} active\n"
        f"Sessions: {sessions}\n"
        f"Average sleep rating: {rating}\n"
        f"Unanswered questions: {unanswered}\n\n"
        f"<b>Since start</b>\nMessages delivered: {delivered}, failed: {failed}"
    )


# -- sleep ----------------------------------------------------------------------------

# The Consensus Sleep Diary's sleep quality scale, 1 to 5.
SLEEP_SCALE = ("Very poor", "Poor", "Fair", "Good", "Very good")
# Answer buckets of the two follow-ups, by the code stored for each.
SLEEP_LATENCY: dict[SleepLatency, str] = {
    SleepLatency.UNDER_15: "Under 15 min",
    SleepLatency.FROM_15_TO_30: "15–30",
    SleepLatency.FROM_30_TO_60: "30–60",
    SleepLatency.OVER_60: "Over 60",
}
SLEEP_WAKINGS: dict[Wakings, str] = {
    Wakings.NONE: "0",
    Wakings.ONCE: "1",
    Wakings.TWICE: "2",
    Wakings.MORE: "3+",
}
THE_NIGHT_BEFORE = "The night before"
SKIP = "Skip"


def sleep_question(day_text: str, morning: bool) -> str:
    opening = "Good morning. " if morning else ""
    return f"{opening}How did you sleep on the night of {day_text}?"


def sleep_rated(label: str, day_text: str, replaced_label: str | None) -> str:
    text = f"Noted: <b>{label}</b> for the night of {day_text}."
    if replaced_label is not None:
        text += f" (This replaces your earlier answer, {replaced_label}.)"
    return text


LATENCY_QUESTION = "How long did it take you to fall asleep? (optional)"
WAKINGS_QUESTION = "How many times did you wake up in the night? (optional)"
SLEEP_DONE = "Thank you. /week shows how your nights are going."
OLD_SLEEP_BUTTON = "That question is too old to answer now. /sleep rates a recent night."
RATE_FIRST = "Rate the night first, then the details."


def morning_status(time_text: str | None) -> str:
    if time_text is None:
        return "The morning sleep question is off. /morning on brings it back."
    return (
        f"I ask how you slept at {time_text} each morning, if you've been here in the last "
        "week. /morning 07:15 changes the time; /morning off stops it."
    )


MORNING_USAGE = (
    "I didn't catch a time there. Try /morning 07:15, /morning 7:15am, /morning off or /morning on."
)
MORNING_OFF = "No more morning questions. /morning on brings them back; /sleep works any time."


def morning_set(time_text: str) -> str:
    return f"Done: I'll ask how you slept at {time_text}."


# -- weekly summary -----------------------------------------------------------------------


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 night", "2 nights", "0 check-outs": a number with its noun in the right form
    (`many` for nouns whose plural is not `one` + "s")."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def week_heading(first_text: str, last_text: str) -> str:
    return f"<b>Your week</b>, nights of {first_text} to {last_text}"


def week_practice(practised: int, minutes: float) -> str:
    if practised == 0:
        return "No sessions this week, and that's fine: every evening is a fresh start."
    in_all = counted(round(minutes), "minute")
    return f"🌙 You practised on {practised} of 7 nights, {in_all} in all."


def week_streak(current: int, best: int) -> str:
    if current >= 2:
        best_text = "your longest so far" if current >= best else f"your best: {best}"
        return f"Current run: {current} nights in a row ({best_text})."
    return f"Your longest run so far: {best} nights in a row." if best >= 2 else ""


def week_sleep(average: float | None, count: int) -> str:
    if average is None:
        return "No sleep notes this week: the morning question or /sleep adds them."
    return f"😴 Sleep: {average:.1f} of 5 on average ({counted(count, 'night')} rated)."


def week_practice_split(after: float, after_count: int, without: float, without_count: int) -> str:
    return (
        f"After a session you rated your sleep {after:.1f} ({counted(after_count, 'night')}); "
        f"on other nights {without:.1f} ({counted(without_count, 'night')}). That's what you "
        "noted, not proof of cause: many things shape a night."
    )


def week_change(change: float) -> str:
    if abs(change) < 0.05:
        return "Sleep ratings: about the same as the week before."
    direction = "up" if change > 0 else "down"
    return f"Sleep ratings: {direction} {abs(change):.1f} from the week before."


# Said once, and only when something could not be compared.
WEEK_TOO_FEW = "Too few nights yet to compare."


def week_calm(average: float | None, count: int) -> str:
    if average is None:
        return ""
    # The check-out's scale runs from 1 (restless) to 5 (calm).
    return f"Calm after sessions: {average:.1f} of 5 on average ({counted(count, 'check-out')})."


def week_spread(minutes: int | None, earliest: str | None, latest: str | None) -> str:
    if minutes is None:
        return ""
    if minutes <= 30:
        when = earliest if earliest == latest else f"{earliest}–{latest}"
        return f"You started at much the same time each evening ({when})."
    return f"Start times ranged over {minutes} minutes ({earliest}–{latest})."


def week_tonight(minutes: float) -> str:
    """Tonight's practice, which the week (up to last night) does not show yet."""
    return f"Tonight's {counted(round(minutes), 'minute')} count too: they join your week tomorrow."


def week_tonight_only(minutes: float) -> str:
    """A first look: nothing in the seven nights yet, but a session tonight."""
    return (
        f"🌙 Tonight: {counted(round(minutes), 'minute')} of winding down. It counts: from "
        "tomorrow it's part of your week here, with how you slept beside it."
    )


def first_session_counts(in_week_now: bool) -> str:
    """After someone's first completed session: where it shows."""
    if in_week_now:
        return "That was your first session 🌙 It counts for last night: /week shows it now."
    return "That was your first session 🌙 It counts for tonight: /week shows it from tomorrow."


SUGGESTIONS = {
    "begin": "Idea for this week: one short 5-minute session, whenever suits you (/winddown).",
    "one-more": "Idea for this week: one more evening than last week, if it feels good.",
    "same-time": (
        "Idea for this week: try starting at about the same time each evening; "
        "a steady routine can make winding down easier."
    ),
    "rate-mornings": (
        "Idea for this week: answer the morning question a few times, so you can see "
        "how your nights compare."
    ),
    "keep-going": "Idea for this week: keep the rhythm that's working for you.",
}
WEEK_EMPTY = (
    "Nothing to sum up for these seven nights yet, and that's fine. "
    "A short session (/winddown) or a sleep note (/sleep) starts the picture."
)
WEEK_USAGE = (
    "Try /week for the last seven nights, /week last for the seven before, "
    "/week auto sun 19:00 for a summary every Sunday at 19:00, or /week auto off."
)


def week_auto_set(day_name: str, time_text: str) -> str:
    return f"Done: your summary comes every {day_name} at {time_text}. /week auto off stops it."


WEEK_AUTO_OFF = "Okay, no automatic summary. /week shows it whenever you like."
CHART_SLEEP = "Sleep rating"
CHART_MINUTES = "Minutes"
CHART_WITH_SESSION = "After a session"
CHART_WITHOUT_SESSION = "No session"
CHART_NOT_RATED = "not rated"


def chart_title(first_text: str, last_text: str) -> str:
    return f"Your week: nights of {first_text} to {last_text}"


# Offered once, when onboarding ends: the weekly summary, sent by itself.
def weekly_offer(day_name: str, time_text: str) -> str:
    return (
        f"One more thing: shall I send you a short look at your week every {day_name} at "
        f"{time_text}? One message with a chart; /week shows it any time."
    )


def weekly_offer_yes(day_name: str, time_text: str) -> str:
    return f"Yes, {day_name}s at {time_text}"


WEEKLY_OFFER_NO = "No, thanks"
WEEKLY_DECLINED = "Okay, no weekly message. /week shows your week whenever you like."


# -- questions and answers (FAQ) ---
# The knowledge base's own answers are plain text (bot/faq/knowledge.yaml); these are the
# answers around them. Crisis and symptom answers come before any lookup and say nothing
# about the pose.


def crisis_answer(emergency_number: str | None, crisis_line: str, *, urgent: bool = False) -> str:
    number = escape(emergency_number) if emergency_number else "your local emergency number"
    if urgent:  # harm may already be done: the number before anything else
        return (
            f"Please call <b>{number}</b> now, or ask someone near you to call, and tell "
            "them what you took or did. Don't wait to see how you feel.\n\n"
            "You matter, and you don't have to go through this alone.\n"
            f"To talk to someone: {escape(crisis_line)}."
        )
    return (
        "I'm really sorry you're feeling this way. You matter, and you don't have to carry "
        "this alone.\n\n"
        f"If you might act on these thoughts, or you're in danger, please call <b>{number}</b> "
        "now.\n"
        f"To talk to someone: {escape(crisis_line)}.\n\n"
        "If you can, reach out to someone you trust and tell them how you feel."
    )


# When the meaning model is unsure whether a message is about harming oneself.
CRISIS_CHECK = (
    "I want to be sure I understand you. Are you having thoughts of ending your life "
    "or hurting yourself?"
)
CRISIS_CHECK_YES = "Yes"
CRISIS_CHECK_NO = "No, I'm okay"
# After a safety answer, what was pending: one short line.
PENDING_ZONE = "Whenever you're ready, I'm still waiting for your city. /cancel leaves it as it is."
PENDING_TIME = (
    "Whenever you're ready, I'm still waiting for a time, like 21:30. /cancel leaves it as it is."
)
PENDING_SETUP = "Your setup waits where you left it: /start carries on."
PENDING_SESSION = "I've paused your session. It can wait: Resume or Stop are on its message."
PENDING_AFTER_CRISIS = "Whatever we were doing can wait. It will be here when you want it."
CRISIS_CHECK_LOST = "Thank you for telling me. What would you like to ask?"


def acute_answer(emergency_number: str | None) -> str:
    number = escape(emergency_number) if emergency_number else "your local emergency number"
    return (
        "Please stop and come out of the pose slowly: bend your knees, roll onto one side "
        "and rest there.\n\n"
        "Then seek medical help. If it's severe or getting worse, call "
        f"<b>{number}</b> now."
    )


# Why each condition matters, in the source's measured words.
FAQ_CAUTION_WHY: dict[str, str] = {
    "glaucoma": "With glaucoma, inversions like legs up the wall are typically advised against.",
    "heart": "With some heart conditions, inversions like legs up the wall are typically "
    "advised against.",
    "blood-pressure": "With high blood pressure, inversions like legs up the wall are "
    "typically advised against.",
    "pregnancy": "In late pregnancy, inversions like legs up the wall are typically advised "
    "against; at any stage, your midwife or doctor can tell you what suits you.",
    "hip-back": "With a hip or lower-back injury, the position may be uncomfortable or "
    "unsuitable unless it's modified.",
    "swelling": "With chronic venous insufficiency or a lot of swelling, raising the legs "
    "may help or may not suit you at all, and that depends on your situation.",
}


def condition_caution(codes: list[str] | tuple[str, ...], *, already_told: bool = False) -> str:
    """`already_told`: the person ticked these in the health check, so the answer says
    the gentle version is already theirs rather than ask them to tell it."""
    reasons = " ".join(FAQ_CAUTION_WHY[code] for code in codes if code in FAQ_CAUTION_WHY)
    then = (
        "You've already told me about this, so /winddown guides you through that version."
        if already_told
        else "/winddown guides you through it once you've told me in /settings."
    )
    return (
        f"{reasons} Please check with a clinician before you try the pose: they know your "
        "situation and I don't.\n\n"
        f"Meanwhile there's a gentle alternative: {_resting(codes)} and breathe slowly, with a "
        f"longer out-breath. {then}"
    )


def _resting(codes: list[str] | tuple[str, ...]) -> str:
    # Lying flat on the back is often advised against later in pregnancy (general
    # guidance, not the source's): the position is left to the midwife or doctor.
    if "pregnancy" in codes:
        return "rest in a position your midwife or doctor is happy with, legs low,"
    return "lie down with your legs low (knees bent or legs flat)"


FAQ_DONT_KNOW = (
    "I don't know that one yet. I can answer questions about legs up the wall, relaxation, "
    "sleep and how I work. Pick a topic to browse:"
)
FAQ_DID_YOU_MEAN = "I'm not sure I understood. Did you mean one of these?"
FAQ_OR_DID_YOU_MEAN = "Not quite it? Maybe one of these:"
FAQ_RELATED = "Related questions:"
FAQ_TOPICS = "What would you like to know about? Pick a topic:"
FAQ_ASK_USAGE = (
    "Type your question after /ask, like <i>/ask how long should I stay in the pose?</i> "
    "Or send /topics to browse."
)
FAQ_HELLO = (
    "Hi. Ask me anything about legs up the wall, or send /topics to browse. For example: "
    "<i>How long should I stay in the pose?</i>"
)
FAQ_THANKS = "You're welcome. Rest well."
FAQ_ALL_TOPICS = "« All topics"


def faq_topic(name: str) -> str:
    return f"<b>{escape(name)}</b>: pick a question."


# -- the basis of an answer (issue 16) ------------------------------------------------------

# One short line under an answer, by its label (bot.faq.knowledge.LABELS), so a person can
# tell a finding from a tip. Answers about the bot itself get none.
BASIS_LINES: dict[str, str] = {
    "well-established": "What the research says: well established.",
    "clinical-settings": "What the research says: well established in clinics, less studied "
    "in everyday life.",
    "mixed": "What the research says: some support, but results vary.",
    "limited": "What the research says: limited, mostly small or observational studies.",
    "emerging": "What the research says: early, not settled.",
    "by-claim": "What the research says: graded claim by claim above.",
    "advised": "What the research says: check with a clinician first.",
    "described": "From the research I draw on: a description, not a tested finding.",
    "general": "General practice, not from the research.",
}


# -- a health question added since someone answered the check (issue 16) ------------------

HEALTH_ONCE_YES = "Yes, it does"
HEALTH_ONCE_NO = "No"
HEALTH_ONCE_NOTED = "Thank you, noted."


def health_question_once(code: Condition) -> str:
    return (
        "Before tonight's session, one health question I've added since you answered the "
        f"others, so I guide you safely. Does this apply to you?\n\n<b>{CONDITIONS[code]}</b>"
    )


# -- the pacer Mini App (bot/miniapp) -------------------------------------------------------

PACER_BUTTON = "Open the pacer"
# The page's words, handed to it with the timeline (the page itself holds no copy).
MINIAPP_WORDS: dict[str, object] = {
    "in": PHASE_WORDS["in"],
    "hold": PHASE_WORDS["hold"],
    "out": PHASE_WORDS["out"],
    "settle": "Settle in. Breathe naturally.",
    "rest": "Just rest.",
    "cues": list(CUES),
    "begin": "Begin",
    "pause": PAUSE,
    "resume": RESUME,
    "stop": STOP,
    "paused": "Paused",
    "left": "left",
    "tones": "Tones",
    "haptics": "Taps",
    "end": COMING_OUT,
    "stopped": STOPPED,
    "saved": "Saved to your week.",
    "not_saved": "I couldn't save this one. Your practice still counts.",
}
MINIAPP_OPEN_FROM_TELEGRAM = "Open this page with the bot's “Open the pacer” button."
MINIAPP_START_FIRST = "Send /start to the bot first, then open the pacer again."


def miniapp_recorded(seconds: int, pattern_name: str, completed: bool) -> str:
    """The one line in the chat after a session on the pacer page."""
    minutes = max(1, round(seconds / 60))
    if completed:
        return f"Pacer session saved: {minutes} min, {pattern_name.lower()}. Sleep well."
    return f"Pacer session saved: stopped after {minutes} min. Rest well."


# -- /stats: scheduled messages (the outbox) ------------------------------------------


def stats_scheduled(sent: int, failed: int, uncertain: int, missed: int, resent: int) -> str:
    """Reminders, morning questions and weekly summaries due in the last day."""
    return (
        "\n\n<b>Scheduled messages, last 24 hours</b>\n"
        f"Sent: {sent}, failed: {failed}, uncertain: {uncertain}, missed: {missed}\n"
        f"Sent again after a worker died mid-send: {resent}"
    )


# -- issue 17a: "keep it", the assumed zone, not trapping anyone in a question --------------

KEEP_WORDS = frozenset({"keep", "keep it", "same", "no change", "leave it", "as it is"})


def keep_button(value: str) -> str:
    return f"Keep {value}"


def zone_kept(zone_name: str) -> str:
    return f"Okay, your time zone stays {escape(zone_name)}."


ZONE_UNKNOWN_OR_KEEP = (
    "I couldn't place that. Try a nearby big city, or tap Keep below to leave your time "
    "zone as it is."
)
TIME_KEPT = "Okay, your reminder stays as it is."
TIME_NOT_UNDERSTOOD_OR_KEEP = (
    "I didn't catch a time there. Try something like <i>21:30</i>, <i>9:30pm</i> or "
    "<i>half past nine</i>, or send <i>keep</i> to leave it as it is."
)


def zone_assumed(zone_name: str) -> str:
    return (
        f"I'm assuming your time zone is {escape(zone_name)}, so times below are "
        f"{escape(zone_name)} times. Not right? Tap to change it."
    )


def zone_choice(label: str, local_now: str) -> str:
    return f"{label} · {local_now}"


# -- issue 17a: fewer words up front -------------------------------------------------------

FIRST_WORDS = (
    "I help you wind down with <b>legs up the wall</b>: a reminder at your evening time, "
    "a short guided session, and a sleep question in the morning."
)


def first_welcome(first_name: str | None, *, returning: bool = False) -> str:
    """The first message: at most 60 words (a test counts them); privacy is a tap away."""
    hello = welcome_back_short(first_name) if returning else f"Hi {escape(first_name)}."
    hello = hello if first_name or returning else "Hi."
    return f"{hello} 🌙 {FIRST_WORDS}\n\n{CONSENT}"


def welcome_back_short(first_name: str | None) -> str:
    return f"Welcome back, {escape(first_name)}." if first_name else "Welcome back."


PRIVACY_BUTTON = "What do you keep about me?"
# /help: the everyday commands first (at most 8), the rest behind "More".
EVERYDAY_COMMANDS = ("winddown", "remind", "sleep", "week", "settings", "pause", "help")
MORE_COMMANDS_BUTTON = "More commands"


def help_first() -> str:
    about = dict(COMMANDS)
    lines = [f"/{command} – {about[command]}" for command in EVERYDAY_COMMANDS]
    return (
        "The everyday ones:\n\n"
        + "\n".join(lines)
        + "\n\nOr just ask me a question in your own words, like <i>how long should I "
        "stay up the wall?</i>"
    )


def help_more() -> str:
    lines = [f"/{c} – {about}" for c, about in COMMANDS if c not in EVERYDAY_COMMANDS]
    return "The rest:\n\n" + "\n".join(lines) + "\n\n" + NOT_MEDICAL_ADVICE


TRY_IT_NOW = "Try it now"


def first_reminder(when: str) -> str:
    return f"Your first reminder: {when}."


def all_set_short(summary: str, first: str | None) -> str:
    reminder = f"\n\n{first_reminder(first)}" if first else ""
    return (
        f"You're all set.{reminder}\n\n{summary}\n\n"
        "Try a session now if you like, or wait for the reminder. /settings changes anything."
    )


# -- issue 17a: settings in one place -------------------------------------------------------

SETTINGS_ZONE = "Time zone"
SETTINGS_EVENING = "Evening reminder"
SETTINGS_MORNING = "Morning sleep question"
SETTINGS_SESSION = "Session"
SETTINGS_HEALTH = "Health check"
PAUSE_CHOICES = {1: "Pause 1 day", 3: "3 days", 7: "1 week"}
RESUME_REMINDERS = "Resume reminders"


def settings_paused(day_text: str) -> str:
    return f"paused until {day_text}"


def settings_session(seconds: int | None, pattern: str | None) -> str:
    parts = []
    if seconds:
        parts.append(minutes_text(seconds))
    if pattern in PATTERN_NAMES:
        parts.append(PATTERN_NAMES[pattern])  # type: ignore[index]
    return ", ".join(parts)


# -- issue 17a: small words ---------------------------------------------------------------

# "I don't know" in a few warm ways, so it is not the same sentence every time; each
# ends by offering the topics (their buttons follow).
FAQ_DONT_KNOW_VARIANTS = (
    FAQ_DONT_KNOW,
    "That one's beyond me, sorry. I know about legs up the wall, winding down, sleep and "
    "how I work. Here are the topics:",
    "I'd rather not guess at that. I can help with the pose, relaxing, sleep and my own "
    "settings. Pick a topic:",
    "Hmm, I don't have an answer for that. What I do know is sorted by topic here:",
)
FAQ_GOOD_NIGHT = "Good night. Sleep well. 🌙"
FAQ_GOOD_MORNING = "Good morning. I hope you slept well. /sleep notes how it went."
FAQ_GOOD_EVENING = "Good evening. When you're ready, /winddown starts a session."
# -- the guided session: endings, the audible guide, one tap from the reminder -----------

FINISHED = "Session complete. Well done for taking this time."
REPLACED = "This session was stopped, and a new one began."
MOVED_DOWN = "This session carries on further down."
FOLLOW_THE_TONES = "Follow the tones: rising as you breathe in, falling as you breathe out."
AUDIO_CAPTION = (
    "Your breath guide. Press play, put the phone down and close your eyes: the tone "
    "rises as you breathe in, hums on a hold, falls as you breathe out. A bell brings "
    "you out."
)
GUIDE_NAMES: dict[Guide, str] = {
    Guide.TEXT: "Text",
    Guide.AUDIO: "Tones",
    Guide.BOTH: "Both",
}


def guide_line(guide: str) -> str:
    return f"Guide: {GUIDE_NAMES[Guide(guide)].lower()}"


SETUP_SKIPPED_CHECK = (
    "As the health check was skipped, we'll keep your legs low tonight.\n"
    "1. Lie on your back on the floor or bed.\n"
    "2. Bend your knees with feet flat, or rest your legs straight.\n"
    "3. Let your arms rest by your sides.\n\n"
    "Tap Ready when you're settled."
)
HEALTH_BEFORE_FIRST = (
    "Before your first session, the quick health question I promised, so I guide you "
    "safely. Tap what applies, then Done."
)
CHANGE = "Change length, pattern or guide"
STARTED_FROM_REMINDER = "Your session has begun. The breath guide follows below."
# The evening reminder for someone whose sessions keep the legs low (a condition named,
# or the health check skipped): the same nights, no wall. {minutes}: their session length.
REMINDER_LINES_LOW_LEGS = (
    "It's your wind-down time: {minutes} quiet minutes, lying down with your legs low?",
    "Evening check-in: a good moment to let the day settle.",
    "Time to slow down. Your quiet spot is ready when you are.",
    "Your evening pause is here. A few calm breaths, lying comfortably.",
    "The day is nearly done. Shall we wind down together?",
    "A gentle nudge: time for your legs-low rest.",
    "Here's your reminder to rest a little before sleep.",
)


def minutes_words(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return "one" if minutes == 1 else str(minutes)


# -- issue 17b: the settings' morning, session and weekly rows -----------------------------

SETTINGS_WEEKLY = "Weekly summary"
TURN_ON = "Turn on"
TURN_OFF = "Turn off"
CHANGE_MORNING = "Change morning time"
CHANGE_SESSION = "Change length or breathing"
MORNING_QUESTION = (
    "When shall I ask how you slept? Tap a time or type one, like <i>7:15</i> or "
    "<i>quarter past seven</i>."
)
MORNING_OFF_BUTTON = "Off"
MORNING_KEPT = "Okay, your morning question stays as it is."
MORNING_NOT_UNDERSTOOD_OR_KEEP = (
    "I didn't catch a time there. Try something like <i>7:15</i> or <i>7am</i>, or send "
    "<i>keep</i> to leave it as it is."
)


def weekly_line(day_name: str, time_text: str) -> str:
    return f"{day_name}s {time_text}"
