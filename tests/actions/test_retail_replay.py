"""Every reference task of tau-retail, replayed on a pristine store, must match the reference.

The reference data lives outside the repository (``../shared/datasets/tau-retail``); the tests
skip with the missing path when it is absent, as in a fresh clone.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskpilot.domains.retail import (
    RefusalCode,
    StoreData,
    diff_changes,
    load_store,
    load_tasks,
    replay_task,
)
from deskpilot.domains.retail.replay_support import Task, reference_error_code
from deskpilot.errors import InputError

DATASET = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "tau-retail"
TASK_FILES = ("tasks_test.json", "tasks_dev.json", "tasks_train.json")


def _task_params() -> list[Any]:
    params: list[Any] = []
    for name in TASK_FILES:
        path = DATASET / name
        if not path.exists():
            reason = f"reference tasks not found at {path}"
            params.append(pytest.param(None, id=name, marks=pytest.mark.skip(reason=reason)))
            continue
        params.extend(pytest.param(task, id=task.label) for task in load_tasks(path))
    return params


@pytest.fixture(scope="module")
def pristine() -> StoreData:
    """The reference store as shipped, loaded once and never changed."""
    if not (DATASET / "orders.json").exists():
        pytest.skip(f"reference store not found at {DATASET}")
    return load_store(DATASET)


@pytest.mark.parametrize("task", _task_params())
def test_replay_matches_reference_changes_and_refusals(task: Task, pristine: StoreData) -> None:
    report = replay_task(task, pristine)
    assert report.problem is None, f"{task.label}: {report.problem}"
    refused = [step for step in report.steps if step.refusal_code is not None]
    assert len(refused) == len(task.reference_errors)


def test_replay_leaves_the_pristine_store_untouched(pristine: StoreData) -> None:
    for task in load_tasks(DATASET / "tasks_dev.json"):
        replay_task(task, pristine)
    assert pristine == load_store(DATASET)


def test_replay_reports_the_first_differing_field(pristine: StoreData) -> None:
    task = _first_task_changing_an_order_status()
    order_id, expected = next(iter(task.expected_changes["orders"].items()))
    assert expected is not None
    tampered = {"orders": {order_id: {**expected, "status": "processed"}}}
    report = replay_task(dataclasses.replace(task, expected_changes=tampered), pristine)
    assert report.problem == (
        f"orders.{order_id}.status: expected 'processed', found {expected['status']!r}"
    )


def test_replay_reports_a_refusal_the_reference_did_not_make(pristine: StoreData) -> None:
    task = _first_task_changing_an_order_status()
    report = replay_task(
        dataclasses.replace(task, reference_errors=("Error: order not found",)), pristine
    )
    assert report.problem == "refusals: expected [not_found], found []"


def test_replay_skips_operations_the_store_does_not_have(pristine: StoreData) -> None:
    tasks = [t for t in load_tasks(DATASET / "tasks_test.json") if _has(t, "calculate")]
    report = replay_task(tasks[0], pristine)
    assert report.ok
    assert any(step.skipped and step.action == "calculate" for step in report.steps)


def test_load_tasks_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_tasks(tmp_path / "tasks_missing.json")


def test_load_tasks_rejects_a_file_that_is_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "tasks_bad.json"
    path.write_text('{"index": 0}', encoding="utf-8")
    with pytest.raises(InputError, match="should hold a list of tasks, found dict"):
        load_tasks(path)


def test_load_tasks_names_a_task_with_an_index_that_is_not_a_number(tmp_path: Path) -> None:
    path = tmp_path / "tasks_bad.json"
    task = {"index": "first", "user_id": "u", "instruction": "", "actions": []}
    path.write_text(json.dumps([{**task, "expected_changes": {}}]), encoding="utf-8")
    with pytest.raises(InputError, match="has a task without the expected fields"):
        load_tasks(path)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("Error: user not found", RefusalCode.NOT_FOUND),
        ("Error: insufficient gift card balance for the order", "insufficient_gift_card_balance"),
        (
            "Error: payment method should be either the original payment method or a gift card",
            "refund_method_not_allowed",
        ),
        ("Error: non-delivered order cannot be exchanged", "order_not_delivered"),
        ("Error: something new", None),
    ],
)
def test_reference_error_code_maps_reference_messages(message: str, code: str | None) -> None:
    assert reference_error_code(message) == code


def test_diff_changes_names_the_path_of_a_list_entry() -> None:
    expected = {"orders": {"#W1": {"payment_history": [{"amount": 1.0}, {"amount": 2.0}]}}}
    actual = {"orders": {"#W1": {"payment_history": [{"amount": 1.0}, {"amount": 2.5}]}}}
    assert diff_changes(expected, actual) == (
        "orders.#W1.payment_history[1].amount: expected 2.0, found 2.5"
    )


def test_diff_changes_tolerates_float_noise_but_not_cents() -> None:
    noisy = {"users": {"u": {"amount": 71.96000000000001}}}
    assert diff_changes(noisy, {"users": {"u": {"amount": 71.96}}}) is None
    assert diff_changes(noisy, {"users": {"u": {"amount": 71.97}}}) is not None


def test_diff_changes_reports_missing_and_unexpected_records() -> None:
    assert diff_changes({"orders": {"#W1": {}}}, {}) == (
        "orders.#W1: expected this record to change, found it unchanged"
    )
    assert (
        diff_changes({}, {"users": {"u": {"a": 1}}})
        == "users.u: expected no change, found {'a': 1}"
    )


def test_diff_changes_does_not_equate_text_and_numbers() -> None:
    assert diff_changes({"o": {"1": {"zip": "1"}}}, {"o": {"1": {"zip": 1}}}) == (
        "o.1.zip: expected '1', found 1"
    )


_keys = st.text(max_size=3)
_json = st.recursive(
    st.none() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=10,
)
_records = st.dictionaries(_keys, _json, max_size=3)
_tables = st.dictionaries(st.text(min_size=1, max_size=4), _records, min_size=1, max_size=3)
_changes = st.dictionaries(st.sampled_from(["users", "orders"]), _tables, max_size=2)


@given(_changes)
def test_diff_changes_finds_no_difference_between_equal_change_sets(changes: Any) -> None:
    assert diff_changes(changes, changes) is None


@given(_changes, _changes)
def test_diff_changes_reports_a_difference_exactly_when_change_sets_differ(a: Any, b: Any) -> None:
    # Without booleans (True == 1) and empty tables (left out of change sets), Python equality
    # is the truth for these values.
    assert (diff_changes(a, b) is None) == (a == b)


def _first_task_changing_an_order_status() -> Task:
    if not (DATASET / "tasks_dev.json").exists():
        pytest.skip(f"reference tasks not found at {DATASET / 'tasks_dev.json'}")
    for task in load_tasks(DATASET / "tasks_dev.json"):
        orders = task.expected_changes.get("orders", {})
        if len(orders) == 1 and not task.reference_errors:
            return task
    raise AssertionError("tasks_dev.json has no task changing exactly one order")


def _has(task: Task, action: str) -> bool:
    return any(a.name == action for a in task.actions)
