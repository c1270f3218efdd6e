"""The sample corpus: a deterministic generator of git repositories, fictional people and their labels.

`generate(out_dir)` writes 8 repositories modelled on real ML systems projects (fictional owner
`corpus/`), a `repos.toml` manifest for `scout index --manifest`, and the labelled `profiles.jsonl` and
`queries.jsonl` of docs/EVALUATION.md. Each repository is written by one
`git fast-import` process fed the whole history on stdin (no `git commit` per commit), with fixed dates
and identities, so two runs give the same commit ids.

Labels come from construction: a person's skill grade follows from the tags of the code chunks their
commits added (see eval.corpus_code), their language grades from the lines they added per language,
never from what their commit messages claim.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from eval import corpus_code as cc
from eval.corpus_messages import KERNEL_WORK, PYTHON_CUDA_SUBJECTS, QUANT_CLAIM_SUBJECTS, compose
from eval.corpus_people import CORPUS_NOW, Persona, build_personas
from eval.corpus_queries import QUERIES
from eval.corpus_repos import REPO_BY_NAME, REPOS, VENDOR_PREFIX, RepoSpec, Slot
from models.errors import ScoutError

CORPUS_VERSION = "3"
INFO_FILE = "corpus.json"
MAX_CHUNKS = 8  # functions per file; then the next ones go to a new part file
SINGLE_CHUNK_LANGS = frozenset({"glsl", "wgsl"})  # one shader per file
VENDOR_SOURCE = "corpus/ggmlite"
VENDOR_TARGET = "corpus/llamalite"
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
ACTIONS_BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
HEADERS = {
    "c": '#include "ggml-impl.h"\n#include <math.h>\n#include <string.h>\n',
    "cpp": "#include <cstddef>\n#include <memory>\n#include <vector>\n",
    "cuda": '#include "common.cuh"\n#include <cuda_fp16.h>\n#include <cuda_bf16.h>\n',
    "metal": "#include <metal_stdlib>\nusing namespace metal;\n",
    "rust": "use crate::{bail, Result};\nuse half::{bf16, f16};\nuse std::sync::Arc;\n",
    "python": "import math\nimport os\n\nimport torch\n",
    "markdown": "# Documentation\n",
    "yaml": "name: CI\non: [push, pull_request]\njobs:\n",
}
COMMENT = {"c": "//", "cpp": "//", "cuda": "//", "metal": "//", "rust": "//", "python": "#"}
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",
}


@dataclass(frozen=True)
class CorpusInfo:
    root: Path
    manifest: Path
    profiles: Path
    queries: Path
    repos: dict[str, Path]  # owner/name -> repository path
    heads: dict[str, str]  # owner/name -> head commit sha
    people: int
    commits: int  # commits over all repositories (a vendored sync counts in each repo it landed in)
    authored: int  # distinct changes written by people (syncs counted once, bots excluded)
    seed: int
    version: str = CORPUS_VERSION

    def to_json(self) -> dict[str, object]:
        d = asdict(self)
        for k in ("root", "manifest", "profiles", "queries"):
            d[k] = str(d[k])
        d["repos"] = {k: str(v) for k, v in self.repos.items()}
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CorpusInfo:  # parsed JSON
        repos = d["repos"]
        assert isinstance(repos, dict)
        return cls(
            root=Path(str(d["root"])),
            manifest=Path(str(d["manifest"])),
            profiles=Path(str(d["profiles"])),
            queries=Path(str(d["queries"])),
            repos={k: Path(v) for k, v in repos.items()},
            heads=dict(d["heads"]),
            people=int(d["people"]),
            commits=int(d["commits"]),
            authored=int(d["authored"]),
            seed=int(d["seed"]),
            version=str(d["version"]),
        )


@dataclass
class Intent:
    repo: str
    when: datetime
    persona: Persona | None  # None for bots
    work: str
    seq: int
    coauthor: Persona | None = None
    sync_of: Rendered | None = None  # a vendored sync replays this commit's changes
    named: Persona | None = None  # a stray commit: whose name it carries (with the persona's address)


@dataclass
class Rendered:
    intent: Intent
    author: tuple[str, str]
    message: str
    changes: list[tuple[str, str | None]]  # path -> new content (None = delete)
    committer: tuple[str, str] | None = None
    commit_when: datetime | None = None
    author_when: datetime | None = None  # differs from intent.when for vendored syncs


@dataclass
class Tally:
    """What one persona actually wrote: the source of their labels."""

    tags: Counter[str] = field(default_factory=Counter)
    lines: Counter[str] = field(default_factory=Counter)
    repos: Counter[str] = field(default_factory=Counter)
    authored: int = 0
    last: date | None = None

    def seen(self, repo: str, day: date) -> None:
        self.repos[repo] += 1
        self.last = day if self.last is None or day > self.last else self.last


# --- planning ----------------------------------------------------------------------------------------


def _slots_for(spec: RepoSpec, persona: Persona, work: str) -> list[Slot]:
    want = "docs" if work == "typo" else work
    out = []
    for s in spec.slots:
        if s.work != want:
            continue
        if s.language not in ("markdown", "yaml") and s.language not in persona.langs:
            continue
        if s.isa is not None and s.isa not in persona.isas:
            continue
        out.append(s)
    return out


def _commit_days(r: random.Random, p: Persona) -> list[date]:
    span = (p.end - p.start).days
    days = sorted(p.start + timedelta(days=r.randint(0, span)) for _ in range(p.commits - 1))
    return days + [p.end]  # the last commit is on the persona's end date, so last_active is known


def _at(r: random.Random, day: date, tz: str) -> datetime:
    sign = 1 if tz[0] == "+" else -1
    offset = timezone(sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])))
    return datetime(day.year, day.month, day.day, r.randint(8, 23), r.randint(0, 59), r.randint(0, 59), tzinfo=offset)


def plan(people: list[Persona], seed: int) -> list[Intent]:
    r = random.Random(f"scout-corpus-plan:{seed}")
    intents: list[Intent] = []
    seq = 0
    peers: dict[str, list[Persona]] = defaultdict(list)
    for p in people:
        peers[p.archetype].append(p)
    for p in people:
        works = [w for w in p.work if any(_slots_for(REPO_BY_NAME[n], p, w) for n in p.repos)]
        weights = [p.work[w] for w in works]
        for day in _commit_days(r, p):
            work = r.choices(works, weights)[0]
            repos = [n for n in p.repos if _slots_for(REPO_BY_NAME[n], p, work)]
            repo = r.choices(repos, [p.repos[n] for n in repos])[0]
            co = None
            mates = [m for m in peers[p.archetype] if m is not p and m.start <= day <= m.end]
            if work in KERNEL_WORK and mates and r.random() < 0.04:
                co = r.choice(mates)
            intents.append(Intent(repo, _at(r, day, p.tz), p, work, seq, coauthor=co))
            seq += 1
    # The person with three addresses maps the old personal one onto the work one in .mailmap.
    for p in people:
        if "three_emails" in p.notes:
            day = date(2023, 1, 10)
            intents.append(Intent("corpus/tensorkit", _at(r, day, p.tz), p, "mailmap", seq))
            seq += 1
    # One commit by a prolific maintainer of tensorkit carries the three-address person's name with the
    # maintainer's own address (a shared machine, a copied config): it must not join the two.
    stray = _stray_name_pair(people)
    if stray is not None:
        at = datetime(2024, 5, 14, 11, 30, tzinfo=UTC)  # fixed, so the rest of the history is unchanged
        intents.append(Intent("corpus/tensorkit", at, stray[0], "stray_name", seq, named=stray[1]))
        seq += 1
    # Bots: dependency bumps and changelog updates.
    for repo, n_dep, n_log in (
        ("corpus/tensorkit", 14, 8),
        ("corpus/servelite", 16, 6),
        ("corpus/trainwell", 12, 0),
        ("corpus/tokenizer-rs", 10, 0),
    ):
        first = date(max(REPO_BY_NAME[repo].first_year, 2022), 3, 1)
        for work, n in (("bot_deps", n_dep), ("bot_changelog", n_log)):
            for _ in range(n):
                day = first + timedelta(days=r.randint(0, (CORPUS_NOW - first).days - 2))
                intents.append(Intent(repo, _at(r, day, "+0000"), None, work, seq))
                seq += 1
    return intents


# --- rendering ---------------------------------------------------------------------------------------


@dataclass
class RepoState:
    files: dict[str, list[str]] = field(default_factory=dict)  # path -> chunks
    raw: dict[str, str] = field(default_factory=dict)  # path -> whole content (docs typos, deps)
    parts: dict[str, int] = field(default_factory=dict)  # slot path -> current split number
    counter: int = 0

    def content(self, path: str, language: str) -> str:
        if path in self.raw:
            return self.raw[path]
        chunks = self.files[path]
        if language in SINGLE_CHUNK_LANGS:
            return chunks[-1]
        return HEADERS.get(language, "") + "\n" + "\n".join(chunks)


def _part_path(path: str, part: int) -> str:
    if part == 1:
        return path
    stem, ext = path.rsplit(".", 1)
    return f"{stem}_{part}.{ext}"


TYPOS = (("recieve", "receive"), ("seperate", "separate"), ("occured", "occurred"))


def _render_typo(state: RepoState, spec: RepoSpec, r: random.Random) -> tuple[str, str, str] | None:
    for path in sorted(state.files):
        if not path.endswith(".md"):
            continue
        text = state.content(path, "markdown")
        for wrong, right in TYPOS:
            if wrong in text:
                state.raw[path] = text.replace(wrong, right, 1)
                return path, state.raw[path], f"fix typo ({wrong} -> {right})"
    return None


def _render_work(
    intent: Intent, spec: RepoSpec, state: RepoState, r: random.Random, tally: Tally
) -> tuple[list[tuple[str, str | None]], str, Slot | None, bool]:
    p = intent.persona
    assert p is not None
    if intent.work == "typo":
        done = _render_typo(state, spec, r)
        if done is not None:
            path, text, what = done
            tally.tags["docs"] += 1
            tally.tags["typo"] += 1
            tally.lines["markdown"] += 1
            return [(path, text)], what, None, False
    slots = _slots_for(spec, p, "docs" if intent.work == "typo" else intent.work)
    slot = slots[r.randrange(len(slots))]
    state.counter += 1
    chunk = slot.make(r, state.counter)
    comment = COMMENT.get(slot.language)
    if comment and "ref: #" not in chunk.text:
        # A PR reference keeps two look-alike functions from making byte-identical patches (same patch id).
        chunk = cc.Chunk(f"{comment} ref: #{state.counter}\n{chunk.text}", chunk.tags, chunk.what)
    path = slot.path
    if slot.language in SINGLE_CHUNK_LANGS:
        stem, ext = path.rsplit(".", 1)
        path = f"{stem}_{state.counter}.{ext}"
    if slot.language not in SINGLE_CHUNK_LANGS:
        # A full file is split rather than trimmed: removing and adding look-alike functions in one commit
        # diffs to a few changed lines, and the added lines must show the whole new code.
        part = state.parts.get(slot.path, 1)
        path = _part_path(slot.path, part)
        if len(state.files.get(path, ())) >= MAX_CHUNKS:
            state.parts[slot.path] = part + 1
            path = _part_path(slot.path, part + 1)
    if path in state.raw:  # a docs file edited as a whole (typo fix) goes back to chunks plus that edit
        state.files[path] = [state.raw.pop(path).split("\n", 2)[-1]]
    state.files.setdefault(path, []).append(chunk.text)
    rewrite = r.random() < 0.2  # worded as a fix or an optimisation
    tally.tags.update(chunk.tags)
    tally.lines[slot.language] += chunk.text.count("\n")
    return [(path, state.content(path, slot.language))], chunk.what, slot, rewrite


def _render_bot(intent: Intent, state: RepoState, r: random.Random) -> Rendered:
    if intent.work == "bot_deps":
        rust = intent.repo in ("corpus/tensorkit", "corpus/tokenizer-rs")
        path = "Cargo.toml" if rust else "requirements.txt"
        deps = ("half", "safetensors", "rayon", "thiserror") if rust else ("torch", "numpy", "fastapi", "pydantic")
        versions = state.raw.get(path)
        current = dict(line.split(" = ") for line in versions.splitlines()[1:]) if rust and versions else {}
        if not rust and versions:
            current = dict(line.split("==") for line in versions.splitlines())
        dep = r.choice(deps)
        old = current.get(dep, '"0.1.0"' if rust else "1.0.0").strip('"')
        major, minor, patch = (int(x) for x in old.split("."))
        new = f"{major}.{minor + 1}.{r.randint(0, 3)}" if r.random() < 0.3 else f"{major}.{minor}.{patch + 1}"
        current[dep] = f'"{new}"' if rust else new
        if rust:
            text = "[workspace.dependencies]\n" + "".join(f"{k} = {v}\n" for k, v in sorted(current.items()))
        else:
            text = "".join(f"{k}=={v}\n" for k, v in sorted(current.items()))
        state.raw[path] = text
        msg = (
            f"chore(deps): bump {dep} from {old} to {new}\n\nBumps {dep} from {old} to {new}.\n\n"
            "Signed-off-by: dependabot[bot] <support@github.com>"
        )
        return Rendered(intent, DEPENDABOT, msg, [(path, text)])
    path = "CHANGELOG.md"
    text = state.raw.get(path, "# Changelog\n")
    version = f"0.{text.count('## ') + 1}.0"
    text = text + f"\n## {version} ({intent.when.date().isoformat()})\n\n- see the release notes\n"
    state.raw[path] = text
    return Rendered(intent, ACTIONS_BOT, f"chore: update CHANGELOG for {version}", [(path, text)])


def _stray_name_pair(people: list[Persona]) -> tuple[Persona, Persona] | None:
    """(a prolific tensorkit maintainer with a plain address, the person whose name their stray commit carries)."""
    named = next((p for p in people if "three_emails" in p.notes), None)
    peers = [
        p
        for p in people
        if p is not named and "corpus/tensorkit" in p.repos and "noreply" not in p.emails[0][0] and not p.login
    ]
    if named is None or not peers:
        return None
    maintainer = max(peers, key=lambda p: (p.commits, p.key))
    maintainer.notes.append("stray_name_commit")
    return maintainer, named


def _identity(p: Persona, day: date) -> tuple[str, str]:
    return p.name, p.email_on(day)


def render_repo(
    spec: RepoSpec, intents: list[Intent], seed: int, tallies: dict[str, Tally], prs: Iterable[int]
) -> list[Rendered]:
    r = random.Random(f"scout-corpus-render:{seed}:{spec.name}")
    state = RepoState()
    pr_iter = iter(prs)
    out: list[Rendered] = []
    for intent in sorted(intents, key=lambda i: (i.when.astimezone(UTC), i.seq)):
        if intent.sync_of is not None:
            src = intent.sync_of
            for path, text in src.changes:
                if text is not None:
                    state.raw[path] = text
            out.append(
                Rendered(
                    intent,
                    src.author,
                    src.message,
                    src.changes,
                    committer=src.author,
                    commit_when=intent.when,
                    author_when=src.intent.when,
                )
            )
            assert intent.persona is not None
            tallies[intent.persona.key].seen(spec.name, src.intent.when.date())
            if src.intent.coauthor is not None:
                tallies[src.intent.coauthor.key].seen(spec.name, src.intent.when.date())
            continue
        if intent.persona is None:
            out.append(_render_bot(intent, state, r))
            continue
        p = intent.persona
        tally = tallies[p.key]
        if intent.work == "mailmap":
            tally.authored += 1
            tally.seen(spec.name, intent.when.date())
            old, current = p.emails[0][0], p.emails[1][0]
            text = f"{p.name} <{current}> <{old}>\n"
            state.raw[".mailmap"] = text
            author = _identity(p, intent.when.date())
            out.append(Rendered(intent, author, "chore: add .mailmap entry for my old address", [(".mailmap", text)]))
            continue
        if intent.work == "stray_name":
            tally.authored += 1
            tally.seen(spec.name, intent.when.date())
            assert intent.named is not None
            text = state.raw.get("CONTRIBUTORS.md", "# Contributors\n") + f"- {p.name}\n"
            state.raw["CONTRIBUTORS.md"] = text
            author = (intent.named.name, p.email_on(intent.when.date()))
            out.append(Rendered(intent, author, "docs: add me to CONTRIBUTORS", [("CONTRIBUTORS.md", text)]))
            continue
        changes, what, slot, rewrite = _render_work(intent, spec, state, r, tally)
        path = changes[0][0]
        bench = intent.work in KERNEL_WORK and r.random() < p.bench
        if bench:
            tally.tags["benchmark_claim"] += 1
        if intent.work == "quant_claim":
            what = r.choice(QUANT_CLAIM_SUBJECTS).format(qt=r.choice(cc.QTYPES))
        elif intent.work == "training" and r.random() < 0.2:
            what = r.choice(PYTHON_CUDA_SUBJECTS)
        message = compose(r, spec.style, path, intent.work, what, bench=bench, rewrite=rewrite, pr=next(pr_iter))
        if intent.coauthor is not None:
            co = intent.coauthor
            name, email = _identity(co, intent.when.date())
            message += f"\n\nCo-authored-by: {name} <{email}>"
            tallies[co.key].seen(spec.name, intent.when.date())
        tally.authored += 1
        tally.seen(spec.name, intent.when.date())
        out.append(Rendered(intent, _identity(p, intent.when.date()), message, changes))
    return out


# --- writing -----------------------------------------------------------------------------------------


def _git_time(when: datetime) -> str:
    off = when.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{int(when.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def fast_import_stream(commits: list[Rendered]) -> bytes:
    parts: list[bytes] = []
    for i, c in enumerate(commits, start=1):
        name, email = c.author
        cname, cemail = c.committer or c.author
        parts.append(b"commit refs/heads/main\nmark :%d\n" % i)
        parts.append(f"author {name} <{email}> {_git_time(c.author_when or c.intent.when)}\n".encode())
        parts.append(f"committer {cname} <{cemail}> {_git_time(c.commit_when or c.intent.when)}\n".encode())
        parts.append(_data(c.message))
        for path, text in c.changes:
            if text is None:
                parts.append(f"D {path}\n".encode())
            else:
                parts.append(f"M 100644 inline {path}\n".encode())
                parts.append(_data(text))
        parts.append(b"\n")
    return b"".join(parts)


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    try:
        proc = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ScoutError("git is not installed or not on PATH: install git to build the sample corpus") from exc
    if proc.returncode != 0:
        raise ScoutError(f"git {args[0]} failed in {cwd}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode()


def write_repo(path: Path, commits: list[Rendered]) -> str:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    _git(["init", "-q", "-b", "main", "."], path)
    _git(["fast-import", "--quiet", "--done"], path, fast_import_stream(commits) + b"done\n")
    _git(["reset", "-q", "--hard", "main"], path)
    return _git(["rev-parse", "HEAD"], path).strip()


# --- labels ------------------------------------------------------------------------------------------


def skill_grade(count: int, total: int) -> int:
    """Grade from how much of a person's work shows a skill: the core of their work, a solid part, a touch."""
    if count == 0 or total == 0:
        return 0
    share = count / total
    if count >= 6 and share >= 0.2:
        return 3
    if (count >= 3 and share >= 0.07) or count >= 10:
        return 2
    return 1


