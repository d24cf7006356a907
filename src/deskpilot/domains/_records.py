"""A pack's records as JSON tables: a durable working copy and an idempotency journal.

``JsonTablesStore`` is the shape every pack whose system of record is a folder of JSON tables
can share: a subclass names its tables (``tables``), the folder it opens from is only ever read,
and writes are planned as whole new records (``Change``) that the store swaps in under one lock.
Because no record is ever edited in place, an in-memory store may share the records of a
pristine copy, and comparing with that copy (``table_changes``) is cheap.

Each write on disk, in order: ``_intent.json`` (the new records and the journal entry) is
written atomically; each changed table is rewritten atomically; ``_idempotency.json`` is
rewritten; the intent is removed. A crash after the intent is finished by the next ``open``,
which applies the intent again (whole records: safe twice).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar, cast

from deskpilot.errors import ConflictError, ConnectorError, DeskpilotError

logger = logging.getLogger(__name__)

Record = dict[str, Any]
"""One record, in the JSON shape of its table's file."""
Table = dict[str, Record]
Data = dict[str, Table]
"""Every table by name."""
Changes = dict[str, dict[str, Record | None]]
"""Only the records that differ, per table; tables without a change are left out."""

JOURNAL_FILE = "_idempotency.json"
INTENT_FILE = "_intent.json"
_JOURNAL_ENTRY = frozenset({"action", "fingerprint", "result"})

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What a write produces: whole new records per table, and the result to hand back."""

    records: dict[str, dict[str, Record]]
    result: Any


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


def load_tables(folder: Path, tables: Iterable[str]) -> Data:
    """Read ``<table>.json`` for each table from ``folder``."""
    return {name: _read_table(folder / f"{name}.json") for name in tables}


def write_tables(
    folder: Path, data: Mapping[str, Mapping[str, Record]], tables: Iterable[str]
) -> None:
    """Write each table into ``folder`` (created if missing), each file atomically."""
    names = tuple(tables)
    folder.mkdir(parents=True, exist_ok=True)
    _check_shape(data, names)
    for name in names:
        _atomic_write_json(folder / f"{name}.json", data[name])


def table_changes(
    before: Mapping[str, Mapping[str, Record]],
    after: Mapping[str, Mapping[str, Record]],
    tables: Iterable[str],
) -> Changes:
    """The records of ``after`` that differ from ``before`` (``None`` for a deleted one);
    tables with no change are left out, so an untouched store gives ``{}``."""
    changes: Changes = {}
    for name in tables:
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


class JsonTablesStore:
    """Tables of JSON records, safe to share between threads; subclasses name ``tables``.

    Build one with ``open`` (a working copy on disk) or ``in_memory`` (tests and replay). Reads
    and writes hold one lock, so a precondition checked inside a write still holds when its
    change is applied.
    """

    tables: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        data: Data,
        *,
        pristine: Data | None = None,
        source: Path | None = None,
        workdir: Path | None = None,
        journal: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self._data = data
        self._pristine = pristine
        self._source = source
        self._workdir = workdir
        self._journal: dict[str, dict[str, Any]] = journal or {}
        self._lock = threading.RLock()
        self._version = 0
        self._unsaved: set[str] = set()

    @classmethod
    def open(cls, source: Path, workdir: Path) -> Self:
        """The working copy in ``workdir``, first copied from ``source`` if it has none; a write
        a crash interrupted is finished here. ``source`` is only ever read."""
        if workdir.resolve() == source.resolve():
            raise ConnectorError(
                f"the working copy needs its own folder, found the source folder {source}",
                path=str(source),
            )
        workdir.mkdir(parents=True, exist_ok=True)
        present = [name for name in cls.tables if (workdir / f"{name}.json").exists()]
        if len(present) < len(cls.tables):
            if present:
                logger.warning("working copy in %s is incomplete; copying it again", workdir)
            _copy_tables(source, workdir, cls.tables)
            (workdir / JOURNAL_FILE).unlink(missing_ok=True)
            (workdir / INTENT_FILE).unlink(missing_ok=True)
        data = load_tables(workdir, cls.tables)
        journal = _read_journal(workdir / JOURNAL_FILE)
        store = cls(data, source=source, workdir=workdir, journal=journal)
        store._recover()
        return store

    @classmethod
    def in_memory(cls, data: Mapping[str, Mapping[str, Record]], *, copy_data: bool = True) -> Self:
        """A store that lives only in memory; ``reset`` returns it to ``data``. With
        ``copy_data=False`` it shares ``data``'s records, which it never edits in place."""
        _check_shape(data, cls.tables)
        pristine: Data = {name: dict(data[name]) for name in cls.tables}
        if copy_data:
            pristine = clone(pristine)
        return cls({name: dict(table) for name, table in pristine.items()}, pristine=pristine)

    @property
    def persistent(self) -> bool:
        """Whether the store keeps a working copy on disk."""
        return self._workdir is not None

    @property
    def version(self) -> int:
        """A counter that moves with every write or reset; a refused write leaves it unchanged."""
        return self._version

    def read(self, fn: Callable[[Data], T]) -> T:
        """Run ``fn`` on the current tables under the lock and return a copy of its answer."""
        with self._lock:
            return clone(fn(self._data))

    def write(
        self,
        idempotency_key: str,
        action: str,
        args_fingerprint: str,
        plan: Callable[[Data], Change],
    ) -> Any:
        """Plan and apply one write, once per idempotency key; return its result.

        ``plan`` checks the preconditions (raising ``Refusal``) and returns the new records
        without touching the tables. A key seen before returns its stored result and changes
        nothing; the same key for another operation raises ``ConflictError``.
        """
        if not idempotency_key:
            raise ConnectorError("a write needs a non-empty idempotency key", action=action)
        with self._lock:
            done = self._journal.get(idempotency_key)
            if done is not None:
                if done["action"] != action or done["fingerprint"] != args_fingerprint:
                    raise ConflictError(
                        f"idempotency key {idempotency_key!r} was already used for another "
                        f"operation ({done['action']})",
                        idempotency_key=idempotency_key,
                        action=action,
                    )
                return clone(done["result"])
            change = plan(self._data)
            entry = {
                "action": action,
                "fingerprint": args_fingerprint,
                "result": clone(change.result),
            }
            try:
                self._commit(change, idempotency_key, entry)
            except OSError as exc:
                raise ConnectorError(
                    f"could not save the working copy in {self._workdir}: {exc.strerror}",
                    action=action,
                ) from exc
            return clone(change.result)

    def snapshot(self) -> Data:
        """A deep copy of every table."""
        with self._lock:
            return clone(self._data)

    def changes_since(self, pristine: Mapping[str, Mapping[str, Record]]) -> Changes:
        """The records that differ from ``pristine``, as ``table_changes`` computes them."""
        with self._lock:
            return table_changes(pristine, self._data, self.tables)

    def reset(self) -> None:
        """Start over from the source: the working copy copied again, the journal emptied."""
        with self._lock:
            if self._workdir is not None and self._source is not None:
                _copy_tables(self._source, self._workdir, self.tables)
                _atomic_write_json(self._workdir / JOURNAL_FILE, {})
                (self._workdir / INTENT_FILE).unlink(missing_ok=True)
                self._data = load_tables(self._workdir, self.tables)
            elif self._pristine is not None:
                self._data = {name: dict(table) for name, table in self._pristine.items()}
            self._journal = {}
            self._version += 1

    def _commit(self, change: Change, key: str, entry: dict[str, Any]) -> None:
        if self._workdir is not None:
            intent = {"records": change.records, "journal": {key: entry}}
            _atomic_write_json(self._workdir / INTENT_FILE, intent)
        for name, records in change.records.items():
            self._data[name].update(records)
        self._journal[key] = entry
        self._version += 1
        if self._workdir is not None:
            self._flush(set(change.records))
            (self._workdir / INTENT_FILE).unlink(missing_ok=True)

    def _flush(self, tables: set[str]) -> None:
        # Tables a failed flush left behind are saved with the next one.
        assert self._workdir is not None
        self._unsaved |= tables
        for name in self.tables:
            if name in self._unsaved:
                _atomic_write_json(self._workdir / f"{name}.json", self._data[name])
        _atomic_write_json(self._workdir / JOURNAL_FILE, self._journal)
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
            # Written atomically: an unreadable intent was never complete, nor applied.
            path.unlink(missing_ok=True)
            return
        records: dict[str, dict[str, Record]] = intent["records"]
        for name, changed in records.items():
            self._data[name].update(changed)
        self._journal.update(intent["journal"])
        self._flush(set(records))
        path.unlink(missing_ok=True)


