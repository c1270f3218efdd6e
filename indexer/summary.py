"""Deterministic English summaries of profiles: the text that is embedded and shown to recruiters.

No language model writes these: the same profile gives the same words, so re-indexing an unchanged
repo re-embeds nothing. The wording carries what a recruiter would type (language names, repo names,
skill labels, formats and ISAs), because that is what the dense retriever matches against.
"""

from __future__ import annotations

from datetime import date

from models.records import Profile
from models.taxonomy import LANGUAGE_NAMES, SKILLS

LEAD_SHARE = 0.1  # a language must hold this share of added lines to lead the summary
STRONG = 0.3
SOME = 0.1
MAX_REPOS = 3
MAX_STRONG = 8  # the summary is embedded: a skill left out of it cannot be found by meaning
MAX_SOME = 4


def summarize(profile: Profile) -> str:
    parts = [_lead(profile)]
    repos = _repos(profile)
    if repos:
        parts.append(repos)
    parts.extend(_skills(profile))
    if profile.unsafe_share:
        parts.append(f"unsafe Rust in {_pct(profile.unsafe_share)} of added Rust lines")
    if profile.benchmark_changes:
        n = profile.benchmark_changes
        parts.append(f"benchmark numbers in {n} change{'s' if n != 1 else ''}")
    parts.append(_character(profile))
    return "; ".join(p for p in parts if p) + "."


def language_name(key: str) -> str:
    return LANGUAGE_NAMES.get(key, key)


def _lead(profile: Profile) -> str:
    total = sum(profile.languages.values())
    ranked = sorted(profile.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    leading = [k for k, v in ranked if total and v / total >= LEAD_SHARE][:3]
    if not leading:
        return "Contributor"
    return f"{_join([language_name(k) for k in leading])} engineer"


def _repos(profile: Profile) -> str:
    if not profile.repos:
        return ""
    items = sorted(profile.repos.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_REPOS]
    first_repo, first_n = items[0]
    text = f"{first_n} commit{'s' if first_n != 1 else ''} to {first_repo}"
    rest = [f"{n} to {repo}" for repo, n in items[1:]]
    if rest:
        text = ", ".join([text, *rest])
    more = len(profile.repos) - len(items)
    if more > 0:
        text += f" and {more} more repo{'s' if more != 1 else ''}"
    span = _span(profile.activity.first_date, profile.activity.last_date)
    return f"{text} ({span})" if span else text


def _skills(profile: Profile) -> list[str]:
    ranked = sorted(profile.skills.values(), key=lambda s: (-s.score, s.skill))
    if profile.benchmark_changes:  # said once, with the count, by "benchmark numbers in N changes"
        ranked = [s for s in ranked if s.skill != "benchmark_claim"]
    phrases = [(s.score, _skill_phrase(s.skill, s.details)) for s in ranked if s.score >= SOME]
    strong = [text for score, text in phrases if score >= STRONG][:MAX_STRONG]
    some = [text for _, text in phrases if text not in strong][:MAX_SOME]
    out = []
    if strong:
        out.append(f"strong in {_join(strong)}")
    if some:
        out.append(f"some {_join(some)}")
    return out


def _skill_phrase(key: str, details: list[str]) -> str:
    skill = SKILLS.get(key)
    label = skill.label if skill else key.replace("_", " ")
    return f"{label} ({', '.join(details[:4])})" if details else label


def _character(profile: Profile) -> str:
    bits = []
    if profile.systems_share >= 0.5:
        bits.append(f"mostly systems-level code ({_pct(profile.systems_share)} of added lines)")
    elif profile.systems_share > 0:
        bits.append(f"mostly application-level code ({_pct(1 - profile.systems_share)} of added lines)")
    flag_words = {
        "python_only": "mostly Python-only changes",
        "docs_only": "mostly documentation changes",
        "typo_only": "mostly typo fixes",
        "ci_only": "mostly CI changes",
        "tests_only": "mostly test changes",
    }
    bits.extend(flag_words[f] for f in profile.flags if f in flag_words)
    weeks = profile.activity.active_weeks
    if weeks:
        bits.append(f"active in {weeks} week{'s' if weeks != 1 else ''}")
    return "; ".join(bits)


def _span(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return ""
    a, b = first.strftime("%Y-%m"), last.strftime("%Y-%m")
    return a if a == b else f"{a} – {b}"


def _pct(x: float) -> str:
    return "<1%" if 0 < x < 0.005 else f"{round(100 * x)}%"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
