"""The store's state: three JSON tables, a working copy on disk, and an idempotency journal.

Records are treated as immutable values: an operation never edits a record in place, it plans
new records (``Change``) and the store swaps them in. That is what lets an in-memory store share
its records with a pristine copy (replaying hundreds of tasks from one load) and what makes
``store_changes`` cheap (an unchanged record is the very same object).

Durability on disk, in order, for each write:

1. ``_intent.json`` — the new records and the journal entry — is written atomically;
2. each changed table file is rewritten atomically (temp file + ``os.replace``);
3. ``_idempotency.json`` is rewritten atomically (after the data, never before: a journal entry
   must never claim a result the tables do not hold);
4. ``_intent.json`` is removed.

A crash before step 1 loses the write entirely (nothing changed, the retry runs it). A crash after
step 1 is finished on the next ``open`` by replaying the intent, which holds whole records and is
therefore safe to apply twice, so a write that touched two tables (an order and a gift card) is
never half-applied, and its journal entry is never lost either.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from deskpilot.errors import ConflictError, ConnectorError

logger = logging.getLogger(__name__)

Record = dict[str, Any]
"""One user, order or product, in the JSON shape of the store's files."""
Table = dict[str, Record]
StoreData = dict[str, Table]
"""The whole store: ``{"users": {...}, "orders": {...}, "products": {...}}``."""
Changes = dict[str, dict[str, Record | None]]
"""Only the records that differ, per table; tables without a change are left out."""

TABLES: tuple[str, ...] = ("users", "orders", "products")
JOURNAL_FILE = "_idempotency.json"
INTENT_FILE = "_intent.json"

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What a write produces: whole new records per table, and the result to hand back."""

    records: dict[str, dict[str, Record]]
    result: Any


@dataclass(frozen=True)
class _JournalEntry:
    action: str
    fingerprint: str
    result: Any

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "fingerprint": self.fingerprint, "result": self.result}


@dataclass
class _Journal:
    entries: dict[str, _JournalEntry] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {key: entry.to_json() for key, entry in self.entries.items()}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> _Journal:
        return cls({key: _JournalEntry(**value) for key, value in raw.items()})


def clone(value: T) -> T:
    """A deep copy of JSON-shaped data (dicts, lists, scalars); much faster than deepcopy."""
    return cast(T, _clone(value))


def _clone(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: _clone(item) for key, item in value.items()}
    if kind is list:
        return [_clone(item) for item in value]
    return value


def fingerprint(action: str, args: Mapping[str, Any]) -> str:
    """A digest of an operation and its arguments, to notice an idempotency key reused."""
    canonical = json.dumps({"action": action, "args": args}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_store(folder: Path) -> StoreData:
    """Read ``users.json``, ``orders.json`` and ``products.json`` from a folder."""
    return {name: _read_table(folder / f"{name}.json") for name in TABLES}


def write_store(folder: Path, data: Mapping[str, Mapping[str, Record]]) -> None:
    """Write the three tables of a store into a folder (created if missing), each atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    _check_shape(data)
    for name in TABLES:
        _atomic_write_json(folder / f"{name}.json", data[name])


def store_changes(
    before: Mapping[str, Mapping[str, Record]], after: Mapping[str, Mapping[str, Record]]
) -> Changes:
    """The records of ``after`` that differ from ``before`` (``None`` for a deleted record).

    Tables with no change are left out, so an untouched store gives ``{}`` — the shape of
    ``expected_changes`` in the reference tasks.
    """
    changes: Changes = {}
    for name in TABLES:
        old, new = before.get(name, {}), after.get(name, {})
        differing: dict[str, Record | None] = {}
        for key in (*new.keys(), *(k for k in old if k not in new)):
            old_record, new_record = old.get(key), new.get(key)
            if old_record is new_record or old_record == new_record:
                continue
            differing[key] = clone(new_record)
        if differing:
            changes[name] = differing
    return changes


