"""Ranking: which knowledge entry a question is about, and how sure we are.

BM25 (bm25s) over stemmed words (PyStemmer's Snowball English), in two fields per entry:
its question phrasings, weighted more, and its answer. The question field also holds
pairs of neighbouring words ("how long", "time zone"), which tell apart entries that
share single words. What people type is first put into the knowledge base's own words
(`words.vocabulary`: "ppl", "drop off", "puffy"). A misspelt word becomes the closest
word the knowledge base uses (rapidfuzz); a real English word it never uses
(pyspellchecker's word list tells which) stays unknown, and unknown words count against
coverage, as generic ones ("good", "before") count less for it. A question typed just as
one of an entry's phrasings is that entry's, whatever BM25 says.
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
from bot.faq.words import LAY_WORDS, SHORTHAND, vocabulary, words

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
    super pretty kinda sorta maybe probably anyway nice cool awesome during while whilst
    doesnt didnt isnt arent dont wasnt stuff page screen
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Words that help rank ("how long", "best time") but say little about whether a question
# is about the pose or the bot at all: they count for less when judging how much of a
# question the best entry covers, so that "a good dinner before bed" is not about bedtime.
_GENERIC_WORDS = """
    how good best better bad help helps helpful need needs way ways ok before after day days
    time times make go many much enough right properly proper correct want know use using
    tips normal feel try take able still ever every new first last next keep put give tell
    say see look where when who why
"""
GENERIC_WORDS = frozenset(_GENERIC_WORDS.split())

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
GENERIC_WEIGHT = 0.5  # a generic word counts this much of its weight in coverage
EXACT_SCORE = 5.0  # a question typed as one of the entry's own phrasings


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
        self._generic = frozenset(self._stemmer.stemWords(sorted(GENERIC_WORDS)))
        phrasings = [
            [self._with_pairs(self.terms(q, repair=False)) for q in e.questions]
            for e in knowledge.entries
        ]
        questions = [[term for phrasing in own for term in phrasing] for own in phrasings]
        answers = [self.terms(e.answer, repair=False) for e in knowledge.entries]
        self._questions = _bm25(questions)
        self._answers = _bm25(answers)

        # A question typed exactly as a phrasing (after the word maps) is that entry's.
        self._exact: dict[str, int] = {}
        for number, entry in enumerate(knowledge.entries):
            for q in entry.questions:
                self._exact.setdefault(self._form(q), number)

        # Which stems each entry uses, and how rare each stem is across entries.
        self._entry_stems = [
            {t for t in q if "_" not in t} | set(a) for q, a in zip(questions, answers, strict=True)
        ]
        count = len(self.ids)
        for stem in set().union(*self._entry_stems):
            n = sum(stem in stems for stems in self._entry_stems)
            self._idf[stem] = math.log(1 + (count - n + 0.5) / (n + 0.5))

        # Typo repair: every word we know, as written, maps to its stems; little words map
        # to none, so that a misspelt one ("shoud") is dropped, not mistaken for another.
        self._surface: dict[str, tuple[str, ...]] = dict.fromkeys(STOP_WORDS, ())
        for table in (LAY_WORDS, SHORTHAND):
            for word, meant in table.items():
                self._surface.setdefault(word, self._stems(meant.split()))
        for entry in knowledge.entries:
            for word in words(" ".join((*entry.questions, entry.answer))):
                if word not in STOP_WORDS and not word[0].isdigit():
                    self._surface.setdefault(word, self._stems(vocabulary(word)))
        self._choices: dict[str, list[str]] = {}
        for word in self._surface:
            self._choices.setdefault(word[0], []).append(word)

    @staticmethod
    def _with_pairs(terms: list[str]) -> list[str]:
        return terms + _pairs(terms)

    def _stems(self, plain: list[str]) -> tuple[str, ...]:
        return tuple(
            self._stemmer.stemWord(word)
            for word in plain
            if word not in STOP_WORDS and not word.isdigit()
        )

    @staticmethod
    def _form(text: str) -> str:
        return " ".join(vocabulary(CLOCK_TIME.sub(f" {TIME_WORD} ", text)))

    def _weight(self, stem: str) -> float:
        """How much a query stem says about what the question is about."""
        weight = self._idf.get(stem, UNKNOWN_WORD_IDF)
        return weight * GENERIC_WEIGHT if stem in self._generic else weight

    def _nearest(self, word: str) -> str | None:
        """The known word closest to `word`, or None. A real English word is no typo
        ("mattress" is not "matter"), and only words with the same first letter compete,
        as people rarely mistype that one."""
        if len(word) < FUZZY_MIN_LENGTH or self._english.get(word, 0) >= REAL_WORD_COUNT:
            return None
        choices = self._choices.get(word[0], ())
        match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return match[0] if match else None

    def _repair(self, word: str) -> tuple[str, ...] | None:
        """The stems of the known word closest to `word` (none for a little word), or None."""
        nearest = self._nearest(word)
        return None if nearest is None else self._surface[nearest]

    def spelled(self, text: str) -> str:
        """`text` with each word the index doesn't know replaced by the known word closest
        to it ("swolen ankels" → "swollen ankles"), for the meaning model, which reads a
        misspelt word as something else altogether."""
        out = []
        for token in text.split():
            plain = vocabulary(token)
            word = plain[0] if len(plain) == 1 else ""
            known = word in self._surface or self._stemmer.stemWord(word) in self._idf
            nearest = None if not word or known else self._nearest(word)
            out.append(token if nearest is None else nearest + token[len(token.rstrip("?!.,")) :])
        return " ".join(out)

    def terms(self, text: str, *, repair: bool = True) -> list[str]:
        """Stems of the informative words of `text`. With `repair`, an unknown word becomes
        its closest known word, or stays as it is (and then matches nothing)."""
        out: list[str] = []
        for word in vocabulary(CLOCK_TIME.sub(f" {TIME_WORD} ", text)):
            if word in STOP_WORDS or word.isdigit():
                continue
            stem = self._stemmer.stemWord(word)
            if repair and stem not in self._idf:
                repaired = self._repair(word)
                if repaired is not None:
                    out.extend(repaired)
                    continue
            out.append(stem)
        return out

    def rank(self, question: str, limit: int = 5) -> Ranked:
        terms = self.terms(question)
        known = [t for t in terms if t in self._idf]
        exact = self._exact.get(self._form(question))
        if not known and exact is None:
            return Ranked((), (), 0.0)
        query = known + _pairs(terms)
        scores = np.zeros(len(self.ids))
        if known:
            scores += QUESTION_WEIGHT * self._questions.get_scores(query)
            scores += ANSWER_WEIGHT * self._answers.get_scores(known)
        if exact is not None:
            scores[exact] = max(float(scores.max()), 0.0) + EXACT_SCORE
        order = [i for i in np.argsort(-scores, kind="stable")[:limit] if scores[i] > 0]
        if not order:
            return Ranked((), (), 0.0)
        if exact is not None:
            coverage = 1.0
        else:
            best = self._entry_stems[order[0]]
            weight = {t: self._weight(t) for t in terms}
            coverage = sum(w for t, w in weight.items() if t in best) / sum(weight.values())
        return Ranked(
            ids=tuple(self.ids[i] for i in order),
            scores=tuple(float(scores[i]) for i in order),
            coverage=coverage,
        )


@cache
def default_index() -> Index:
    return Index(load_knowledge())
