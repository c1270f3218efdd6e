"""`scout profile ID [--json]`: one person's profile with the evidence behind each skill."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from models.records import Evidence, Profile

SNIPPET_LINES = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="show one person's profile and evidence",
        description="Show one person's profile: ID is a person id, gh:LOGIN, a login or an email.",
    )
    parser.add_argument("id", metavar="ID", help="person id, gh:login, login or email")
    parser.add_argument("--json", action="store_true", help="print the Profile record as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.profiles import load_profile
    from indexer.store import Store

    store = Store.open(settings.db_path, read_only=True)
    try:
        person = store.find_person(args.id)
        profile = load_profile(store, person) if person else None
    finally:
        store.close()
    if profile is None:
        raise ScoutError(
            f"no profile for {args.id!r} in {settings.db_path}: give a person id, gh:login, login or email "
            "(run `scout index` first if the index is new)"
        )
    print(profile.model_dump_json(indent=2) if args.json else render(profile))
    return 0


def render(p: Profile) -> str:
    from indexer.summary import language_name
    from models.taxonomy import SKILLS

    a = p.activity
    lines = [f"{p.names[0] if p.names else p.id} ({p.id})"]
    if p.login:
        lines.append(f"login:     {p.login}")
    lines.append(f"emails:    {', '.join(p.emails)}")
    if len(p.names) > 1:
        lines.append(f"names:     {', '.join(p.names)}")
    lines.append(f"summary:   {p.summary}")
    lines.append(
        f"activity:  {a.commits} commits, {a.active_weeks} active weeks, {a.first_date or '?'} to {a.last_date or '?'}"
    )
    lines.append("repos:     " + ", ".join(f"{r} ({n})" for r, n in p.repos.items()))
    if p.languages:
        lines.append("languages: " + ", ".join(f"{language_name(k)} {v}" for k, v in p.languages.items()) + " lines")
    unsafe = f", unsafe Rust {round(100 * p.unsafe_share)}%" if p.unsafe_share is not None else ""
    lines.append(f"systems:   {round(100 * p.systems_share)}% of added lines, depth {p.depth:.2f}{unsafe}")
    if p.flags:
        lines.append(f"flags:     {', '.join(p.flags)}")
    if p.benchmark_changes:
        lines.append(f"benchmarks: {p.benchmark_changes} changes with numbers")
    lines.append("skills:")
    if not p.skills:
        lines.append("  (none detected)")
    for s in sorted(p.skills.values(), key=lambda s: (-s.score, s.skill)):
        label = SKILLS[s.skill].label if s.skill in SKILLS else s.skill
        details = f" [{', '.join(s.details)}]" if s.details else ""
        lines.append(f"  {label}: {s.score:.2f} over {s.commits} changes, last {s.last_date or '?'}{details}")
        lines.extend(_evidence(e) for e in s.evidence)
    return "\n".join(lines)


def _evidence(e: Evidence) -> str:
    where = f" {e.path}:{e.line}" if e.path and e.line else (f" {e.path}" if e.path else "")
    at = f"{e.repo}@{e.sha[:7]}" if e.sha else f"{e.repo} (pull request)"
    head = f"    {at}{where}  {e.title}".rstrip()
    snippet = [f"      | {line}" for line in e.snippet.splitlines()[:SNIPPET_LINES] if line.strip()]
    return "\n".join([head, *snippet])
