"""The business clock: ``get_current_time`` answers the workspace's ``now:`` or the real time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from deskpilot.actions.connectors.clock import ACTION, ClockConnector, CurrentTimeArgs
from deskpilot.errors import ActionError
from deskpilot.workspace._models import WorkspaceConfig

EASTERN = timezone(timedelta(hours=-5))


def test_clock_fixed_moment_is_read_as_its_own_wall_clock() -> None:
    clock = ClockConnector(datetime(2024, 5, 15, 15, 0, tzinfo=EASTERN))
    (spec,) = clock.specs()
    assert spec.name == ACTION and spec.public and spec.side_effect.value == "read"
    reading = clock.execute(ACTION, CurrentTimeArgs(), "")
    assert reading == {
        "now": "2024-05-15T15:00:00-05:00",
        "local": "2024-05-15T15:00:00",
        "date": "2024-05-15",
        "time": "15:00:00",
        "offset": "-05:00",
    }
    assert clock.owner_of(ACTION, CurrentTimeArgs()) is None


def test_clock_without_a_moment_reads_the_real_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    now = datetime.fromisoformat(ClockConnector().execute(ACTION, CurrentTimeArgs(), "")["now"])
    assert before <= now <= datetime.now(UTC)


def test_clock_refuses_other_actions_and_naive_moments() -> None:
    with pytest.raises(ActionError, match="no action 'get_time'"):
        ClockConnector().check("get_time", CurrentTimeArgs())
    with pytest.raises(ValueError, match="timezone-aware"):
        ClockConnector(datetime(2024, 5, 15, 15, 0))


def test_workspace_now_needs_a_utc_offset() -> None:
    assert WorkspaceConfig(name="x", now="2024-05-15T15:00:00-05:00").now is not None  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="needs a UTC offset"):
        WorkspaceConfig(name="x", now="2024-05-15T15:00:00")  # type: ignore[arg-type]
