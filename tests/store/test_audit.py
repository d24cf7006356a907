"""The tamper-evident event log: every change, removal, insertion or reordering of events is
found by ``deskpilot audit verify``; a cut-off or rewritten end is found given an earlier tip."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from deskpilot.domain import CaseId, Event, EventType, utcnow
from deskpilot.store import Database
from deskpilot.store._audit import chain_hash, data_digest
from deskpilot.store._engine import make_engine
from tests.conftest import run_cli

MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "deskpilot" / "store" / "migrations"
TYPES = [EventType.MESSAGE_RECEIVED, EventType.DECISION, EventType.MESSAGE_SENT]


def _events(case: str, n: int) -> list[Event]:
    start = utcnow() - timedelta(minutes=5)
    return [
        Event(
            CaseId(case),
            TYPES[i % len(TYPES)],
            "system" if i % 2 else "customer",
            {"text": f"message {i}", "n": i, "nested": {"card": "visa", "digits": "1234"}},
            created_at=start + timedelta(seconds=i),
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def log_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with 30 chained events over three cases (never modified)."""
    path = tmp_path_factory.mktemp("audit") / "log.sqlite3"
    db = Database.connect(f"sqlite:///{path}")
    for case in ("case_a", "case_b", "case_c"):
        with db.transaction() as repo:
            repo.append_events(_events(case, 10))
    db.dispose()
    return path


def _tampered(log_file: Path, tmp_path: Path, *statements: str) -> Database:
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}.sqlite3"
    shutil.copy(log_file, copy)
    db = Database.connect(f"sqlite:///{copy}")
    with db.transaction() as repo:
        for statement in statements:
            repo.c.exec_driver_sql(statement)
    return db


def test_an_untouched_log_verifies_and_reports_its_tip(log_file: Path, tmp_path: Path) -> None:
    db = _tampered(log_file, tmp_path)
    report = db.verify_audit()
    assert report.intact and report.events == 30
    assert db.verify_audit(expect_tip=report.tip).intact
    db.dispose()


# what is done to a copy of the log, and words of the problem reported
TAMPERING = {
    "data changed": ('UPDATE events SET data = \'{"text": "refund $5000"}\' WHERE id = 12', "data"),
    "actor changed": ("UPDATE events SET actor = 'agent:mallory' WHERE id = 5", "fields"),
    "type changed": ("UPDATE events SET type = 'case_resolved' WHERE id = 7", "fields"),
    "time changed": (
        "UPDATE events SET created_at = '2020-01-01 00:00:00.000000' WHERE id = 9",
        "fields",
    ),
    "case changed": ("UPDATE events SET case_id = 'case_z' WHERE id = 3", "fields"),
    "removed": ("DELETE FROM events WHERE id = 15", "removed"),
    "emptied without erasure": (
        "UPDATE events SET data = '{\"erased\": true}' WHERE id = 4",
        "erasure",
    ),
    "digest rewritten with the data": (
        "UPDATE events SET data = '{\"n\": 1}', "
        f"data_digest = '{data_digest({'n': 1})}' WHERE id = 2",
        "fields",
    ),
}


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_every_kind_of_tampering_is_found(log_file: Path, tmp_path: Path, tampering: str) -> None:
    statement, said = TAMPERING[tampering]
    db = _tampered(log_file, tmp_path, statement)
    report = db.verify_audit()
    db.dispose()
    assert not report.intact
    assert any(said in p for p in report.problems), report.problems


def test_two_events_swapped_are_found(log_file: Path, tmp_path: Path) -> None:
    columns = "case_id, message_id, type, actor, data, created_at, data_digest, prev_hash, hash"
    db = _tampered(
        log_file,
        tmp_path,
        "CREATE TEMP TABLE keep AS SELECT * FROM events WHERE id IN (10, 11)",
        "DELETE FROM events WHERE id IN (10, 11)",
        f"INSERT INTO events (id, {columns}) SELECT 21 - id, {columns} FROM keep",
    )
    report = db.verify_audit()
    db.dispose()
    assert not report.intact
    assert any("event 10" in p and "removed, inserted or moved" in p for p in report.problems)


def test_a_cut_off_or_rewritten_end_is_found_given_an_earlier_tip(
    log_file: Path, tmp_path: Path
) -> None:
    tip = Database.connect(f"sqlite:///{log_file}").verify_audit().tip
    cut = _tampered(log_file, tmp_path, "DELETE FROM events WHERE id = 30")
    assert cut.verify_audit().intact  # the chain alone cannot tell a shorter log...
    report = cut.verify_audit(expect_tip=tip)  # ...the tip kept elsewhere can
    assert not report.intact and "no longer in the log" in report.problems[-1]
    cut.dispose()
    # Rewriting event 20 and re-chaining everything after it with the public algorithm
    rewritten = _tampered(log_file, tmp_path)
    with rewritten.transaction() as repo:
        repo.c.exec_driver_sql("UPDATE events SET actor = 'agent:mallory' WHERE id = 20")
        rows = repo.chained_events(after=19, limit=100)
        prev = rows[0].prev_hash
        for r in rows:
            actor = "agent:mallory" if r.id == 20 else r.actor
            link = chain_hash(
                prev, r.case_id, r.message_id, r.type, actor, r.created_at, r.data_digest
            )
            repo.c.execute(
                text("UPDATE events SET prev_hash = :p, hash = :h WHERE id = :i"),
                {"p": prev, "h": link, "i": r.id},
            )
            prev = link
    assert rewritten.verify_audit().intact
    assert not rewritten.verify_audit(expect_tip=tip).intact
    rewritten.dispose()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    row=st.integers(min_value=1, max_value=30),
    column=st.sampled_from(["case_id", "message_id", "type", "actor", "data", "created_at"]),
    value=st.text(alphabet="abcxyz019 ", min_size=1, max_size=8),
)
def test_any_single_change_to_any_event_is_found(
    log_file: Path, tmp_path: Path, row: int, column: str, value: str
) -> None:
    new = {
        "data": json.dumps({"text": value}),
        "created_at": f"2021-0{1 + len(value) % 9}-01 00:00:00.000000",
    }.get(column, value)
    db = _tampered(log_file, tmp_path)
    with db.transaction() as repo:
        before = repo.c.execute(
            text(f"SELECT {column} FROM events WHERE id = :i"), {"i": row}
        ).scalar()
        repo.c.execute(text(f"UPDATE events SET {column} = :v WHERE id = :i"), {"v": new, "i": row})
    report = db.verify_audit()
    db.dispose()
    assert report.intact == (str(before) == new)


