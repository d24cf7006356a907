"""Domain packs: what a kind of business needs beyond configuration.

A pack holds a business's system of record and the code that truly needs to know it: the
connector (typed, guarded operations), the demo data, and the resolvers that ground what a
customer says in those records. The engine packages (``flows``, ``nlu``, ``pipeline``,
``policy``, ``actions``, ``workspace``) name no business; a workspace chooses its pack with
``domain:`` in ``deskpilot.yaml`` and the runtime builds the pack's connector from it.

A pack is a module ``deskpilot.domains.<name>`` exposing ``PACK``, a ``DomainPack``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

from deskpilot.actions import Connector
from deskpilot.domain import Desk
from deskpilot.errors import InputError, WorkspaceError
from deskpilot.flows import Catalogue, DomainKnowledge
from deskpilot.nlu.entities import EntityExtractor
from deskpilot.workspace import PolicyFile, Workspace

Tables = dict[str, dict[str, dict[str, Any]]]
T = TypeVar("T")


class RecordStore(Protocol):
    """A pack's records: tables of JSON records with a durable working copy.

    The folder a store is opened from is never written; the working copy is."""

    @classmethod
    def open(cls, source: Path, workdir: Path) -> Self:
        """The working copy of ``source`` in ``workdir``, created on first use."""
        ...

    @classmethod
    def in_memory(
        cls, data: Mapping[str, Mapping[str, dict[str, Any]]], *, copy_data: bool = True
    ) -> Self:
        """A store over ``data`` (copied, unless told it is never edited) that stays in memory."""
        ...

    def read(self, fn: Callable[[Tables], T]) -> T:
        """``fn`` applied to the current tables (it must not edit them)."""
        ...

    def snapshot(self) -> Tables:
        """A deep copy of every table."""
        ...

    def reset(self) -> None:
        """Throw the working copy's changes away: back to the folder's records."""
        ...

    def changes_since(self, pristine: Mapping[str, Mapping[str, dict[str, Any]]]) -> Any:
        """What differs from ``pristine``, table by table."""
        ...


@dataclass(frozen=True)
class ReplayResult:
    """One reference task replayed: its label, the first difference from the reference (None
    when it matched) and the pack's report of it as JSON."""

    label: str
    problem: str | None
    report: Mapping[str, Any]

    @property
    def ok(self) -> bool:
        """Whether the replay matched the reference exactly."""
        return self.problem is None


Replay = Callable[[Path, Path, PolicyFile | None], Sequence[ReplayResult]]
"""Replays a file of reference tasks against a pristine records folder, through the guard
(with a workspace's policies, or none)."""


class CatalogueMatcher(Catalogue, EntityExtractor, Protocol):
    """A domain's catalogue, read by understanding (entities) and by the flows (grounding)."""


@dataclass(frozen=True)
class Showcase:
    """One thing the business offers, as the demo page shows it."""

    title: str
    text: str
    price: str = ""


@dataclass(frozen=True)
class DemoHint:
    """What the demo page suggests: a message to send the widget, naming a real record of the
    demo data and its owner, and a few things the business offers under ``heading``."""

    ask: str
    heading: str = ""
    showcase: tuple[Showcase, ...] = ()


@dataclass(frozen=True)
class DomainPack:
    """One kind of business: its records, its connector and its grounding code."""

    name: str
    store: type[RecordStore]
    connector: Callable[[Any], Connector]
    load: Callable[[Path], Tables]
    # Writes a deterministic demo data folder, for ``make run`` and the tests.
    write_demo: Callable[[Path], None]
    # The part of the records understanding may index (a product catalogue, a fare list).
    catalogue: Callable[[Mapping[str, Any]], Mapping[str, Any]]
    # What a data folder must hold, to tell a wrong folder from a broken one.
    marker: str
    # A hint for the demo page: a message naming a real record to try the widget with, and
    # what the business offers (or None: the page shows the widget alone).
    demo_hint: Callable[[Mapping[str, Any]], DemoHint | None] = lambda _tables: None
    # Builds the matcher of the catalogue, with the workspace's words for it: its entries and
    # options in a message (or none).
    matcher: Callable[[Mapping[str, Any], Workspace], CatalogueMatcher] | None = None
    # What the flow engine knows of the business (resolvers, slot kinds, records, the audit),
    # reading the workspace's vocabulary.
    knowledge: Callable[[Workspace], DomainKnowledge] = lambda _workspace: DomainKnowledge()
    # Replays reference tasks (``deskpilot actions replay``), if the pack has any.
    replay: Replay | None = None
    # What the agent console's case page shows of a verified customer (their profile, their
    # records, how to ask who they are, the actions that fit a record), or None: nothing.
    desk: Desk | None = None
    # The sections of the workspace's ``vocabulary.yaml`` the pack's code reads its words from:
    # a workspace of this domain must give each, or its readings would silently find nothing.
    vocabulary: tuple[str, ...] = ()
    # The reply templates the pack's code may render (its findings, its resolvers' questions):
    # a workspace of this domain must have each, or a conversation would fail where it is said.
    templates: tuple[str, ...] = ()


def available() -> list[str]:
    """The names of the packs this installation has."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def load_pack(name: str) -> DomainPack:
    """The pack called ``name``; WorkspaceError naming ``deskpilot.yaml: domain`` otherwise."""
    if name not in available():
        raise WorkspaceError(
            f"deskpilot.yaml: domain: unknown domain pack {name!r}; "
            f"choose one of: {', '.join(available())}",
            field="domain",
        )
    pack = importlib.import_module(f"{__name__}.{name}").PACK
    assert isinstance(pack, DomainPack)
    return pack


def pack_for_records(folder: Path) -> DomainPack:
    """The pack whose records ``folder`` holds, told by its ``marker`` file; InputError naming
    each pack's marker otherwise."""
    packs = [load_pack(name) for name in available()]
    found = [pack for pack in packs if (folder / pack.marker).exists()]
    if len(found) != 1:
        markers = ", ".join(f"{pack.marker} ({pack.name})" for pack in packs)
        what = "no" if not found else "more than one"
        raise InputError(
            f"{folder}: {what} domain pack's records found; a records folder holds one of: "
            f"{markers}",
            path=str(folder),
        )
    return found[0]


__all__ = [
    "CatalogueMatcher",
    "DemoHint",
    "DomainPack",
    "RecordStore",
    "Replay",
    "ReplayResult",
    "Showcase",
    "Tables",
    "available",
    "load_pack",
    "pack_for_records",
]
