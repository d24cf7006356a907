"""Cases: the resolution state and the append-only event log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from deskpilot.api._deps import api_key, get_runtime
from deskpilot.api._schemas import CaseOut, EventOut
from deskpilot.domain import ApiScope, CaseId
from deskpilot.runtime import Runtime

router = APIRouter(prefix="/v1/cases", tags=["cases"])

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
_READ = [Depends(api_key(ApiScope.CASES_READ))]


@router.get("/{case_id}", response_model=CaseOut, dependencies=_READ)
def read_case(case_id: str, runtime: RuntimeDep) -> CaseOut:
    """A case's resolution state: verification, request, slots, hand-off, outcome."""
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(CaseId(case_id))
    return CaseOut.of(case)


# The largest id the databases store (a signed 64-bit integer): a larger one is a 422, not a
# 500 from the database.
_MAX_ID = 2**63 - 1


@router.get("/{case_id}/events", response_model=list[EventOut], dependencies=_READ)
def read_events(
    case_id: str,
    runtime: RuntimeDep,
    after: Annotated[int, Query(ge=0, le=_MAX_ID, description="only events with a larger id")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[EventOut]:
    """The case's events in the order they happened."""
    with runtime.db.transaction() as repo:
        repo.get_case(CaseId(case_id))
        events = repo.list_events(CaseId(case_id), after=after, limit=limit)
    return [EventOut.of(e) for e in events]