def test_the_cli_reports_an_intact_log_and_exits_1_on_tampering(
    log_file: Path, tmp_path: Path
) -> None:
    env = {"DESKPILOT_DATABASE_URL": f"sqlite:///{log_file}"}
    intact = run_cli("audit", "verify", env=env)
    assert intact.returncode == 0 and intact.stdout.startswith("intact: 30 events, tip ")
    tip = intact.stdout.split()[-1]
    assert run_cli("audit", "verify", "--tip", tip, env=env).returncode == 0
    _tampered(log_file, tmp_path, "DELETE FROM events WHERE id = 15").dispose()
    copy = sorted(tmp_path.glob("copy-*.sqlite3"))[-1]
    tampered = run_cli(
        "audit", "verify", "--json", env={"DESKPILOT_DATABASE_URL": f"sqlite:///{copy}"}
    )
    assert tampered.returncode == 1
    body = json.loads(tampered.stdout)
    assert body["intact"] is False and body["events"] == 29
    assert "event 16" in body["problems"][0]


def test_events_stored_before_the_chain_are_chained_by_the_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for i in range(5):
            connection.exec_driver_sql(
                "INSERT INTO events (case_id, type, actor, data, created_at) VALUES "
                f"('case_old', 'decision', 'system', '{{\"n\": {i}}}', "
                f"'2025-01-0{i + 1} 10:00:00.000000')"
            )
    engine.dispose()
    db = Database.connect(url)
    with db.transaction() as repo:
        repo.append_events(_events("case_new", 2))
    report = db.verify_audit()
    db.dispose()
    assert report.intact and report.events == 7


def test_concurrent_appends_on_postgresql_keep_one_chain(postgres_url: str) -> None:
    db = Database.connect(postgres_url)

    def writer(case: str) -> None:
        for _ in range(15):
            with db.transaction() as repo:
                repo.append_events(_events(case, 2))

    threads = [threading.Thread(target=writer, args=(f"case_{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = db.verify_audit()
    db.dispose()
    assert report.intact, report.problems[:3]
    assert report.events == 4 * 15 * 2


# Values computed by the code before 2026-12-07's perf15 (``json.dumps`` per call, every time
# converted to UTC): the canonical form and the chain's hash must never change, or every log
# written before would stop verifying.
_PINNED_DIGESTS = [
    (
        {"b": 1, "a": [1, 2.5, None, True], "é": "çafé ✓"},
        "62d390e3737e0d061e538464748958be3e379065bca112301be41c9efab69fb0",
    ),
    (
        {"nested": {"z": {"y": "x"}, "a": []}},
        "348c0f60be4f9ca5b947db09d6b0134c6bf146f43d394ac80e580de815a175d9",
    ),
    ([], "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"),
    ("text", "1e1d0f251d3a76fa2b1bfc81164078572623403887db02988b504b0492e9f076"),
    (0.1, "14be4b45f18e0d8c67b4f719b5144eee88497e413709d11d85b096d8e2346310"),
]


@pytest.mark.parametrize(("data", "digest"), _PINNED_DIGESTS)
def test_data_digest_keeps_its_canonical_form(data: object, digest: str) -> None:
    assert data_digest(data) == digest


_AN_HOUR_EAST = timezone(timedelta(hours=1))
_PINNED_HASHES = [
    (
        datetime(2026, 12, 7, 10, 0, 0, 123456, tzinfo=UTC),
        "3327180e86e8f0fd4c8a665771fb581c6fac0402cdf9ddf0c208b90bcab9ef51",
    ),
    (
        datetime(2026, 12, 7, 11, 0, 0, 123456, tzinfo=_AN_HOUR_EAST),
        "3327180e86e8f0fd4c8a665771fb581c6fac0402cdf9ddf0c208b90bcab9ef51",
    ),
    (
        datetime(2026, 12, 7, 10, 0, 0, 5, tzinfo=UTC),
        "085e48194d9d0d67a1631c1220201f3de69434fbfdb13e9fc260833b7c864feb",
    ),
]


@pytest.mark.parametrize(("created_at", "expected"), _PINNED_HASHES)
def test_chain_hash_reads_every_time_in_utc(created_at: datetime, expected: str) -> None:
    link = chain_hash(
        "0" * 64, "case_1", None, "message_received", "customer", created_at, "ab" * 32
    )
    assert link == expected
