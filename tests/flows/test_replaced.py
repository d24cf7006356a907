"""The flow engine's copies of its frozen records (``flows._replaced.replace``) are the ones
``dataclasses.replace`` makes: same type, same fields in the same order, same values; the same
error for a change that names no field; and any class whose ``__init__`` does more than store
its fields goes through ``dataclasses.replace`` itself."""

from __future__ import annotations

import dataclasses
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import pytest

from deskpilot.domain import Case, CaseId, CustomerId, IntentScore, Understanding
from deskpilot.domain._models import DialogueState
from deskpilot.flows import _engine, _replaced
from deskpilot.flows._replaced import replace


@dataclass(frozen=True)
class _Checked:
    n: int
    doubled: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "doubled", self.n * 2)


@dataclass(frozen=True)
class _Counted:
    n: int
    seen: int = field(default=0, init=False)


@dataclass(frozen=True, slots=True)
class _Slotted:
    n: int
    m: int = 1


@dataclass
class _WithInitVar:
    n: int
    scale: InitVar[int] = 1

    def __post_init__(self, scale: int) -> None:
        self.n *= scale


@dataclass(frozen=True)
class _Cached:
    n: int

    @cached_property
    def square(self) -> int:
        return self.n * self.n


@dataclass(frozen=True)
class _OwnInit:
    n: int

    def __init__(self, n: int) -> None:
        object.__setattr__(self, "n", abs(n))


_CASE = Case(
    CaseId("c1"),
    CustomerId("u1"),
    intent="cancel",
    slots={"order": "#W1"},
    dialogue=DialogueState(said=("cancel #W1",), memory={"order": "#W1"}),
    created_at=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
    updated_at=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
)
_READ = Understanding(text="cancel it", language="en", intents=(IntentScore("cancel", 0.9),))

CASES: list[tuple[Any, dict[str, Any]]] = [
    (_CASE, {"intent": "return", "slots": {}}),
    (_CASE, {"dialogue": dataclasses.replace(_CASE.dialogue, unread=(("a", "b"),))}),
    (_CASE, {}),
    (_CASE.dialogue, {"said": (), "question": None, "facts": {"x": 1}}),
    (_READ, {"text": "", "intents": ()}),
    (_Checked(2), {"n": 5}),
    (_Counted(3), {"n": 4}),
    (_Slotted(1), {"m": 7}),
    (_WithInitVar(2), {"n": 3, "scale": 2}),
    (_Cached(3), {"n": 4}),
    (_OwnInit(5), {"n": -6}),
]


@pytest.mark.parametrize(("record", "changes"), CASES)
def test_replaced_copy_is_the_one_dataclasses_makes(record: Any, changes: dict[str, Any]) -> None:
    if isinstance(record, _Cached):
        assert record.square == 9  # a value kept in the instance's __dict__, not a field
    ours, theirs = replace(record, **changes), dataclasses.replace(record, **changes)
    assert type(ours) is type(theirs)
    assert ours == theirs
    assert ours is not record
    if hasattr(theirs, "__dict__"):
        assert list(vars(ours).items()) == list(vars(theirs).items())


@pytest.mark.parametrize("record", [_CASE, _CASE.dialogue, _Checked(1), _Slotted(1)])
def test_replaced_refuses_a_change_that_names_no_field_as_dataclasses_does(record: Any) -> None:
    with pytest.raises(TypeError) as ours:
        replace(record, no_such_field=1)
    with pytest.raises(TypeError) as theirs:
        dataclasses.replace(record, no_such_field=1)
    assert str(ours.value) == str(theirs.value)


def test_replaced_copies_directly_only_plain_dataclasses() -> None:
    for record, _ in CASES:
        replace(record)
    plain = {cls for cls, fields in _replaced._PLAIN.items() if fields is not None}
    assert {Case, DialogueState, Understanding} <= plain
    assert not plain & {_Checked, _Counted, _Slotted, _WithInitVar, _OwnInit}


def test_flow_engine_copies_its_records_with_replaced() -> None:
    assert _engine.replace is _replaced.replace
