"""Ranking: which knowledge entry a question is about, and how sure we are.

BM25 (bm25s) over stemmed words (PyStemmer's Snowball English), in two fields per entry:
its question phrasings, weighted more, and its answer. The question field also holds
pairs of neighbouring words ("how long", "time zone"), which tell apart entries that
share single words. Everyday words are first mapped to the ones the knowledge base uses
("panicky" → "anxiety"). A misspelt word becomes the closest word the knowledge base
uses (rapidfuzz); a real English word it never uses (pyspellchecker's word list tells
which) stays unknown, and unknown words count against confidence.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache

import bm25s
import numpy as np
import Stemmer
from rapidfuzz import fuzz, process
from spellchecker import SpellChecker

from bot.faq.knowledge import Knowledge, load_knowledge
from bot.faq.words import words

# Little words that say nothing about which entry is meant. Question words like "how",
# "who", "when", "why", "long" and "often", and "off"/"on", stay: "how long" and "how
# often" are different questions, as are "/remind off" and "/remind on".
_STOP_WORDS = """
    a an the and or but if so as of at by for with about to from in into onto is am are was
    were be been being have has had having do does did doing done i me my mine myself we our
    ours you your yours yourself he him his she her it its itself they them their this that
    these those there here then than too very can could will would shall should may might
    must just also really even tho though any some anything something im ive id ill youre
    thats theres whats wat wats what which whom whose whether please pls plz hey ok okay
    yeah yes oh um lol like get got gonna wanna u ur r ya thing things bit kind much quite
    actually basically all total totally completely absolutely literally honestly seriously
    super pretty kinda sorta maybe probably anyway nice cool awesome
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Texting shorthand, mapped before anything else (typos are rapidfuzz's job).
SHORTHAND = {
    "shud": "should",
    "shld": "should",
    "hw": "how",
    "mins": "minutes",
    "min": "minutes",
    "hrs": "hours",
    "hr": "hour",
    "b4": "before",
    "nite": "night",
    "wk": "week",
    "info": "information",
}

# Everyday words for what the knowledge base names otherwise. Applied to the questions and
# to the knowledge base alike, before stemming.
LAY_WORDS = {
    **dict.fromkeys(
        ["anxious", "nervous", "nerves", "panic", "panicky", "worried", "worry", "jittery"],
        "anxiety",
    ),
    **dict.fromkeys(
        ["stressed", "stressful", "burnout", "burnt", "overwhelmed", "frazzled", "tense"],
        "stress",
    ),
    **dict.fromkeys(["chill", "chilled", "zen", "unwind", "destress", "soothing"], "relax"),
    **dict.fromkeys(["calmer", "calming"], "calm"),
    **dict.fromkeys(["wake", "waking", "woke", "awake", "nap"], "sleep"),
    **dict.fromkeys(["swollen", "puffiness", "bloated", "cankles"], "swelling"),
    "oedema": "edema",
    **dict.fromkeys(["calves", "calf", "shins"], "legs"),
    **dict.fromkeys(
        ["gp", "physician", "medic", "doc", "physio", "physiotherapy", "physiotherapist"],
        "doctor",
    ),
    **dict.fromkeys(
        ["variation", "variations", "variant", "modification", "modifications", "modify"],
        "modified",
    ),
    **dict.fromkeys(["settings", "setting", "preferences", "options"], "configuration"),
    **dict.fromkeys(["careful", "caution", "cautious"], "avoid"),
    **dict.fromkeys(["perks", "point"], "benefits"),
    "overdo": "long",
    "vacation": "holiday",
}
# A word at least this common in English is a real word, not a typo of one of ours.
REAL_WORD_COUNT = 20

# A clock time in any spelling ("21:30", "9pm", "7.15am") becomes one word.
CLOCK_TIME = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}\b", re.IGNORECASE
)
TIME_WORD = "clocktime"

QUESTION_WEIGHT = 1.0
ANSWER_WEIGHT = 0.35
FUZZY_CUTOFF = 80.0  # rapidfuzz ratio, 0-100
FUZZY_MIN_LENGTH = 4  # shorter words are too easily mistaken for others
UNKNOWN_WORD_IDF = 3.5  # how much a word we don't know weighs against coverage


@dataclass(frozen=True)
class Ranked:
    """The ranking of one question: entry ids best first, with their scores."""

    ids: tuple[str, ...]
    scores: tuple[float, ...]
    coverage: float  # 0..1: share of the query's weight that the best entry contains

    @property
    def best(self) -> str | None:
        return self.ids[0] if self.ids else None

    @property
    def top_score(self) -> float:
        return self.scores[0] if self.scores else 0.0