def language_grade(lines: int, total: int) -> int:
    if lines == 0 or total == 0:
        return 0
    share = lines / total
    if share >= 0.35 and lines >= 150:
        return 3
    if share >= 0.12 and lines >= 40:
        return 2
    return 1


def labels_of(t: Tally) -> dict[str, int]:
    labels: dict[str, int] = {}
    for tag, count in t.tags.items():
        if tag in ("app", "typo"):
            continue
        grade = skill_grade(count, t.authored)
        if grade:
            labels[tag] = grade
    total_lines = sum(t.lines.values())
    for lang, lines in t.lines.items():
        if lang in ("markdown", "yaml"):
            continue
        grade = language_grade(lines, total_lines)
        if grade:
            labels[lang] = grade
    return dict(sorted(labels.items()))


def profile_line(p: Persona, t: Tally) -> dict[str, object]:
    aliases = sorted({e.lower() for e, _, _ in p.emails})
    if p.login:
        aliases.append(f"gh:{p.login.lower()}")
    return {
        "id": p.key,
        "name": p.name,
        "aliases": aliases,
        "labels": labels_of(t),
        "repos": dict(sorted(t.repos.items())),
        "last_active": t.last.isoformat() if t.last else None,
        "notes": p.notes,
    }


# --- entry point -------------------------------------------------------------------------------------


