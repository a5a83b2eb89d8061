"""How an answer is shown in Telegram: its text and up to three buttons. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot import texts
from bot.faq.answer import Answer
from bot.faq.knowledge import Knowledge

MAX_BUTTONS = 3


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML
    entries: tuple[str, ...] = ()  # entry ids, one button each
    topics: bool = False  # offer the topic buttons instead
    unanswered: bool = False  # keep the question for the curators


def reply_to(answer: Answer, knowledge: Knowledge) -> Reply:
    if answer.kind in ("crisis", "acute"):
        return Reply(answer.text)  # nothing else: no yoga, no distractions
    if answer.kind == "none":
        if answer.suggestions:
            return Reply(answer.text, answer.suggestions[:MAX_BUTTONS], unanswered=True)
        # "I don't know" offers the topics; a greeting or thanks offers nothing.
        return Reply(answer.text, topics=answer.unanswered, unanswered=answer.unanswered)
    # An entry's own words are plain text; a caution is already HTML.
    body = escape(answer.text, quote=False) if answer.kind == "faq" else answer.text
    if (basis := basis_line(answer.entry, knowledge)) is not None:
        body = f"{body}\n\n<i>{escape(basis, quote=False)}</i>"
    if answer.suggestions:  # a near tie: the runner-ups first
        lead, ids = texts.FAQ_OR_DID_YOU_MEAN, (*answer.suggestions, *answer.related)
    else:
        lead, ids = texts.FAQ_RELATED, answer.related
    shown = tuple(dict.fromkeys(i for i in ids if knowledge.get(i)))[:MAX_BUTTONS]
    return Reply(f"{body}\n\n<i>{lead}</i>" if shown else body, shown)


def basis_line(entry_id: str | None, knowledge: Knowledge) -> str | None:
    """The short line saying what an answer rests on (None for an answer about the bot)."""
    entry = knowledge.get(entry_id) if entry_id else None
    return texts.BASIS_LINES.get(entry.label) if entry is not None else None
