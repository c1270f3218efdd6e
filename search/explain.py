"""Explanations: the criteria a match met, the commits behind them, and one line a recruiter can paste."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from models.records import Criterion, Evidence, Interpretation, Match, Profile, SkillScore
from models.taxonomy import LANGUAGE_NAMES, SKILLS
from search.rank import Scored, criterion_strength, names_detail, shows_detail

MAX_EVIDENCE = 3
TITLE_CHARS = 72
# A word of the sentence found in someone's commit text is shown as a criterion from this score (0..1).
TEXT_MIN_SCORE = 0.05

# person id, words -> the person's commits whose text has them (search.lexical, as Evidence).
TextEvidence = Callable[[str, list[str]], list[Evidence]]

LANGUAGE_EXTENSIONS = {
    "rust": (".rs",),
    "cpp": (".cpp", ".cc", ".cxx", ".hpp", ".hh", ".h"),
    "c": (".c", ".h"),
    "cuda": (".cu", ".cuh"),
    "metal": (".metal",),
    "python": (".py", ".pyi"),
    "glsl": (".glsl", ".comp", ".vert", ".frag"),
    "wgsl": (".wgsl",),
    "opencl": (".cl",),
    "swift": (".swift",),
    "objc": (".m", ".mm"),
    "go": (".go",),
    "zig": (".zig",),
}

# Skills that support a profile but do not headline it unless asked for.
SUPPORTING = frozenset({"tests_with_code", "code_review"})
# Skills whose details are hardware they were measured on: "... on M2 Max and H100".
MEASURED = frozenset({"benchmark_claim", "profiling"})
DETAIL_NAMES = {
    "neon": "NEON",
    "avx": "AVX",
    "avx2": "AVX2",
    "avx512": "AVX-512",
    "sse": "SSE",
    "sve": "SVE",
    "rvv": "RVV",
    "wgsl": "WGSL",
    "glsl": "GLSL",
    "sycl": "SYCL",
    "opencl": "OpenCL",
    "cubecl": "CubeCL",
    "vulkan": "Vulkan",
}


def explain(
    scored: Scored,
    interp: Interpretation,
    rank: int,
    prevalence: Mapping[str, int] | None = None,
    text_evidence: TextEvidence | None = None,
) -> Match:
    """The Match for one ranked profile: criteria with evidence, breakdown, why, summary, activity.

    `prevalence` (people per skill in the index) lets the why line lead with the rarer of the skills
    asked for: "attention kernels" says more than "CUDA kernels" about a flash-attention author.
    `text_evidence` finds the commits behind words matched in commit text rather than by a skill."""
    p = scored.profile
    text = text_criteria(scored, interp, text_evidence)
    return Match(
        rank=rank,
        id=p.id,
        name=p.names[0] if p.names else p.id,
        login=p.login,
        emails=list(p.emails),
        score=round(scored.score, 4),
        breakdown=scored.breakdown,
        criteria=criteria(scored, interp) + text,
        why=why(p, interp, scored, prevalence, text),
        summary=p.summary,
        activity=p.activity,
        repos=p.repos,
    )


def text_criteria(scored: Scored, interp: Interpretation, text_evidence: TextEvidence | None) -> list[Criterion]:
    """`text:WORD` criteria for words the sentence asked for that the person's commit text shows, where no
    skill of theirs already met the group (a keyword always counts): the commits that mention them."""
    if text_evidence is None:
        return []
    words: list[str] = []
    for group, terms in zip(interp.groups, interp.group_terms, strict=False):
        if not any(scored.met.get(n) for n in group):
            words.extend(terms)
    words.extend(interp.keywords)
    out: list[Criterion] = []
    for word in dict.fromkeys(words):
        strength = scored.lexical.get(word, 0.0)
        if strength < TEXT_MIN_SCORE:
            continue
        evidence = text_evidence(scored.profile.id, [word])[:MAX_EVIDENCE]
        if evidence:
            out.append(Criterion(name=f"text:{word}", strength=round(strength, 4), evidence=evidence))
    return out


def criteria(scored: Scored, interp: Interpretation) -> list[Criterion]:
    p = scored.profile
    out: list[Criterion] = []
    for name in (n for g in interp.groups for n in g):
        strength = scored.strengths.get(name, 0.0)
        if strength <= 0:
            continue
        kind, _, value = name.partition(":")
        if kind == "skill":
            value, _, detail = value.partition(":")
            evidence = _prefer_repos(p.skills[value].evidence, interp.repos) if value in p.skills else []
            if detail:  # "NEON kernels": NEON code, not the person's AVX2
                evidence = [e for e in evidence if shows_detail(e, detail)]
        elif kind == "repo":
            evidence = _dedupe([e for s in _skills_by_score(p) for e in s.evidence if e.repo == value])
        else:
            evidence = _language_evidence(p, value, interp.repos)
        out.append(Criterion(name=name, strength=round(strength, 4), evidence=evidence[:MAX_EVIDENCE]))
    for repo in interp.repos:
        commits = p.repos.get(repo, 0)
        if commits:
            in_repo = [e for s in _skills_by_score(p) for e in s.evidence if e.repo == repo]
            strength, _ = criterion_strength(p, f"repo:{repo}")
            out.append(Criterion(name=f"repo:{repo}", strength=round(strength, 4), evidence=_dedupe(in_repo)[:3]))
    return out


def why(
    p: Profile,
    interp: Interpretation,
    scored: Scored | None = None,
    prevalence: Mapping[str, int] | None = None,
    text: list[Criterion] | None = None,
) -> str:
    """One pasteable line built from the strongest matched skill's evidence, else the commits that mention
    what was asked, else the person's best work."""
    names = [n for g in interp.groups for n in g if n.startswith("skill:")]
    met = [n.split(":")[1] for n in names if n.split(":")[1] in p.skills and (scored is None or scored.met.get(n))]
    asked_details = [n.split(":")[2] for n in names if n.count(":") == 2]
    wanted = [n.split(":")[1] for n in names]
    common = prevalence or {}
    skill = max(met, key=lambda k: (p.skills[k].score >= 0.3, -common.get(k, 0), p.skills[k].score), default=None)
    asked_other = any(not n.startswith("skill:") for g in interp.groups for n in g)
    if skill is None and not wanted and not asked_other:
        # Nothing structured was asked: lead with the person's strongest systems skill.
        skill = next((s.skill for s in _skills_by_score(p) if s.skill not in SUPPORTING and s.score >= 0.1), None)
    if skill is not None:
        return _skill_line(p.skills[skill], interp.repos, asked_details)
    if text:
        return _text_line(max(text, key=lambda c: c.strength))
    return _language_line(p, interp)