def _reuse(out_dir: Path, seed: int) -> CorpusInfo | None:
    info_path = out_dir / INFO_FILE
    if not info_path.exists():
        return None
    try:
        info = CorpusInfo.from_json(json.loads(info_path.read_text()))
    except (ValueError, KeyError, TypeError, AssertionError):
        return None
    if info.version != CORPUS_VERSION or info.seed != seed or info.root != out_dir:
        return None
    for name, path in info.repos.items():
        try:
            head = _git(["rev-parse", "HEAD"], path).strip()
        except (ScoutError, OSError):
            return None
        if head != info.heads.get(name):
            return None
    if not (info.manifest.exists() and info.profiles.exists() and info.queries.exists()):
        return None
    return info


def generate(out_dir: Path, seed: int = 7) -> CorpusInfo:
    """Write the sample corpus into out_dir (or reuse it when the same version is already there)."""
    out_dir = Path(out_dir).resolve()
    reused = _reuse(out_dir, seed)
    if reused is not None:
        return reused
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScoutError(f"cannot create the sample corpus directory {out_dir}: {exc}") from exc
    (out_dir / INFO_FILE).unlink(missing_ok=True)
    people = build_personas(seed)
    intents = plan(people, seed)
    by_repo: dict[str, list[Intent]] = defaultdict(list)
    for intent in intents:
        by_repo[intent.repo].append(intent)
    tallies = {p.key: Tally() for p in people}
    pr_numbers = random.Random(f"scout-corpus-prs:{seed}").sample(range(100, 9999), 8000)
    rendered: dict[str, list[Rendered]] = {}
    order = [VENDOR_SOURCE] + [s.name for s in REPOS if s.name != VENDOR_SOURCE]
    for k, name in enumerate(order):
        if name == VENDOR_TARGET:
            by_repo[name] += _syncs(rendered[VENDOR_SOURCE])
        rendered[name] = render_repo(REPO_BY_NAME[name], by_repo[name], seed, tallies, pr_numbers[k * 1000 :])
    repos_dir = out_dir / "repos"
    paths: dict[str, Path] = {}
    for spec in REPOS:
        paths[spec.name] = repos_dir / spec.name.split("/", 1)[1]
    # One fast-import per repo; git does the work, so threads are enough to use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {name: pool.submit(write_repo, path, rendered[name]) for name, path in paths.items()}
        heads = {name: f.result() for name, f in futures.items()}
    manifest = out_dir / "repos.toml"
    manifest.write_text(
        "# The sample corpus: fictional repositories generated by eval.corpus.generate\n"
        + "".join(
            f'\n[[repo]]\npath = "{paths[s.name]}"\nname = "{s.name}"\ncategory = "{s.category}"\n' for s in REPOS
        )
    )
    profiles = out_dir / "profiles.jsonl"
    profiles.write_text("".join(json.dumps(profile_line(p, tallies[p.key])) + "\n" for p in people))
    queries = out_dir / "queries.jsonl"
    queries.write_text("".join(json.dumps(q) + "\n" for q in QUERIES))
    info = CorpusInfo(
        root=out_dir,
        manifest=manifest,
        profiles=profiles,
        queries=queries,
        repos=paths,
        heads=heads,
        people=len(people),
        commits=sum(len(v) for v in rendered.values()),
        authored=sum(t.authored for t in tallies.values()),
        seed=seed,
    )
    (out_dir / INFO_FILE).write_text(json.dumps(info.to_json(), indent=2) + "\n")
    return info


def _syncs(source: list[Rendered]) -> list[Intent]:
    """Vendored syncs: every upstream commit that only touches the library lands again, same patch."""
    out = []
    for c in source:
        if c.intent.persona is None or not all(path.startswith(VENDOR_PREFIX) for path, _ in c.changes):
            continue
        when = c.intent.when + timedelta(days=2, hours=3)
        out.append(Intent(VENDOR_TARGET, when, c.intent.persona, c.intent.work, c.intent.seq, sync_of=c))
    return out
