"""Shortlists: named lists of people with a note each, kept in the store. The one core behind the API's
/v1/shortlists routes and `scout shortlist`, which are thin shells over it.

Members are stored by person id. Who a person is comes from a `People` directory (the API's is the loaded
engine, the CLI's the store), so a suppressed or forgotten person, who has no profile, drops out of every
answer and export. Each write opens the store, runs one short transaction and closes it: no index lock, and
a running `scout index` only makes a write wait for its current batch.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from models.errors import ScoutError
from models.privacy import public_id
from models.records import Profile
from models.workspace import (
    ExportedMember,
    Shortlist,
    ShortlistExport,
    ShortlistMember,
    ShortlistSummary,
)

if TYPE_CHECKING:
    from indexer.store import Store

CSV_COLUMNS = ("id", "name", "login", "repos", "top_skills", "note", "added_at", "profile_url")
TOP_SKILLS = 5


class People(Protocol):
    """Who people are: any form of id to a profile, and profiles by person id (missing ids left out)."""

    def find(self, query: str) -> Profile | None: ...
    def profiles(self, person_ids: list[str]) -> dict[str, Profile]: ...


class ShortlistNotFoundError(ScoutError):
    """No shortlist of that name, or nobody of that id on it."""


class ShortlistExistsError(ScoutError):
    """A shortlist of that name already exists."""


class ShortlistUnavailableError(ScoutError):
    """Shortlists cannot be written here now (a read-only data directory, a writer holding the database)."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Shortlists:
    def __init__(self, db_path: Path, people: People, clock: Callable[[], str] = now) -> None:
        self.db_path = db_path
        self.people = people
        self.clock = clock

    # --- reading ---

    def list(self) -> list[ShortlistSummary]:
        with self._reading() as store:
            rows = store.shortlist_rows()
        known = self.people.profiles(sorted({pid for *_, ids in rows for pid in ids}))
        return [
            ShortlistSummary(
                name=name,
                count=sum(1 for pid in ids if pid in known),
                created_at=_time(created),
                updated_at=_time(updated),
            )
            for name, created, updated, ids in rows
        ]

    def show(self, name: str) -> Shortlist:
        with self._reading() as store:
            head = store.shortlist_row(name)
            rows = store.shortlist_members(name) if head else []
        if head is None:
            raise ShortlistNotFoundError(f"no shortlist {name!r}: GET /v1/shortlists (or `scout shortlist list`)")
        known = self.people.profiles([pid for pid, _, _ in rows])
        members = [_member(known[pid], note, added) for pid, note, added in rows if pid in known]
        return Shortlist(name=head[0], created_at=_time(head[1]), updated_at=_time(head[2]), members=members)

    def export(self, name: str, profile_url: Callable[[str], str], show_emails: bool = False) -> ShortlistExport:
        """The shortlist with each member's repositories and top skills; ids public unless `show_emails`."""
        shortlist = self.show(name)
        known = self.people.profiles([m.id for m in shortlist.members])
        rows = []
        for m in shortlist.members:
            p = known[m.id]
            shown_id = m.id if show_emails else public_id(m.id)
            top = sorted(p.skills.values(), key=lambda s: (-s.score, s.skill))[:TOP_SKILLS]
            rows.append(
                ExportedMember(
                    id=shown_id,
                    name=m.name,
                    login=m.login,
                    repos=dict(sorted(p.repos.items(), key=lambda kv: (-kv[1], kv[0]))),
                    top_skills=[s.skill for s in top],
                    note=m.note,
                    added_at=m.added_at,
                    profile_url=profile_url(shown_id),
                )
            )
        return ShortlistExport(
            name=shortlist.name, created_at=shortlist.created_at, updated_at=shortlist.updated_at, members=rows
        )

    # --- writing ---

    def create(self, name: str) -> Shortlist:
        name = name.strip()
        with self._writing() as store:
            created = store.shortlist_create(name, self.clock())
        if not created:
            raise ShortlistExistsError(f"a shortlist named {name!r} already exists")
        return self.show(name)

    def delete(self, name: str) -> None:
        with self._writing() as store:
            deleted = store.shortlist_delete(name)
        if not deleted:
            raise ShortlistNotFoundError(f"no shortlist {name!r}")

    def put(self, name: str, person: str, note: str = "") -> ShortlistMember:
        """Add a person (any form of id) to the shortlist, or replace their note."""
        profile = self.people.find(person)
        if profile is None:
            raise ShortlistNotFoundError(f"no contributor {person!r} in this index: search or list contributors")
        with self._writing() as store:
            row = store.shortlist_put_member(name, profile.id, note, self.clock())
        if row is None:
            raise ShortlistNotFoundError(f"no shortlist {name!r}: create it first")
        return _member(profile, row[1], row[2])

    def remove(self, name: str, person: str) -> None:
        profile = self.people.find(person)
        with self._reading() as store:
            if store.shortlist_row(name) is None:
                raise ShortlistNotFoundError(f"no shortlist {name!r}")
            stored = [pid for pid, _, _ in store.shortlist_members(name)]
        # Someone suppressed since they were added has no profile: their stored or public id still removes them.
        wanted = {profile.id} if profile else {pid for pid in stored if person.strip() in (pid, public_id(pid))}
        with self._writing() as store:
            removed = any([store.shortlist_remove_member(name, pid, self.clock()) for pid in wanted])
        if not removed:
            raise ShortlistNotFoundError(f"{person!r} is not on shortlist {name!r}")

    # --- the store ---

    @contextmanager
    def _reading(self) -> Iterator[Store]:
        from indexer.store import Store

        store = Store.open(self.db_path, read_only=True)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def _writing(self) -> Iterator[Store]:
        from indexer.store import Store, StoreError

        try:
            store = Store.open(self.db_path, create=False, check=False)
        except StoreError as exc:
            raise ShortlistUnavailableError(f"cannot save shortlists: {exc}") from exc
        try:
            yield store
        except sqlite3.OperationalError as exc:  # locked past the busy timeout, or the file turned read-only
            raise ShortlistUnavailableError(
                f"cannot save shortlists in {self.db_path} now ({exc}): try again in a moment"
            ) from exc
        finally:
            store.close()


def _member(p: Profile, note: str, added_at: str) -> ShortlistMember:
    name = p.names[0] if p.names else p.id
    return ShortlistMember(id=p.id, name=name, login=p.login, note=note, added_at=_time(added_at))


def _time(stored: str) -> datetime:
    return datetime.fromisoformat(stored)


def to_csv(export: ShortlistExport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for m in export.members:
        repos = "; ".join(f"{repo} ({n})" for repo, n in m.repos.items())
        added = m.added_at.isoformat().replace("+00:00", "Z")
        cells = [m.id, m.name, m.login or "", repos, "; ".join(m.top_skills), m.note, added, m.profile_url]
        writer.writerow([_inert(c) for c in cells])
    return out.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


class StorePeople:
    """People as the store knows them (the CLI's directory): `Store.find_person`, then the stored profile."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def find(self, query: str) -> Profile | None:
        from indexer.profiles import load_profile

        pid = self.store.find_person(query) if query.strip() else None
        return load_profile(self.store, pid) if pid else None

    def profiles(self, person_ids: list[str]) -> dict[str, Profile]:
        from indexer.profiles import load_profiles

        return {p.id: p for p in load_profiles(self.store, person_ids)}
