"""The Qdrant server path (SCOUT_QDRANT_URL): payload indexes, alias swap, sharding, API key.

No Qdrant server can be installed on the development machine, so the server code path runs here
against qdrant-client's local mode behind the same VectorIndex (the client is swapped, nothing else),
and the same checks run against a real server or cluster when SCOUT_TEST_QDRANT_URL is set (with
SCOUT_TEST_QDRANT_API_KEY for a secured one).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qdrant_client import QdrantClient

from indexer.vectors import FLOAT_FIELDS, KEYWORD_FIELDS, VectorIndex
from models.settings import Settings

from .test_vectors import PEOPLE, VECTORS, ids, unit

INDEXED = {*KEYWORD_FIELDS, *FLOAT_FIELDS, "last_active"}


class Recording(QdrantClient):
    """qdrant-client's local mode, recording what a server would be asked to do."""

    def __init__(self) -> None:
        super().__init__(location=":memory:")
        self.payload_indexes: list[tuple[str, str]] = []
        self.created: list[dict[str, Any]] = []

    def create_payload_index(self, collection_name: str, field_name: str, *args: Any, **kwargs: Any) -> Any:
        self.payload_indexes.append((collection_name, field_name))
        return super().create_payload_index(collection_name, field_name, *args, **kwargs)

    def create_collection(self, collection_name: str, *args: Any, **kwargs: Any) -> bool:
        self.created.append({"name": collection_name, **kwargs})
        return super().create_collection(collection_name, *args, **kwargs)


@pytest.fixture
def server_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[VectorIndex, Recording]]:
    client = Recording()
    monkeypatch.setattr(VectorIndex, "_open", lambda self, settings, timeout_s: client)
    settings = Settings(data_dir=tmp_path, qdrant_url="http://qdrant.test:6333", qdrant_shards=3, qdrant_replicas=2)
    with VectorIndex(settings) as vi:
        yield vi, client


@pytest.mark.filterwarnings("ignore:Payload indexes have no effect")
def test_server_publish_indexes_every_filtered_field_before_the_alias_moves(server_like) -> None:
    index, client = server_like
    first = index.publish(PEOPLE, VECTORS)
    assert {f for c, f in client.payload_indexes if c == first} == INDEXED
    assert client.created[0]["shard_number"] == 3 and client.created[0]["replication_factor"] == 2
    second = index.publish(PEOPLE[:2], VECTORS[:2])
    assert index.current() == second
    assert {c.name for c in client.get_collections().collections} == {second}  # the old one is dropped


@pytest.mark.filterwarnings("ignore:Payload indexes have no effect")
def test_server_search_filters_in_qdrant_not_in_a_local_scan(server_like) -> None:
    index, _ = server_like
    assert not index.use_scan
    index.publish(PEOPLE, VECTORS)
    assert ids(index.search(unit(0), {"languages": ["cpp"]}, 3)) == ["bo@example.org"]
    assert ids(index.search(unit(2), {"skills": ["simd"], "active_since": "2023-01-01"}, 3)) == ["cy@example.net"]


def test_embedded_store_ignores_the_cluster_settings(tmp_path: Path) -> None:
    with VectorIndex(Settings(data_dir=tmp_path, qdrant_shards=3, qdrant_replicas=2)) as index:
        index.publish(PEOPLE, VECTORS)
        assert index.count() == 3


def test_cluster_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOUT_QDRANT_SHARDS", "4")
    monkeypatch.setenv("SCOUT_QDRANT_REPLICAS", "2")
    s = Settings.from_env()
    assert (s.qdrant_shards, s.qdrant_replicas) == (4, 2)


@pytest.mark.skipif(
    not os.environ.get("SCOUT_TEST_QDRANT_URL"),
    reason="no Qdrant server here (none installable on this machine); set SCOUT_TEST_QDRANT_URL to run against one",
)
def test_real_server_publish_search_and_alias_swap(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        qdrant_url=os.environ["SCOUT_TEST_QDRANT_URL"],
        qdrant_api_key=os.environ.get("SCOUT_TEST_QDRANT_API_KEY") or None,
        collection=f"scout_test_{uuid.uuid4().hex[:12]}",  # never touches a real deployment's alias
    )
    with VectorIndex(settings, timeout_s=30) as index:
        try:
            first = index.publish(PEOPLE, VECTORS)
            schema = index._client.get_collection(first).payload_schema
            assert set(schema) >= INDEXED
            assert ids(index.search(unit(0), {"languages": ["cpp"]}, 3)) == ["bo@example.org"]
            second = index.publish(PEOPLE[:2], VECTORS[:2])
            assert index.current() == second and index.count() == 2
            names = {c.name for c in index._client.get_collections().collections}
            assert first not in names
        finally:
            for c in index._client.get_collections().collections:
                if c.name.startswith(settings.collection):
                    index._client.delete_collection(c.name)
