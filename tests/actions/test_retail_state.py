"""The store's state: working copy, persistence, reset, idempotency, recovery and locking."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from deskpilot.actions._spec import Refusal
from deskpilot.domains.retail import (
    CancelPendingOrderArgs,
    RetailConnector,
    RetailStore,
    StoreData,
    store_changes,
    write_store,
)
from deskpilot.errors import ConflictError, ConnectorError

CANCEL = CancelPendingOrderArgs(order_id="#W1000001", reason="no longer needed")


@pytest.fixture
def source(tmp_path: Path, retail_data: StoreData) -> Path:
    """A source folder holding the tiny store."""
    folder = tmp_path / "source"
    write_store(folder, retail_data)
    return folder


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.iterdir())
    }


def _open(source: Path, workdir: Path) -> RetailConnector:
    return RetailConnector(RetailStore.open(source, workdir))


def test_open_copies_the_source_and_never_writes_it(source: Path, tmp_path: Path) -> None:
    before = _digest(source)
    connector = _open(source, tmp_path / "work")
    connector.execute("cancel_pending_order", CANCEL, "k1")
    connector.store.reset()
    assert _digest(source) == before
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == [
        "_idempotency.json",
        "orders.json",
        "products.json",
        "users.json",
    ]


def test_open_keeps_changes_across_a_restart(source: Path, tmp_path: Path) -> None:
    _open(source, tmp_path / "work").execute("cancel_pending_order", CANCEL, "k1")
    reopened = RetailStore.open(source, tmp_path / "work")
    assert reopened.read(lambda data: data["orders"]["#W1000001"]["status"]) == "cancelled"


def test_write_rewrites_only_the_tables_it_changed(source: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    connector = _open(source, work)
    inodes = {name: (work / f"{name}.json").stat().st_ino for name in ("users", "products")}
    connector.execute("cancel_pending_order", CANCEL, "k1")  # paid by card: orders only
    assert {name: (work / f"{name}.json").stat().st_ino for name in inodes} == inodes
    assert json.loads((work / "orders.json").read_text())["#W1000001"]["status"] == "cancelled"


def test_write_leaves_no_temporary_files(source: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    _open(source, work).execute("cancel_pending_order", CANCEL, "k1")
    assert not [p for p in work.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_reset_copies_the_source_again_and_forgets_keys(source: Path, tmp_path: Path) -> None:
    connector = _open(source, tmp_path / "work")
    connector.execute("cancel_pending_order", CANCEL, "k1")
    connector.store.reset()
    assert connector.store.read(lambda data: data["orders"]["#W1000001"]["status"]) == "pending"
    result = connector.execute("cancel_pending_order", CANCEL, "k1")
    assert result["status"] == "cancelled"


def test_open_copies_again_when_the_working_copy_is_incomplete(
    source: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    _open(source, work).execute("cancel_pending_order", CANCEL, "k1")
    (work / "products.json").unlink()
    reopened = RetailStore.open(source, work)
    assert reopened.read(lambda data: data["orders"]["#W1000001"]["status"]) == "pending"


def test_open_names_a_corrupt_table(source: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    RetailStore.open(source, work)
    (work / "orders.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConnectorError, match=r"orders\.json is not valid JSON \(line 1\)"):
        RetailStore.open(source, work)


def test_open_names_a_missing_source(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match=r"users\.json does not exist"):
        RetailStore.open(tmp_path / "nowhere", tmp_path / "work")


@pytest.mark.parametrize(
    "journal",
    ['["k1"]', '{"k1": "cancelled"}', '{"k1": {"action": "cancel_pending_order"}}'],
    ids=["not-an-object", "entry-not-an-object", "entry-without-its-result"],
)
def test_open_names_a_damaged_journal(source: Path, tmp_path: Path, journal: str) -> None:
    work = tmp_path / "work"
    RetailStore.open(source, work)
    (work / "_idempotency.json").write_text(journal, encoding="utf-8")
    with pytest.raises(ConnectorError, match=r"_idempotency\.json is unreadable"):
        RetailStore.open(source, work)


def test_repeated_key_returns_the_stored_result_and_changes_nothing(retail_connector: Any) -> None:
    first = retail_connector.execute("cancel_pending_order", CANCEL, "k1")
    version = retail_connector.store.version
    again = retail_connector.execute("cancel_pending_order", CANCEL, "k1")
    assert again == first
    assert retail_connector.store.version == version


def test_repeated_key_after_reopen_changes_nothing(source: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    first = _open(source, work).execute("cancel_pending_order", CANCEL, "k1")
    before = _digest(work)
    again = _open(source, work).execute("cancel_pending_order", CANCEL, "k1")
    assert again == first
    assert _digest(work) == before


def test_reused_key_for_other_arguments_is_a_conflict(retail_connector: Any) -> None:
    retail_connector.execute("cancel_pending_order", CANCEL, "k1")
    other = CancelPendingOrderArgs(order_id="#W1000005", reason="no longer needed")
    with pytest.raises(ConflictError, match="already used"):
        retail_connector.execute("cancel_pending_order", other, "k1")


def test_a_new_key_for_a_done_write_runs_the_rules_again(retail_connector: Any) -> None:
    retail_connector.execute("cancel_pending_order", CANCEL, "k1")
    with pytest.raises(Refusal) as refusal:
        retail_connector.execute("cancel_pending_order", CANCEL, "k2")
    assert refusal.value.code == "order_not_pending"


def test_write_without_key_is_an_error(retail_connector: Any) -> None:
    with pytest.raises(ConnectorError, match="idempotency key"):
        retail_connector.execute("cancel_pending_order", CANCEL, "")


def test_a_write_interrupted_after_its_intent_is_finished_on_open(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    connector = _open(source, work)
    args = CancelPendingOrderArgs(order_id="#W1000005", reason="no longer needed")  # gift card

    def crash(self: RetailStore, tables: set[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(RetailStore, "_flush", crash)
    with pytest.raises(ConnectorError, match="could not save"):
        connector.execute("cancel_pending_order", args, "k1")
    monkeypatch.undo()
    assert (work / "_intent.json").exists()
    on_disk = json.loads((work / "orders.json").read_text())
    assert on_disk["#W1000005"]["status"] == "pending"

    reopened = RetailConnector(RetailStore.open(source, work))
    assert not (work / "_intent.json").exists()
    user = reopened.store.read(lambda data: data["users"]["ada_lane_1001"])
    assert user["payment_methods"]["gift_card_1000002"]["balance"] == 32.0
    again = reopened.execute("cancel_pending_order", args, "k1")
    assert again["status"] == "cancelled"


def test_in_memory_store_never_changes_the_data_it_was_given(retail_data: StoreData) -> None:
    pristine = json.loads(json.dumps(retail_data))
    for copy_data in (True, False):
        connector = RetailConnector(RetailStore.in_memory(retail_data, copy_data=copy_data))
        connector.execute("cancel_pending_order", CANCEL, "k1")
        assert retail_data == pristine


def test_in_memory_reset_returns_to_the_initial_data(retail_store: RetailStore) -> None:
    initial = retail_store.snapshot()
    RetailConnector(retail_store).execute("cancel_pending_order", CANCEL, "k1")
    retail_store.reset()
    assert retail_store.changes_since(initial) == {}


def test_store_changes_lists_only_differing_records_and_omits_untouched_tables(
    retail_store: RetailStore,
) -> None:
    before = retail_store.snapshot()
    RetailConnector(retail_store).execute("cancel_pending_order", CANCEL, "k1")
    changes = store_changes(before, retail_store.snapshot())
    assert list(changes) == ["orders"]
    assert list(changes["orders"]) == ["#W1000001"]
    assert store_changes(before, before) == {}


def test_store_changes_marks_a_deleted_record_as_none(retail_data: StoreData) -> None:
    after = {name: dict(table) for name, table in retail_data.items()}
    del after["orders"]["#W1000003"]
    assert store_changes(retail_data, after) == {"orders": {"#W1000003": None}}


def test_concurrent_cancels_of_one_order_succeed_once(retail_connector: Any) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(key: str) -> None:
        try:
            retail_connector.execute("cancel_pending_order", CANCEL, key)
            outcome = "done"
        except Refusal as refusal:
            outcome = refusal.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(f"k{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done"] + ["order_not_pending"] * 7
    order = retail_connector.execute(
        "get_order_details",
        retail_connector.parse("get_order_details", {"order_id": "#W1000001"}),
        "r",
    )
    assert [e["transaction_type"] for e in order["payment_history"]] == ["payment", "refund"]


def test_open_refuses_to_work_in_the_source_folder(source: Path) -> None:
    with pytest.raises(ConnectorError, match="needs its own folder"):
        RetailStore.open(source, source)
