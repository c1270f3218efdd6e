"""Parts of an interpretation a recruiter took away (a removed chip on the page): `SearchFilters.drop`.

A drop names a part as the answer shows it: "skill:quantization", "language:rust", "repo:huggingface/candle",
"exclusion:python_only", "keyword:fp8", "since" or "seniority". It is removed from the interpretation before
ranking (requirement groups, skills, preferences, avoidances, languages, repositories), and a note says so.
"""

from __future__ import annotations

from collections.abc import Callable

from models.records import Interpretation
from models.taxonomy import LANGUAGES, SKILLS, SYSTEMS_LANGUAGES
from search.understand import EXCLUSION_PATTERNS

WHOLE = ("since", "seniority")
KINDS = ("skill", "language", "repo", "exclusion", "keyword")


class UnknownDropError(ValueError):
    """A drop value that names nothing Scout could have understood."""


def normalise_drops(drops: list[str], resolve_repo: Callable[[str], str]) -> list[str]:
    """The drops with repositories as owner/name; UnknownDropError names the first that is not understood."""
    out: list[str] = []
    for raw in drops:
        value = raw.strip()
        if value in WHOLE:
            out.append(value)
            continue
        kind, _, name = value.partition(":")
        if kind not in KINDS or not name.strip():
            raise UnknownDropError(
                f"unknown drop {raw!r}: use skill:KEY, language:KEY, repo:OWNER/NAME, exclusion:FLAG, keyword:WORD,"
                " since or seniority (as the interpretation names them)"
            )
        out.append(f"{kind}:{_known(kind, name.strip(), raw, resolve_repo)}")
    return list(dict.fromkeys(out))


def _known(kind: str, name: str, raw: str, resolve_repo: Callable[[str], str]) -> str:
    if kind == "repo":
        return resolve_repo(name)
    if kind == "keyword":
        return name.lower()
    known = {
        "skill": set(SKILLS),
        "language": set(LANGUAGES) | SYSTEMS_LANGUAGES,
        "exclusion": {flag for _, flag in EXCLUSION_PATTERNS},
    }[kind]
    if name.split(":", 1)[0] not in known:
        raise UnknownDropError(f"unknown drop {raw!r}: {kind} {name!r} is not one Scout knows (GET /v1/taxonomy)")
    return name


def apply_drops(interp: Interpretation, drops: list[str]) -> None:
    """Remove each dropped part from `interp` (in place) and note what went."""
    gone = [d for d in drops if _drop(interp, d)]
    if gone:
        interp.notes.append("dropped: " + ", ".join(gone))


def _drop(interp: Interpretation, drop: str) -> bool:
    """Remove one part; False when the interpretation did not have it."""
    if drop == "since":
        had, interp.active_since = interp.active_since is not None, None
        return had
    if drop == "seniority":
        had, interp.seniority = interp.seniority is not None, None
        return had
    kind, _, name = drop.partition(":")
    if kind == "exclusion":
        return _remove(interp.exclusions, lambda x: x == name)
    if kind == "keyword":
        return _remove(interp.keywords, lambda x: x.lower() == name)
    plain = {"skill": interp.skills, "language": interp.languages, "repo": interp.repos}[kind]
    removed = _remove(plain, lambda x: x == name)

    def named(criterion: str) -> bool:
        return criterion == drop or criterion.startswith(drop + ":")

    removed |= _remove(interp.prefer, named)
    removed |= _remove(interp.avoid, named)
    groups, terms = [], []
    for i, group in enumerate(interp.groups):
        kept = [c for c in group if not named(c)]
        removed |= len(kept) < len(group)
        if kept:
            groups.append(kept)
            if i < len(interp.group_terms):
                terms.append(interp.group_terms[i])
    interp.groups, interp.group_terms = groups, terms
    return removed


def _remove(items: list[str], doomed: Callable[[str], bool]) -> bool:
    before = len(items)
    items[:] = [x for x in items if not doomed(x)]
    return len(items) < before