def _pairs(terms: list[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in itertools.pairwise(terms)]


def _bm25(documents: list[list[str]]) -> bm25s.BM25:
    index = bm25s.BM25()
    index.index(documents, show_progress=False)
    return index


class Index:
    def __init__(self, knowledge: Knowledge) -> None:
        self.ids = tuple(entry.id for entry in knowledge.entries)
        self._stemmer = Stemmer.Stemmer("english")
        self._english = SpellChecker(language="en", distance=1).word_frequency.dictionary
        self._idf: dict[str, float] = {}
        questions = [
            [term for q in e.questions for term in self._with_pairs(self.terms(q, repair=False))]
            for e in knowledge.entries
        ]
        answers = [self.terms(e.answer, repair=False) for e in knowledge.entries]
        self._questions = _bm25(questions)
        self._answers = _bm25(answers)

        # Which stems each entry uses, and how rare each stem is across entries.
        self._entry_stems = [
            {t for t in q if "_" not in t} | set(a) for q, a in zip(questions, answers, strict=True)
        ]
        count = len(self.ids)
        for stem in set().union(*self._entry_stems):
            n = sum(stem in stems for stems in self._entry_stems)
            self._idf[stem] = math.log(1 + (count - n + 0.5) / (n + 0.5))

        # Typo repair: every word we know, as written, maps to its stem; little words map
        # to "" so that a misspelt one ("shoud") is dropped, not mistaken for another word.
        self._surface: dict[str, str] = dict.fromkeys(STOP_WORDS, "")
        for word, meant in LAY_WORDS.items():
            if " " not in meant:
                self._surface[word] = self._stemmer.stemWord(meant)
        for entry in knowledge.entries:
            for word in words(" ".join((*entry.questions, entry.answer))):
                meant = SHORTHAND.get(word, LAY_WORDS.get(word, word))
                if word not in STOP_WORDS and not word[0].isdigit() and " " not in meant:
                    self._surface.setdefault(word, self._stemmer.stemWord(meant))
        self._choices: dict[str, list[str]] = {}
        for word in self._surface:
            self._choices.setdefault(word[0], []).append(word)

    @staticmethod
    def _with_pairs(terms: list[str]) -> list[str]:
        return terms + _pairs(terms)

    def _repair(self, word: str) -> str | None:
        """The stem of the known word closest to `word` ("" for a little word), or None.
        A real English word is no typo ("mattress" is not "matter"), and only words with
        the same first letter compete, as people rarely mistype that one."""
        if len(word) < FUZZY_MIN_LENGTH or self._english.get(word, 0) >= REAL_WORD_COUNT:
            return None
        choices = self._choices.get(word[0], ())
        match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self._surface[match[0]] if match else None

    def terms(self, text: str, *, repair: bool = True) -> list[str]:
        """Stems of the informative words of `text`. With `repair`, an unknown word becomes
        its closest known word, or stays as it is (and then matches nothing)."""
        out: list[str] = []
        for raw in words(CLOCK_TIME.sub(f" {TIME_WORD} ", text)):
            for word in SHORTHAND.get(raw, LAY_WORDS.get(raw, raw)).split():
                if word in STOP_WORDS or word.isdigit():
                    continue
                stem = self._stemmer.stemWord(word)
                if repair and stem not in self._idf:
                    repaired = self._repair(word)
                    if repaired == "":
                        continue
                    stem = repaired or stem
                out.append(stem)
        return out

    def rank(self, question: str, limit: int = 5) -> Ranked:
        terms = self.terms(question)
        known = [t for t in terms if t in self._idf]
        if not known:
            return Ranked((), (), 0.0)
        scores = QUESTION_WEIGHT * self._questions.get_scores(known + _pairs(terms))
        scores = scores + ANSWER_WEIGHT * self._answers.get_scores(known)
        order = [i for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
        if not order:
            return Ranked((), (), 0.0)
        best = self._entry_stems[order[0]]
        weight = {t: self._idf.get(t, UNKNOWN_WORD_IDF) for t in terms}
        coverage = sum(w for t, w in weight.items() if t in best) / sum(weight.values())
        return Ranked(
            ids=tuple(self.ids[i] for i in order),
            scores=tuple(float(scores[i]) for i in order),
            coverage=coverage,
        )


@cache
def default_index() -> Index:
    return Index(load_knowledge())
