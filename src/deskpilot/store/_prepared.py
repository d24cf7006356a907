"""Statements every chat turn runs, compiled once and run on the driver's cursor.

A turn runs about a dozen statements (its conversation and case read, the message and reply
inserts, the event log's tip and appends, the case save, the message status). Through
``Connection.execute`` each costs about 30 µs of SQLAlchemy's own work (cache key, compiled
cache, execution context, result wrapping) against 3 µs of SQLite's: about a tenth of a turn.
``Prepared`` compiles its statement once per dialect and runs it on the transaction's own
driver connection with the same type processing SQLAlchemy applies (JSON, the UTC datetimes),
the driver's errors raised as SQLAlchemy's (an ``IntegrityError`` stays one). SQLite only:
on another dialect it runs the statement through ``Connection.execute`` as before, so a
scaled-out deployment keeps SQLAlchemy's handling of its driver (casts, RETURNING, batching).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, exc
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
_REQUIRED = object()


@dataclass(frozen=True)
class _Plan:
    """One statement compiled for SQLite: its SQL, where each parameter comes from and how it
    is converted, and how a row of its result is rebuilt."""

    sql: str
    # (parameter key, constant value when not a parameter, bind processor) in SQL order
    binds: tuple[tuple[str, Any, Processor | None], ...]
    row: Callable[..., Any] | None
    results: tuple[Processor | None, ...]
    error: type[Exception]


class Prepared:
    """A Core statement compiled once (per dialect) and run with parameters.

    ``keys``: for an INSERT, the columns every execution gives (the statement is compiled for
    exactly those)."""

    def __init__(self, statement: Executable, keys: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.keys = None if keys is None else list(keys)
        self._plans: dict[str, _Plan | None] = {}

    def _plan(self, dialect: Dialect) -> _Plan | None:
        name = dialect.name
        if name in self._plans:
            return self._plans[name]
        plan = _compile(self.statement, self.keys, dialect) if name == "sqlite" else None
        self._plans[name] = plan
        return plan

    def first(self, c: Connection, params: Mapping[str, Any]) -> Any:
        """The first row (attributes by column name), or None."""
        plan = self._plan(c.dialect)
        if plan is None:
            return c.execute(self.statement, dict(params)).first()
        row = _run(c, plan, params).fetchone()
        if row is None:
            return None
        assert plan.row is not None
        return plan.row(*[v if p is None else p(v) for p, v in zip(plan.results, row, strict=True)])

    def scalar(self, c: Connection, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None."""
        row = self.first(c, params)
        return None if row is None else row[0]

    def run(self, c: Connection, params: Mapping[str, Any]) -> int:
        """Execute once; the number of rows it changed."""
        plan = self._plan(c.dialect)
        if plan is None:
            return int(c.execute(self.statement, dict(params)).rowcount)
        return int(_run(c, plan, params).rowcount)

    def run_many(self, c: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Execute once per row of parameters."""
        if not rows:
            return
        plan = self._plan(c.dialect)
        if plan is None:
            c.execute(self.statement, [dict(r) for r in rows])
            return
        cursor = _cursor(c)
        values = [_values(plan, r) for r in rows]
        try:
            cursor.executemany(plan.sql, values)
        except plan.error as e:
            raise exc.DBAPIError.instance(plan.sql, values, e, plan.error) from e


def _compile(statement: Executable, keys: list[str] | None, dialect: Dialect) -> _Plan | None:
    compiled = cast(ClauseElement, statement).compile(dialect=dialect, column_keys=keys)
    assert isinstance(compiled, SQLCompiler)
    if compiled.insert_prefetch or compiled.update_prefetch or compiled.positiontup is None:
        return None  # defaults computed per execution: left to SQLAlchemy
    processors = compiled._bind_processors
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    binds: list[tuple[str, Any, Processor | None]] = []
    for name in compiled.positiontup:
        bind = by_name[name]
        processor = processors.get(name)
        if isinstance(processor, tuple):
            return None
        if bind.callable is not None:
            return None
        # a parameter every execution must give (``bindparam("x")``, an INSERT's columns)
        # has no constant; a literal the statement holds (a LIMIT) has its value
        constant = _REQUIRED if bind.required or keys is not None else bind.value
        binds.append((name, constant, cast("Processor | None", processor)))
    columns = list(getattr(statement, "selected_columns", ()))
    row = namedtuple("Row", [col.key for col in columns]) if columns else None
    results = tuple(col.type._cached_result_processor(dialect, None) for col in columns)
    error: type[Exception] = dialect.loaded_dbapi.Error
    return _Plan(compiled.string, tuple(binds), row, results, error)


def _values(plan: _Plan, params: Mapping[str, Any]) -> list[Any]:
    out = []
    for key, constant, processor in plan.binds:
        value = params[key] if constant is _REQUIRED or key in params else constant
        out.append(value if processor is None else processor(value))
    return out


def _cursor(c: Connection) -> Any:
    return c.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _run(c: Connection, plan: _Plan, params: Mapping[str, Any]) -> Any:
    values = _values(plan, params)
    cursor = _cursor(c)
    try:
        return cursor.execute(plan.sql, values)
    except plan.error as e:
        raise exc.DBAPIError.instance(plan.sql, values, e, plan.error) from e
