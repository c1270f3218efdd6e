"""Which repositories to index: one PATH --name pair, or the [[repo]] tables of a TOML manifest."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.git import git_dir_of
from indexer.pipeline import validate_name
from models.catalog import check_category
from models.errors import ScoutError


@dataclass(frozen=True)
class RepoSpec:
    path: Path
    name: str
    category: str | None = None

    def check(self) -> None:
        """Fail before anything is opened: bad input must leave the index untouched."""
        validate_name(self.name)
        if self.category is not None:
            check_category(self.category)
        git_dir_of(self.path)


def load_manifest(path: Path) -> list[RepoSpec]:
    """[[repo]] tables with path (relative to the manifest), name and an optional category."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScoutError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScoutError(f"manifest {path} is not valid TOML: {exc}") from exc
    entries = data.get("repo")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ScoutError(f'manifest {path} has no [[repo]] entries: add [[repo]] tables with path = "..." name = "..."')
    specs: list[RepoSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"manifest {path}, [[repo]] #{number}"
        unknown = sorted(set(entry) - {"path", "name", "category"})
        if unknown:
            raise ScoutError(f"{where}: unknown key {unknown[0]!r} (allowed: path, name, category)")
        for key in ("path", "name"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ScoutError(f"{where}: missing or empty {key!r} (a string)")
        category = entry.get("category")
        if category is not None and not isinstance(category, str):
            raise ScoutError(f"{where}: category must be a string")
        if category is not None:
            try:
                category = check_category(category)
            except ScoutError as exc:
                raise ScoutError(f"{where}: {exc}") from exc
        name = entry["name"].strip()
        try:
            validate_name(name)
        except ScoutError as exc:
            raise ScoutError(f"{where}: {exc}") from exc
        if name in seen:
            raise ScoutError(f"{where}: {name} is listed twice")
        seen.add(name)
        repo_path = Path(entry["path"]).expanduser()
        if not repo_path.is_absolute():
            repo_path = path.parent / repo_path
        try:
            git_dir_of(repo_path)
        except ScoutError as exc:
            raise ScoutError(f"{where} ({name}): {exc}") from exc
        specs.append(RepoSpec(path=repo_path, name=name, category=category))
    return specs
