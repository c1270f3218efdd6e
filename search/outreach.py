"""An outreach draft built from what a person did: no model writes it and nothing is looked up elsewhere.

The role text goes through the same understanding as a search; the person's skills that it asks for (their
strongest first, else their top skills) supply the evidence, strongest and most recent first (the order the
profile keeps it in), preferring repositories the role names. Every repository and title in the message is
copied from that evidence, and the greeting uses the person's first name when the index has one.
"""

from __future__ import annotations

from models.records import Evidence, Interpretation, Profile, SkillScore
from models.taxonomy import SKILLS
from models.workspace import OutreachDraft

MAX_CITED = 2
MAX_TITLE = 120


def outreach_draft(p: Profile, role: str | None, understood: Interpretation | None) -> OutreachDraft:
    """The draft for `p`; `understood` is the role text as search understood it (None without a role)."""
    wanted_skills, wanted_repos = _asked_for(understood)
    skills = _relevant_skills(p, wanted_skills)
    cited = _cited_evidence(skills, wanted_repos)
    first = _first_name(p)
    skill = skills[0] if skills else None
    label = SKILLS[skill.skill].label if skill and skill.skill in SKILLS else None
    subject = _subject(cited, label, p)
    opening = _opening(cited, label, p)
    if len(cited) > 1:
        opening += f' I also noticed "{_title(cited[1])}" in {cited[1].repo}.'
    body = [f"Hi {first},", "", opening, "", _ask(role), "", "Best regards,"]
    return OutreachDraft(id=p.id, role=role, subject=subject, message="\n".join(body), evidence=cited)


def _asked_for(understood: Interpretation | None) -> tuple[list[str], list[str]]:
    """The skills and repositories the role names, in the order it names them."""
    if understood is None:
        return [], []
    names = [n for g in understood.groups for n in g] + list(understood.prefer)
    skills = list(understood.skills) + [n.split(":")[1] for n in names if n.startswith("skill:")]
    repos = list(understood.repos) + [n.removeprefix("repo:") for n in names if n.startswith("repo:")]
    return list(dict.fromkeys(skills)), list(dict.fromkeys(repos))


def _relevant_skills(p: Profile, wanted: list[str]) -> list[SkillScore]:
    with_evidence = [s for s in p.skills.values() if any(e.title.strip() for e in s.evidence)]
    strongest = sorted(with_evidence, key=lambda s: (-s.score, s.skill))
    asked = [s for s in strongest if s.skill in wanted]
    return asked or strongest


def _cited_evidence(skills: list[SkillScore], repos: list[str]) -> list[Evidence]:
    """Up to MAX_CITED pieces of titled evidence from different commits, those in the role's repositories first."""
    pool = [e for s in skills for e in s.evidence if e.title.strip()]
    pool.sort(key=lambda e: e.repo not in repos)  # stable: strength order kept within each side
    cited: list[Evidence] = []
    for e in pool:
        if len(cited) < MAX_CITED and all((e.repo, e.sha, e.title) != (c.repo, c.sha, c.title) for c in cited):
            cited.append(e)
    return cited


def _first_name(p: Profile) -> str:
    name = p.names[0].strip() if p.names else ""
    first = name.split()[0] if name else ""
    # A display name that is a handle or an address is not a first name: use the login then.
    if first and first.replace("-", "").replace("'", "").isalpha() and "@" not in name:
        return first
    return p.login or first or "there"


def _title(e: Evidence) -> str:
    title = " ".join(e.title.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def _subject(cited: list[Evidence], label: str | None, p: Profile) -> str:
    if cited:
        return f"Your {label + ' ' if label else ''}work in {cited[0].repo}"
    top = max(p.repos.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return f"Your work in {top[0]}" if top else "Your open-source work"


def _opening(cited: list[Evidence], label: str | None, p: Profile) -> str:
    if not cited:
        repos = sorted(p.repos, key=lambda r: (-p.repos[r], r))[:2]
        where = " and ".join(repos) if repos else "open source"
        return f"I have been reading your commits in {where}."
    e = cited[0]
    what = f" ({label}{': ' + ', '.join(e.details[:3]) if e.details else ''})" if label else ""
    return f'I came across your commit "{_title(e)}" in {e.repo}{what}.'


def _ask(role: str | None) -> str:
    if role and role.strip():
        return (
            f"We are hiring for {' '.join(role.split())}, and that work is close to what the role needs."
            " Would you be open to a short conversation about it?"
        )
    return "Work like that is what we are looking for. Would you be open to a short conversation?"
