"""words.vocabulary: what people type, put into the knowledge base's own words."""

from __future__ import annotations

from bot.faq.answer import answer
from bot.faq.words import LAY_WORDS, PHRASES, SHORTHAND, normalize, vocabulary


def test_shorthand_phrases_and_lay_words_are_mapped() -> None:
    assert vocabulary("how long shud ppl stay") == ["how", "long", "should", "people", "stay"]
    assert vocabulary("will it help me drop off") == ["will", "it", "help", "me", "fall", "asleep"]
    assert vocabulary("Puffy ankles!") == ["swelling", "ankles"]
    assert vocabulary("compression tights") == ["compression", "socks"]


def test_a_plain_plural_takes_its_singulars_word() -> None:
    assert vocabulary("ankles like balloons") == ["ankles", "like", "swelling"]


def test_an_older_age_becomes_one_word() -> None:
    assert "older" in vocabulary("my dad is 82, can he do it")
    assert "older" in vocabulary("shes in her 70s")
    assert "older" not in vocabulary("can i do it for 20 minutes")


def test_limbs_that_fall_asleep_are_numb_not_sleepy() -> None:
    assert vocabulary("my legs fall asleep") == ["my", "legs", "numb"]
    assert vocabulary("i cant fall asleep") == ["i", "cant", "fall", "asleep"]


def test_the_maps_are_in_normal_form() -> None:
    for table in (SHORTHAND, PHRASES, LAY_WORDS):
        for key in table:
            assert normalize(key) == key, key
    assert all(" " not in key for key in (*SHORTHAND, *LAY_WORDS))
    assert all(" " in key for key in PHRASES)


def test_paraphrases_reach_their_entries() -> None:
    assert answer("what subjects do you cover").entry == "cmd-topics"
    assert answer("can u remind me at 8pm").entry == "cmd-remind"
    assert answer("is it ok for seniors").entry == "children-age"
    assert answer("what can u do").entry == "cmd-help"