def _text_line(c: Criterion) -> str:
    word = c.name.split(":", 1)[1]
    places = _repo_names([e.repo for e in c.evidence])
    where = f" in {places}" if places else ""
    title = c.evidence[0].title.strip() if c.evidence else ""
    short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
    example = f', e.g. "{short}"' if short else ""
    return f'Commits{where} mention "{word}"{example}'


def _skill_line(s: SkillScore, repos: Iterable[str], asked: Iterable[str] = ()) -> str:
    """The why for one skill; details that were asked for ("skill:simd:neon") come first, with their evidence."""
    asked = list(asked)
    first = [d for d in s.details if d and any(names_detail(d, a) for a in asked)]
    # A detail that only repeats the skill's own name ("simd" for SIMD) says nothing.
    named = [d for d in (*first, *(d for d in s.details if d and d not in first)) if d.lower() != s.skill]
    details = [DETAIL_NAMES.get(d.lower(), d) for d in named][:2]
    if first:
        shown = [e for e in s.evidence if any(shows_detail(e, a) for a in asked)]
        s = s.model_copy(update={"evidence": shown + [e for e in s.evidence if e not in shown]})
    d = (" and ".join(details) + " ") if details and s.skill not in MEASURED else ""
    phrase = SKILLS[s.skill].phrase if s.skill in SKILLS else "Worked on {d}" + s.skill
    phrase = phrase.format(d=d).replace("the  ", "the ")
    if not details:
        phrase = phrase.replace("Wrote the ", "Wrote ")
    places = _repo_names([e.repo for e in _prefer_repos(s.evidence, list(repos))])
    where = f" in {places}" if places else ""
    when = f", {s.last_date.year}" if s.last_date else ""
    n = s.commits
    on = f" on {' and '.join(details)}" if details and s.skill in MEASURED else ""
    line = f"{phrase}{on}{where} ({n} commit{'s' if n != 1 else ''}{when})"
    title = _telling_title(s)
    if title:
        short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
        line += f', e.g. "{short}"'
    return line