def _check_shape(data: Mapping[str, Any], tables: tuple[str, ...]) -> None:
    missing = [name for name in tables if not isinstance(data.get(name), Mapping)]
    if missing:
        raise ConnectorError(
            f"the records need the tables {', '.join(tables)}; missing or not objects: "
            f"{', '.join(missing)}",
            missing=missing,
        )


def read_json_file(path: Path, what: str, error: type[DeskpilotError] = ConnectorError) -> Any:
    """The JSON value in ``path``; a missing file or bad JSON raise ``error``, naming the file as
    ``what`` (``"records file"``) and where the JSON breaks."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise error(f"{what} {path} does not exist", path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise error(
            f"{what} {path} is not valid JSON (line {exc.lineno}): {exc.msg}", path=str(path)
        ) from exc


def _read_table(path: Path) -> Table:
    table = read_json_file(path, "records file")
    if not isinstance(table, dict):
        raise ConnectorError(
            f"records file {path} should hold an object keyed by id, found {type(table).__name__}",
            path=str(path),
        )
    return table


def _read_journal(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConnectorError(f"idempotency journal {path} is unreadable", path=str(path)) from exc
    # Every entry is checked here, so that a damaged one is named on open, not met by a write.
    if not isinstance(raw, dict) or not all(_is_entry(entry) for entry in raw.values()):
        raise ConnectorError(f"idempotency journal {path} is unreadable", path=str(path))
    return raw


def _is_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.keys() >= _JOURNAL_ENTRY


def _copy_tables(source: Path, workdir: Path, tables: tuple[str, ...]) -> None:
    for name in tables:
        src = source / f"{name}.json"
        try:
            content = src.read_bytes()
        except FileNotFoundError as exc:
            raise ConnectorError(f"records source {src} does not exist", path=str(src)) from exc
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
        Path(tmp).unlink(missing_ok=True)
        raise
