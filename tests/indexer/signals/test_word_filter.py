import re
from pathlib import Path

import pytest

from indexer.signals import DETECTORS, shared_engine
from indexer.signals.base import FAMILIES
from indexer.signals.engine import WordFilter, required_literals, simple_name_rule, split_alternatives

LABELLED = Path(__file__).resolve().parents[3] / "indexer" / "signals" / "labelled"


@pytest.mark.parametrize(
    ("regex", "literals"),
    [
        ("(?i)quant", ["quant"]),
        ("^(WithDType|FloatDType)$", ["withdtype", "floatdtype"]),
        ("(?i)grad_?(fn|input)$", ["grad"]),  # `_?` is optional: not part of the run
        ("(?i)(add|residual)_?\\w*norm", ["norm"]),  # the run is longer than the group's shortest branch
        ("ab+c", ["a"]),  # a repeated character ends the run on both sides
        ("x{2}yz", ["yz"]),
        ("(?=abcd)x", ["x"]),  # a lookahead promises nothing here
        ("[a-z]+_(kernel)s?", ["kernel"]),
        ("\\.cu$", [".cu"]),
        ("(?:foo)?bar", ["bar"]),  # an optional group is no promise
        ("\\w+", []),
    ],
)
def test_required_literals_are_in_every_match(regex: str, literals: list[str]) -> None:
    assert required_literals(regex) == literals


def _plain(regexes: list[str]) -> re.Pattern[str]:
    alternatives = [alt for regex in regexes for alt in split_alternatives(regex)]
    return re.compile("|".join(f"(?i:{a[4:]})" if a.startswith("(?i)") else f"(?:{a})" for a in alternatives))


def test_word_filter_answers_as_the_plain_alternation_on_the_detectors_own_regexes() -> None:
    # Words from the labelled snippets (kernel, quantisation, SIMD code...) and case variants of them.
    words: set[str] = set()
    for path in LABELLED.glob("*.py"):
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8")))
    words |= {w.upper() for w in words} | {w.lower() for w in words} | {"x" + w for w in words}
    engine = shared_engine()
    compared = matched = 0
    for grammar, compiled in engine.queries.items():
        assert compiled is not None
        structural = {
            det.trigger_words
            for det in DETECTORS.values()
            for family in FAMILIES[grammar]
            for _, pattern in det.patterns.get(family, ())
            if det.trigger_words and simple_name_rule(pattern) is None
        }
        for word_filter, regexes in (
            (compiled.name_filter, [r.regex.pattern for r in compiled.name_rules]),
            (compiled.trigger_words, sorted(structural)),
        ):
            assert word_filter is not None
            plain = _plain(regexes)
            for word in words:
                assert word_filter.search(word) == bool(plain.search(word)), word
                compared += 1
                matched += bool(plain.search(word))
    assert compared > 10_000 and matched > 500


def test_word_filter_keeps_alternatives_without_a_literal() -> None:
    word_filter = WordFilter(["(?i)i?q[1-8]", "^GgmlDType$", "(?i)fus(ed?|ion)", "\\w+_k$"])
    assert word_filter.search("Q4") and word_filter.search("iq2")
    assert word_filter.search("GgmlDType") and not word_filter.search("ggmldtype")
    assert word_filter.search("unfused") and word_filter.search("FUSION") and not word_filter.search("fus")
    assert word_filter.search("block_q4_k") and not word_filter.search("blockq")