def _telling_title(s: SkillScore) -> str:
    """The evidence title that names the skill ("Add Q4_K dequant"), else the strongest one's title."""
    skill = SKILLS.get(s.skill)
    words = {w.lower() for w in (*(skill.synonyms if skill else ()), *s.details) if len(w) >= 3}
    titles = [e.title.strip() for e in s.evidence if e.title.strip()]
    telling = (t for t in titles if any(w in t.lower() for w in words))
    return next(telling, titles[0] if titles else "")


def _language_line(p: Profile, interp: Interpretation) -> str:
    wanted = [n.split(":", 1)[1] for g in interp.groups for n in g if n.startswith("language:")]
    langs = [lang for lang in wanted if p.languages.get(lang, 0) > 0] or [
        lang for lang, _ in sorted(p.languages.items(), key=lambda kv: -kv[1])[:1]
    ]
    a = p.activity
    years = ""
    if a.first_date and a.last_date:
        first, last = a.first_date.year, a.last_date.year
        years = f", {last}" if first == last else f", {first}–{last}"
    repos = sorted(p.repos, key=lambda r: -p.repos[r])
    repos = [r for r in repos if r in interp.repos] or repos
    where = f" in {_repo_names(repos)}" if repos else ""
    commits = f"({a.commits} commit{'s' if a.commits != 1 else ''}{years})"
    if not langs:
        return f"Contributed{where} {commits}"
    lines = sum(p.languages.get(lang, 0) for lang in langs)
    names = " and ".join(LANGUAGE_NAMES.get(lang, lang) for lang in langs[:2])
    return f"Wrote {_amount(lines)} lines of {names}{where} {commits}"


def _amount(lines: int) -> str:
    return f"{lines / 1000:.1f}k".replace(".0k", "k") if lines >= 1000 else str(lines)


def _repo_names(repos: list[str]) -> str:
    counts = Counter(repos)
    names = [r.split("/", 1)[-1] for r, _ in counts.most_common(2)]
    return " and ".join(names)


def _skills_by_score(p: Profile) -> list[SkillScore]:
    return sorted(p.skills.values(), key=lambda s: -s.score)


def _prefer_repos(evidence: list[Evidence], repos: list[str]) -> list[Evidence]:
    if not repos:
        return list(evidence)
    wanted = set(repos)
    return [e for e in evidence if e.repo in wanted] + [e for e in evidence if e.repo not in wanted]


def _language_evidence(p: Profile, language: str, repos: list[str]) -> list[Evidence]:
    exts = LANGUAGE_EXTENSIONS.get(language, ())
    found = [e for s in _skills_by_score(p) for e in s.evidence if e.path and e.path.lower().endswith(exts)]
    return _prefer_repos(_dedupe(found), repos)


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, str, str | None, int | None]] = set()
    out: list[Evidence] = []
    for e in evidence:
        key = (e.repo, e.sha, e.path, e.line)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
