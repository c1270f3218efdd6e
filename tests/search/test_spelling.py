"""A slip in a recruiter sentence is read as the word Scout knows; real words are never rewritten."""

from __future__ import annotations

from search.spelling import Correction, Speller, apply, common_words, edit_distance

KNOWN = ["accelerator", "distributed", "kernel", "porting", "style", "gemm", "quantization"]
COMMON = frozenset({"sorting", "gemma", "kernel", "style"})


def fixes(text: str, common: frozenset[str] = COMMON) -> dict[str, str]:
    return {c.typo: c.word for c in Speller(KNOWN, common).corrections(text)}


def test_a_missing_or_wrong_letter_is_one_slip() -> None:
    assert fixes("acelerator backends, distrubuted training, cuda kernal") == {
        "acelerator": "accelerator",
        "distrubuted": "distributed",
        "kernal": "kernel",
    }


def test_two_swapped_letters_are_one_slip() -> None:
    assert fixes("burn-stlye") == {"stlye": "style"}
    assert edit_distance("stlye", "style", 1) == 1


def test_a_real_word_near_a_known_one_is_left_alone() -> None:
    assert fixes("sorting for gemma") == {}


def test_a_word_two_slips_away_is_not_guessed_when_short() -> None:
    assert fixes("kernul quantizashun") == {"kernul": "kernel"}


def test_without_a_list_of_real_words_nothing_is_corrected() -> None:
    assert fixes("acelerator", common=frozenset()) == {}


def test_a_word_with_two_equally_close_readings_is_not_guessed() -> None:
    speller = Speller(["shader", "shaker"], COMMON)
    assert speller.corrections("shaqer") == []


def test_the_correction_replaces_whole_words_in_any_case() -> None:
    assert apply("Acelerator, acelerators", [Correction("acelerator", "accelerator")]) == "accelerator, acelerators"


def test_the_packaged_model_lists_common_words() -> None:
    words = common_words()
    assert {"sorting", "engineer"} <= words
    assert "acelerator" not in words


def test_another_form_of_a_known_word_is_no_slip() -> None:
    speller = Speller(["implemented", "runtime", "optimizer", "autotuner"], COMMON)
    assert speller.corrections("implementer runtimes autotunes") == []


def test_british_spelling_is_no_slip() -> None:
    assert Speller(["optimizer", "quantization"], COMMON).corrections("optimised quantisation") == []


def test_a_possessive_of_a_known_word_is_not_a_slip() -> None:
    # "tokenizer's" is one edit from "tokenizers" (a repository's name), but it is "tokenizer" with an 's.
    speller = Speller(["tokenizer", "tokenizers"], common=frozenset({"the", "who"}))
    assert speller.corrections("who maintains the tokenizer's python bindings") == []