class RetailStore:
    """The online store's state, safe to share between threads.

    Build it with ``open`` (a working copy on disk) or ``in_memory`` (tests and replay). Reads
    and writes go through ``read`` and ``write``, which hold one lock, so a precondition checked
    inside a write still holds when its change is applied.
    """

    def __init__(
        self,
        data: StoreData,
        *,
        pristine: StoreData | None = None,
        source: Path | None = None,
        workdir: Path | None = None,
        journal: _Journal | None = None,
    ) -> None:
        self._data = data
        self._pristine = pristine
        self._source = source
        self._workdir = workdir
        self._journal = journal or _Journal()
        self._lock = threading.RLock()
        self._version = 0
        self._unsaved: set[str] = set()

    @classmethod
    def open(cls, source: Path, workdir: Path) -> RetailStore:
        """Open the working copy in ``workdir``, first copying ``source``'s tables if it has none.

        ``source`` is only ever read. A write interrupted by a crash is finished here.
        """
        if workdir.resolve() == source.resolve():
            raise ConnectorError(
                f"the working copy needs its own folder, found the source folder {source}",
                path=str(source),
            )
        workdir.mkdir(parents=True, exist_ok=True)
        present = [name for name in TABLES if (workdir / f"{name}.json").exists()]
        if len(present) < len(TABLES):
            if present:
                logger.warning("working copy in %s is incomplete; copying it again", workdir)
            _copy_tables(source, workdir)
            _remove(workdir / JOURNAL_FILE)
            _remove(workdir / INTENT_FILE)
        data = load_store(workdir)
        journal = _read_journal(workdir / JOURNAL_FILE)
        store = cls(data, source=source, workdir=workdir, journal=journal)
        store._recover()
        return store

    @classmethod
    def in_memory(
        cls, data: Mapping[str, Mapping[str, Record]], *, copy_data: bool = True
    ) -> RetailStore:
        """A store that lives only in memory; ``reset`` returns it to ``data``.

        With ``copy_data=False`` the store shares ``data``'s records instead of copying them,
        which is safe because the store never edits a record in place: ``data`` stays pristine.
        """
        _check_shape(data)
        pristine: StoreData = {name: dict(data[name]) for name in TABLES}
        if copy_data:
            pristine = clone(pristine)
        working = {name: dict(table) for name, table in pristine.items()}
        return cls(working, pristine=pristine)

    @property
    def persistent(self) -> bool:
        """Whether the store keeps a working copy on disk."""
        return self._workdir is not None

    @property
    def version(self) -> int:
        """A counter that moves with every write or reset; a refused write leaves it unchanged."""
        return self._version

    def read(self, fn: Callable[[StoreData], T]) -> T:
        """Run ``fn`` on the current state under the lock and return a copy of what it returns."""
        with self._lock:
            return clone(fn(self._data))

    def write(
        self,
        idempotency_key: str,
        action: str,
        args_fingerprint: str,
        plan: Callable[[StoreData], Change],
    ) -> Any:
        """Plan and apply one write, once per idempotency key; return its result.

        ``plan`` checks the preconditions (raising ``Refusal``) and returns the new records
        without touching the state. A key seen before returns its stored result and changes
        nothing; reusing a key for a different operation raises ``ConflictError``.
        """
        if not idempotency_key:
            raise ConnectorError("a write needs a non-empty idempotency key", action=action)
        with self._lock:
            done = self._journal.entries.get(idempotency_key)
            if done is not None:
                if done.action != action or done.fingerprint != args_fingerprint:
                    raise ConflictError(
                        f"idempotency key {idempotency_key!r} was already used for another "
                        f"operation ({done.action})",
                        idempotency_key=idempotency_key,
                        action=action,
                    )
                return clone(done.result)
            change = plan(self._data)
            entry = _JournalEntry(action, args_fingerprint, clone(change.result))
            try:
                self._commit(change, idempotency_key, entry)
            except OSError as exc:
                raise ConnectorError(
                    f"could not save the store's working copy in {self._workdir}: {exc.strerror}",
                    action=action,
                ) from exc
            return clone(change.result)

    def snapshot(self) -> StoreData:
        """A deep copy of the whole current state."""
        with self._lock:
            return clone(self._data)

    def changes_since(self, pristine: Mapping[str, Mapping[str, Record]]) -> Changes:
        """The records that differ from ``pristine``, as ``store_changes`` computes them."""
        with self._lock:
            return store_changes(pristine, self._data)

    def reset(self) -> None:
        """Start over from the source: the working copy is copied again and the journal emptied."""
        with self._lock:
            if self._workdir is not None and self._source is not None:
                _copy_tables(self._source, self._workdir)
                _atomic_write_json(self._workdir / JOURNAL_FILE, {})
                _remove(self._workdir / INTENT_FILE)
                self._data = load_store(self._workdir)
            elif self._pristine is not None:
                self._data = {name: dict(table) for name, table in self._pristine.items()}
            self._journal = _Journal()
            self._version += 1

    def _commit(self, change: Change, key: str, entry: _JournalEntry) -> None:
        if self._workdir is not None:
            intent = {"records": change.records, "journal": {key: entry.to_json()}}
            _atomic_write_json(self._workdir / INTENT_FILE, intent)
        for name, records in change.records.items():
            self._data[name].update(records)
        self._journal.entries[key] = entry
        self._version += 1
        if self._workdir is not None:
            self._flush(set(change.records))
            _remove(self._workdir / INTENT_FILE)

    def _flush(self, tables: set[str]) -> None:
        # Tables a failed flush left behind are saved with the next one, so a later intent that
        # names other tables cannot leave them stale on disk.
        assert self._workdir is not None
        self._unsaved |= tables
        for name in TABLES:
            if name in self._unsaved:
                _atomic_write_json(self._workdir / f"{name}.json", self._data[name])
        _atomic_write_json(self._workdir / JOURNAL_FILE, self._journal.to_json())
        self._unsaved.clear()

    def _recover(self) -> None:
        assert self._workdir is not None
        path = self._workdir / INTENT_FILE
        if not path.exists():
            return
        logger.warning("finishing a write interrupted in %s", self._workdir)
        try:
            intent = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            # The intent is written atomically, so an unreadable one was never complete: the
            # write it describes never reached the tables.
            _remove(path)
            return
        records: dict[str, dict[str, Record]] = intent["records"]
        for name, changed in records.items():
            self._data[name].update(changed)
        self._journal.entries.update(_Journal.from_json(intent["journal"]).entries)
        self._flush(set(records))
        _remove(path)


