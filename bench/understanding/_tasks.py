"""The benchmark's tasks: our descriptions and the customer's facts, checked against the store.

``tasks.yaml`` holds, per tau-retail training task, a description written for the benchmark and
the facts the scripted customer answers with. The ground truth (the task's write operations and
``expected_changes``) is read from ``tasks_train.json`` in the store folder, never copied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from deskpilot.domains.retail import WRITE_ACTIONS

WRITE_NAMES: frozenset[str] = WRITE_ACTIONS
ALLOWED_REMAINDERS = (2, 3)
"""Train indices whose ``index % 5`` is one of these; the others belong to other suites."""

_NEEDS: dict[str, tuple[str, ...]] = {
    "cancel_pending_order": ("order", "reason"),
    "modify_pending_order_address": ("order", "address"),
    "modify_pending_order_payment": ("order", "payment"),
    "modify_pending_order_items": ("order", "items", "new", "payment"),
    "return_delivered_order_items": ("order", "items", "payment"),
    "exchange_delivered_order_items": ("order", "items", "new", "payment"),
    "modify_user_address": ("address",),
}


class BenchTaskError(Exception):
    """The tasks file or the store cannot be used; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Strict):
    """Who the customer is: an email, or first name, last name and zip code."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    zip: str | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Identity:
        by_name = (self.first_name, self.last_name, self.zip)
        if self.email is None and None in by_name:
            raise ValueError("give an email, or first_name, last_name and zip")
        return self


class WriteFacts(_Strict):
    """What the customer knows about one ground-truth write, in words."""

    action: str
    order: str | None = None
    items: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    payment: str | None = None
    reason: str | None = None
    address: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> WriteFacts:
        if self.action not in WRITE_NAMES:
            raise ValueError(f"action: {self.action!r} is no write; one of {sorted(WRITE_NAMES)}")
        missing = [name for name in _NEEDS[self.action] if not getattr(self, name)]
        if missing:
            raise ValueError(f"{self.action} needs {', '.join(missing)}")
        if self.new and len(self.new) != len(self.items):
            raise ValueError(f"{len(self.items)} items but {len(self.new)} entries in new")
        return self


class Facts(_Strict):
    """Everything the scripted customer may say beyond the description."""

    identity: Identity
    writes: tuple[WriteFacts, ...] = Field(min_length=1)


class TaskEntry(_Strict):
    """One task of ``tasks.yaml``: the train index, our description and the facts."""

    task: int
    description: str = Field(min_length=20)
    facts: Facts

    @model_validator(mode="after")
    def _allowed(self) -> TaskEntry:
        if self.task % 5 not in ALLOWED_REMAINDERS:
            raise ValueError(
                f"train task {self.task} is reserved for another suite "
                f"(only index % 5 in {ALLOWED_REMAINDERS} may be used)"
            )
        return self


class TaskFile(_Strict):
    """The whole ``tasks.yaml``."""

    tasks: tuple[TaskEntry, ...] = Field(min_length=1)


@dataclass(frozen=True)
class GroundTruthWrite:
    """A write operation of the reference solution, with its exact arguments."""

    name: str
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class BenchTask:
    """A task ready to run: our words, the customer's facts and the reference outcome.

    ``targets`` holds, per write and per item, the option values of the variant the customer
    wants (empty for writes without new items): the customer accepts an offered variant only
    when the offer names all of them.
    """

    index: int
    description: str
    facts: Facts
    writes: tuple[GroundTruthWrite, ...]
    expected_changes: dict[str, dict[str, Any]]
    targets: tuple[tuple[tuple[str, ...], ...], ...]


def load_bench_tasks(tasks_path: Path, store: Path) -> list[BenchTask]:
    """Read ``tasks.yaml``, join each entry with its training task and check that they agree."""
    entries = _read_entries(tasks_path)
    reference = _read_reference(store / "tasks_train.json")
    variants = _read_variants(store / "products.json")
    return [_join(entry, reference, variants, tasks_path) for entry in entries]


def _read_variants(path: Path) -> dict[str, tuple[str, ...]]:
    """Each variant's option values, by item id."""
    try:
        products = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BenchTaskError(f"{path}: cannot read ({exc.strerror})") from exc
    return {
        item_id: tuple(variant["options"].values())
        for product in products.values()
        for item_id, variant in product["variants"].items()
    }


def _read_entries(path: Path) -> tuple[TaskEntry, ...]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BenchTaskError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise BenchTaskError(f"{path}: not valid YAML ({exc})") from exc
    try:
        parsed = TaskFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _location(raw, first["loc"])
        raise BenchTaskError(f"{path}: {where}: {first['msg']}") from exc
    seen: set[int] = set()
    for entry in parsed.tasks:
        if entry.task in seen:
            raise BenchTaskError(f"{path}: task {entry.task} appears twice")
        seen.add(entry.task)
    return parsed.tasks


def _location(raw: Any, loc: tuple[int | str, ...]) -> str:
    """``tasks[3] (task 17).facts.writes[0]`` for a pydantic error location."""
    parts: list[str] = []
    for position, key in enumerate(loc):
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
            if position == 1 and isinstance(raw, dict):
                task = (raw.get("tasks") or [{}])[key]
                if isinstance(task, dict) and "task" in task:
                    parts[-1] += f" (task {task['task']})"
        else:
            parts.append(key)
    return ".".join(parts)


def _read_reference(path: Path) -> dict[int, dict[str, Any]]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BenchTaskError(f"{path}: cannot read ({exc.strerror})") from exc
    return {int(task["index"]): task for task in tasks}


def _join(
    entry: TaskEntry,
    reference: dict[int, dict[str, Any]],
    variants: dict[str, tuple[str, ...]],
    path: Path,
) -> BenchTask:
    task = reference.get(entry.task)
    where = f"{path}: task {entry.task}"
    if task is None:
        raise BenchTaskError(f"{where}: no such training task")
    if task.get("reference_errors"):
        raise BenchTaskError(f"{where}: the reference refused some of its operations; skip it")
    writes = tuple(
        GroundTruthWrite(action["name"], dict(action["kwargs"]))
        for action in task["actions"]
        if action["name"] in WRITE_NAMES
    )
    said = [facts.action for facts in entry.facts.writes]
    truth = [write.name for write in writes]
    if said != truth:
        raise BenchTaskError(f"{where}: facts list writes {said}, the reference has {truth}")
    for facts, write in zip(entry.facts.writes, writes, strict=True):
        order = write.kwargs.get("order_id")
        if order is not None and facts.order != order:
            raise BenchTaskError(f"{where}: facts name order {facts.order}, reference {order}")
    return BenchTask(
        index=entry.task,
        description=" ".join(entry.description.split()),
        facts=entry.facts,
        writes=writes,
        expected_changes=task["expected_changes"],
        targets=tuple(
            tuple(variants[item] for item in write.kwargs.get("new_item_ids", ()))
            for write in writes
        ),
    )
