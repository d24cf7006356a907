"""The business clock as an action: ``get_current_time``, the moment a business's rules are
judged against.

A flow reads it like any other lookup (``{name: clock, action: get_current_time}``) and its
checks compare records with it in CEL (``timestamp(clock.now)``). The moment is the
workspace's ``now:`` when it sets one (records frozen at a date), else the real time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from deskpilot.actions._spec import ActionSpec, SideEffect
from deskpilot.errors import ActionError

ACTION = "get_current_time"


class CurrentTimeArgs(BaseModel):
    """``get_current_time`` takes no argument."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def clock_reading(moment: datetime) -> dict[str, str]:
    """What ``get_current_time`` answers for ``moment`` (timezone-aware): ``now`` with its UTC
    offset, and the same moment as wall-clock text in that offset (``local``, ``date``,
    ``time``, ``offset``), to compare with records that write local times without one."""
    offset = moment.isoformat()[19:] or "+00:00"
    local = moment.replace(tzinfo=None, microsecond=0)
    return {
        "now": moment.replace(microsecond=0).isoformat(),
        "local": local.isoformat(),
        "date": local.date().isoformat(),
        "time": local.time().isoformat(),
        "offset": offset,
    }


class ClockConnector:
    """One public read, ``get_current_time``: the workspace's fixed moment, or the real time."""

    def __init__(self, fixed: datetime | None = None, name: str = "clock") -> None:
        if fixed is not None and fixed.utcoffset() is None:
            raise ValueError("the business clock needs a timezone-aware moment")
        self.name = name
        self._now: Callable[[], datetime] = (
            (lambda: fixed) if fixed is not None else (lambda: datetime.now(UTC))
        )
        self._spec = ActionSpec(
            name=ACTION,
            description="The business's current date and time, with its UTC offset.",
            side_effect=SideEffect.READ,
            input_model=CurrentTimeArgs,
            connector=name,
            public=True,
        )

    def specs(self) -> Sequence[ActionSpec]:
        """The clock's one action."""
        return (self._spec,)

    def owner_of(self, action: str, args: BaseModel) -> str | None:
        """The time belongs to nobody."""
        self._known(action)
        return None

    def check(self, action: str, args: BaseModel) -> None:
        """Reading the time always works."""
        self._known(action)

    def execute(self, action: str, args: BaseModel, idempotency_key: str) -> Any:
        """The current moment (see ``clock_reading``)."""
        self._known(action)
        return clock_reading(self._now())

    @staticmethod
    def _known(action: str) -> None:
        if action != ACTION:
            raise ActionError(f"the clock has no action {action!r}; valid: {ACTION}", action=action)