def _check_shape(data: Mapping[str, Any]) -> None:
    missing = [name for name in TABLES if not isinstance(data.get(name), Mapping)]
    if missing:
        raise ConnectorError(
            f"store data needs the tables {', '.join(TABLES)}; missing or not objects: "
            f"{', '.join(missing)}",
            missing=missing,
        )


def _read_table(path: Path) -> Table:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConnectorError(f"store file {path} does not exist", path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise ConnectorError(
            f"store file {path} is not valid JSON (line {exc.lineno}): {exc.msg}",
            path=str(path),
        ) from exc
    if not isinstance(table, dict):
        raise ConnectorError(
            f"store file {path} should hold an object keyed by id, found {type(table).__name__}",
            path=str(path),
        )
    return table


def _read_journal(path: Path) -> _Journal:
    if not path.exists():
        return _Journal()
    try:
        return _Journal.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, TypeError) as exc:
        raise ConnectorError(f"idempotency journal {path} is unreadable", path=str(path)) from exc


def _copy_tables(source: Path, workdir: Path) -> None:
    for name in TABLES:
        src = source / f"{name}.json"
        try:
            content = src.read_bytes()
        except FileNotFoundError as exc:
            raise ConnectorError(f"store source {src} does not exist", path=str(src)) from exc
        _atomic_write_bytes(workdir / f"{name}.json", content)


def _atomic_write_json(path: Path, value: Any) -> None:
    _atomic_write_bytes(path, json.dumps(value, indent=2, ensure_ascii=False).encode())


def _atomic_write_bytes(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(Path(tmp))
        raise


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
