"""Two agents on one case: who else has it open, and who of them is typing a reply, as the
case page and its heartbeat say it (the marks themselves are ``deskpilot.live``'s
``CaseViewers``, in memory or in Redis)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from deskpilot.console._http import ConsoleRuntime
from deskpilot.console._users import Staff


@dataclass(frozen=True)
class Colleagues:
    """The other agents who have a case open (``others``), and those of them typing a reply
    in it (``typing``)."""

    others: list[str]
    typing: list[str]

    def warning(self) -> str:
        """What the case page says of them ("" when nobody else is there)."""
        said = []
        if self.typing:
            said.append(f"{_names(self.typing)} typing a reply…")
        viewing = [name for name in self.others if name not in self.typing]
        if viewing:
            said.append(f"{_names(viewing)} also viewing this case: check before you reply.")
        return " ".join(said)


def _names(names: list[str]) -> str:
    return ", ".join(names) + (" is" if len(names) == 1 else " are")


def colleagues_on(runtime: ConsoleRuntime, staff: Staff, case_id: str) -> Colleagues:
    """Note that ``staff`` has the case open; the other agents who have it open too, and who
    of them is typing a reply."""
    now = runtime.clock.now()
    runtime.viewers.seen(case_id, staff.user.username, staff.user.display_name, now)
    within = timedelta(seconds=runtime.settings.presence_timeout_seconds)
    others = runtime.viewers.others(case_id, staff.user.username, now, within)
    typing = runtime.viewers.typing(case_id, staff.user.username, now)
    return Colleagues(sorted(set(others) | set(typing)), typing)
