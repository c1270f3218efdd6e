"""The Qdrant side of profiles: one point per person, behind an alias that a re-index switches atomically.

Embedded by default (`QdrantClient(path=<data dir>/qdrant)`); `SCOUT_QDRANT_URL` (+ API key) points the
same code at a server. Searches always go through the alias `settings.collection`; `publish` fills a
fresh collection and only then moves the alias, so a crash or error mid-write leaves the previous
collection serving. Embedded Qdrant locks its directory per process: open one VectorIndex per process
and pass it around.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from qdrant_client import QdrantClient
from qdrant_client import models as qm

from indexer.vector_scan import Scan
from models.errors import ScoutError
from models.records import Profile
from models.settings import Settings

# Fixed forever: point ids derive from it, so changing it orphans every stored point.
NAMESPACE = uuid.UUID("5d0b8a52-3f0e-4c39-9a3e-6a1f2d8c7e41")
SKILL_FLOOR = 0.1  # a skill below this score is noise for filtering
LANGUAGE_MIN_LINES = 20  # search.rank.LANGUAGE_FILTER_LINES mirrors this for in-memory filtering
UPSERT_BATCH = 512
REBUILD_HINT = "re-index with `scout index --rebuild`"
KEYWORD_FIELDS = ("languages", "repos", "skills", "flags", "person_id")
FLOAT_FIELDS = ("depth", "systems_share")
FILTER_KEYS = frozenset(
    {"languages", "repos", "skills", "skills_all", "exclude_flags", "active_since", "min_depth", "min_systems_share"}
)

T = TypeVar("T")
Hit = tuple[str, float, dict[str, Any]]


def point_id(person_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, person_id))


def payload_for(profile: Profile) -> dict[str, Any]:
    languages = [k for k, v in profile.languages.items() if v >= LANGUAGE_MIN_LINES]
    skills = {k: round(s.score, 4) for k, s in profile.skills.items() if s.score >= SKILL_FLOOR}
    payload: dict[str, Any] = {
        "person_id": profile.id,
        "name": profile.names[0] if profile.names else profile.id,
        "login": profile.login,
        "languages": sorted(languages),
        "repos": sorted(profile.repos),
        "skills": sorted(skills),
        "skill_scores": skills,
        "systems_share": profile.systems_share,
        "depth": profile.depth,
        "commits": profile.activity.commits,
        "flags": list(profile.flags),
        # what refresh compares with the store, so vectors never drift from profiles whoever rebuilt them
        "profile_sha": hashlib.sha1(profile.model_dump_json().encode()).hexdigest(),
        "summary_sha": hashlib.sha1(profile.summary.encode()).hexdigest(),
    }
    if profile.activity.last_date is not None:
        payload["last_active"] = _rfc3339(profile.activity.last_date)
    return payload


def build_filter(filters: dict[str, Any] | None) -> qm.Filter | None:
    """Qdrant filter from {languages, repos, skills: any of; skills_all; exclude_flags; active_since; min_*}."""
    if not filters:
        return None
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValueError(f"unknown vector filter keys {sorted(unknown)}; known: {sorted(FILTER_KEYS)}")
    must: list[qm.Condition] = []
    must_not: list[qm.Condition] = []
    for key in ("languages", "repos", "skills"):
        values = list(filters.get(key) or [])
        if values:
            must.append(qm.FieldCondition(key=key, match=qm.MatchAny(any=values)))
    for skill in filters.get("skills_all") or []:
        must.append(qm.FieldCondition(key="skills", match=qm.MatchValue(value=skill)))
    flags = list(filters.get("exclude_flags") or [])
    if flags:
        must_not.append(qm.FieldCondition(key="flags", match=qm.MatchAny(any=flags)))
    since = filters.get("active_since")
    if since:
        since_range = qm.DatetimeRange.model_validate({"gte": _rfc3339(since)})  # validated as the constructor would
        must.append(qm.FieldCondition(key="last_active", range=since_range))
    for key, field in (("min_depth", "depth"), ("min_systems_share", "systems_share")):
        if filters.get(key) is not None:
            must.append(qm.FieldCondition(key=field, range=qm.Range(gte=float(filters[key]))))
    if not must and not must_not:
        return None
    return qm.Filter(must=must or None, must_not=must_not or None)


class VectorIndex:
    def __init__(self, settings: Settings, *, timeout_s: int = 10) -> None:
        self.alias = settings.collection
        self.url = settings.qdrant_url
        self.path: Path = settings.qdrant_path
        self.sharding = {"shard_number": settings.qdrant_shards, "replication_factor": settings.qdrant_replicas}
        self._client = self._open(settings, timeout_s)
        # Embedded mode answers searches from a numpy copy (see indexer/vector_scan.py); a server does not.
        self.use_scan = self.url is None
        self._scan: Scan | None = None

    # --- lifecycle ---

    def _open(self, settings: Settings, timeout_s: int) -> QdrantClient:
        if self.url:
            try:
                return QdrantClient(
                    url=self.url, api_key=settings.qdrant_api_key, timeout=timeout_s, check_compatibility=False
                )
            except Exception as exc:
                raise ScoutError(f"bad Qdrant URL {self.url!r} ({exc}): check SCOUT_QDRANT_URL") from exc
        if self.path.exists() and not self.path.is_dir():
            raise ScoutError(f"{self.path} is a file, not a Qdrant directory: move it away and {REBUILD_HINT}")
        try:
            return QdrantClient(path=str(self.path))
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise ScoutError(
                    f"the vector store {self.path} is open in another Scout process: stop it "
                    "(or run that work through `scout serve`), or use another --data-dir"
                ) from exc
            raise self._corrupt(exc) from exc
        except Exception as exc:
            raise self._corrupt(exc) from exc

    def _corrupt(self, exc: BaseException) -> ScoutError:
        return ScoutError(
            f"{self.path} is not a readable Qdrant directory ({type(exc).__name__}: {exc}): "
            f"move it away and {REBUILD_HINT}"
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing is best effort: nothing is left to save
            self._client.close()

    def __enter__(self) -> VectorIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except ScoutError:
            raise
        except Exception as exc:
            if self.url:
                raise ScoutError(
                    f"Qdrant at {self.url} failed to {what} ({type(exc).__name__}: {exc}): "
                    "check SCOUT_QDRANT_URL and SCOUT_QDRANT_API_KEY and that the server is up"
                ) from exc
            raise ScoutError(
                f"the vector store {self.path} failed to {what} ({type(exc).__name__}: {exc}): {REBUILD_HINT}"
            ) from exc

    # --- inspection ---

    def current(self) -> str | None:
        """The collection the alias points to, or None before the first publish."""
        aliases = self._call("list aliases", self._client.get_aliases).aliases
        return next((a.collection_name for a in aliases if a.alias_name == self.alias), None)

    def dimension(self) -> int | None:
        name = self.current()
        if name is None:
            return None
        info = self._call("read the collection", self._client.get_collection, name)
        vectors = info.config.params.vectors
        size = getattr(vectors, "size", None)
        if size is None:
            raise ScoutError(f"collection {name} in {self._where()} was not written by Scout: {REBUILD_HINT}")
        return int(size)

    def count(self) -> int:
        if self.current() is None:
            return 0
        return int(self._call("count points", self._client.count, self.alias, exact=True).count)

    def check(self, dimension: int) -> None:
        """Raise a ScoutError unless the current collection exists and holds `dimension`-d vectors."""
        size = self.dimension()
        if size is None:
            raise ScoutError(f"no profile vectors in {self._where()} yet: run `scout index` first")
        if size != dimension:
            raise ScoutError(
                f"collection {self.current()} in {self._where()} holds {size}-d vectors but the embedding model "
                f"gives {dimension}-d (the model changed): {REBUILD_HINT}"
            )

    # --- writes ---

    def publish(self, profiles: Sequence[Profile], vectors: np.ndarray) -> str:
        """Write every profile to a new collection, switch the alias to it, drop the old one."""
        vectors = self._checked(profiles, vectors)
        self._scan = None
        old = self.current()
        new = f"{self.alias}_{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        self._drop_orphans(keep={old} if old else set())
        self._call(
            "create a collection",
            self._client.create_collection,
            new,
            vectors_config=qm.VectorParams(size=int(vectors.shape[1]), distance=qm.Distance.COSINE),
            **({k: v for k, v in self.sharding.items() if v is not None} if self.url else {}),
        )
        try:
            if self.url:  # embedded Qdrant ignores payload indexes (it scans), so only a server gets them
                self._index_payload(new)
            self._write(new, profiles, vectors)
            ops: list[qm.AliasOperations] = []
            if old is not None:
                ops.append(qm.DeleteAliasOperation(delete_alias=qm.DeleteAlias(alias_name=self.alias)))
            elif self._call("look up collections", self._client.collection_exists, self.alias):
                # a plain collection squats on the alias name (written by something else): it must go first
                self._call("drop a collection", self._client.delete_collection, self.alias)
            ops.append(qm.CreateAliasOperation(create_alias=qm.CreateAlias(collection_name=new, alias_name=self.alias)))
            # one request, so readers see the old collection or the new one, never neither
            self._call("switch the alias", self._client.update_collection_aliases, change_aliases_operations=ops)
        except BaseException:
            self._discard(new)
            raise
        if old is not None:
            self._discard(old)
        return new

    def upsert(self, profiles: Sequence[Profile], vectors: np.ndarray) -> None:
        """Write or replace these people's points in the current collection (incremental refresh)."""
        vectors = self._checked(profiles, vectors)
        if not profiles:
            return
        self.check(int(vectors.shape[1]))
        self._scan = None
        self._write(self.alias, profiles, vectors)

    def delete(self, person_ids: Iterable[str]) -> None:
        ids: list[qm.ExtendedPointId] = [point_id(p) for p in person_ids]
        if ids and self.current() is not None:
            self._scan = None
            self._call(
                "delete points",
                self._client.delete,
                self.alias,
                points_selector=qm.PointIdsList(points=ids),
                wait=True,
            )

    def digests(self) -> dict[str, tuple[str, str]]:
        """person_id -> (profile_sha, summary_sha) of every point behind the alias (empty when none)."""
        if self.current() is None:
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rec in self._scroll(["person_id", "profile_sha", "summary_sha"], vectors=False, page_size=4096):
            p = rec.payload or {}
            if "person_id" in p:
                out[str(p["person_id"])] = (str(p.get("profile_sha", "")), str(p.get("summary_sha", "")))
        return out

    def vectors_for(self, person_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Stored vectors by person id (those present), to re-use when only the payload changed."""
        ids = [point_id(p) for p in person_ids]
        if not ids or self.current() is None:
            return {}
        records = self._call(
            "read points", self._client.retrieve, self.alias, ids=ids, with_payload=["person_id"], with_vectors=True
        )
        out: dict[str, np.ndarray] = {}
        for rec in records:
            if rec.payload and isinstance(rec.vector, list):
                out[str(rec.payload["person_id"])] = np.asarray(rec.vector, dtype=np.float32)
        return out

    # --- reads ---

    def search(self, vector: np.ndarray | Sequence[float], filters: dict[str, Any] | None, limit: int) -> list[Hit]:
        """Nearest people to `vector` that pass `filters` (see build_filter): (person_id, score, payload); a payload
        may be the embedded copy's own dict, so callers read it and never change it."""
        array = np.asarray(vector, dtype=np.float32).ravel()
        flt = build_filter(filters)  # checks the filters on both paths
        if self.use_scan:
            scan = self._scan_copy(len(array))
            since = filters.get("active_since") if filters else None
            return scan.search(array, scan.mask(filters, _rfc3339(since) if since else None), limit)
        query = [float(x) for x in array]
        try:
            response = self._client.query_points(
                self.alias, query=query, query_filter=flt, limit=limit, with_payload=True
            )
        except Exception as exc:
            # diagnose on the slow path only: the common path is one request
            self.check(len(query))
            raise self._call_error("search", exc) from exc
        return [(str(p.payload["person_id"]), float(p.score), dict(p.payload)) for p in response.points if p.payload]

    # --- internals ---

    def _scroll(self, payload: bool | list[str], *, vectors: bool, page_size: int) -> Iterator[Any]:
        """Every point behind the alias, page by page."""
        offset: Any = None
        while True:
            page, offset = self._call(
                "read points",
                self._client.scroll,
                self.alias,
                limit=page_size,
                offset=offset,
                with_payload=payload,
                with_vectors=vectors,
            )
            yield from page
            if offset is None:
                return

    def _scan_copy(self, dimension: int) -> Scan:
        if self._scan is None:
            self.check(dimension)
            records = [
                (dict(r.payload or {}), list(r.vector))
                for r in self._scroll(True, vectors=True, page_size=2048)
                if isinstance(r.vector, list)
            ]
            self._scan = Scan.build(records, dimension)
        elif self._scan.matrix.shape[1] != dimension:
            self.check(dimension)
        return self._scan

    def _call_error(self, what: str, exc: BaseException) -> ScoutError:
        try:
            self._call(what, _raise, exc)
        except ScoutError as err:
            return err
        raise AssertionError("unreachable")

    def _checked(self, profiles: Sequence[Profile], vectors: np.ndarray) -> np.ndarray:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(profiles):
            raise ValueError(f"{len(profiles)} profiles but vectors of shape {vectors.shape}")
        return vectors

    def _write(self, collection: str, profiles: Sequence[Profile], vectors: np.ndarray) -> None:
        for start in range(0, len(profiles), UPSERT_BATCH):
            batch = profiles[start : start + UPSERT_BATCH]
            points = [
                qm.PointStruct(id=point_id(p.id), vector=vectors[start + i].tolist(), payload=payload_for(p))
                for i, p in enumerate(batch)
            ]
            self._call("write points", self._client.upsert, collection, points=points, wait=True)

    def _index_payload(self, collection: str) -> None:
        fields: list[tuple[str, qm.PayloadSchemaType]] = [
            *((f, qm.PayloadSchemaType.KEYWORD) for f in KEYWORD_FIELDS),
            *((f, qm.PayloadSchemaType.FLOAT) for f in FLOAT_FIELDS),
            ("last_active", qm.PayloadSchemaType.DATETIME),
        ]
        for name, schema in fields:
            self._call(
                "create a payload index",
                self._client.create_payload_index,
                collection,
                field_name=name,
                field_schema=schema,
                wait=True,
            )

    def _drop_orphans(self, keep: set[str]) -> None:
        """Drop collections left by an interrupted publish (ours by prefix, not behind the alias)."""
        names = [c.name for c in self._call("list collections", self._client.get_collections).collections]
        for name in names:
            if name.startswith(f"{self.alias}_") and name not in keep:
                self._discard(name)

    def _discard(self, name: str) -> None:
        with contextlib.suppress(Exception):  # best effort: the next publish drops it as an orphan
            self._client.delete_collection(name)

    def _where(self) -> str:
        return f"Qdrant at {self.url}" if self.url else str(self.path)


def _raise(exc: BaseException) -> None:
    raise exc


def _rfc3339(value: date | datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"
