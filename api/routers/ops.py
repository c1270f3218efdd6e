"""Probes: GET /healthz (the process is up) and /readyz (the index is loaded)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from api.deps import get_engine
from api.problems import problems

router = APIRouter(tags=["ops"])


class Health(BaseModel):
    status: str
    profiles: int | None = None


class Readiness(Health):
    status: str  # ready, or degraded: answers still come, and `notes` say what they lack
    notes: list[str] = []


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses=problems(503))
def readyz(request: Request) -> Readiness:
    """The model and index are loaded and hold at least one profile."""
    eng = get_engine(request)
    if not eng.ready():
        raise HTTPException(503, "the index holds no profiles yet: run `scout index`")
    notes = eng.health_notes()
    return Readiness(status="degraded" if notes else "ready", profiles=eng.profile_count(), notes=notes)
