"""Full-text search of messages and notes on SQLite (FTS5) and PostgreSQL (tsvector): the same
results on both, ranked, stemmed, with a highlighted snippet; rows stored before the migration
are found, and an erased customer's words are gone from the index."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from deskpilot.domain import (
    Case,
    CaseId,
    ChannelIdentity,
    Conversation,
    ConversationId,
    Customer,
    CustomerId,
    Direction,
    Message,
    MessageId,
    Note,
    NoteId,
    new_id,
    utcnow,
)
from deskpilot.store import Database
from deskpilot.store._engine import _MIGRATIONS
from deskpilot.store._search import MARK_END, MARK_START, fts5_query, tsquery_text
from tests.conftest import _postgres_admin_url, run_cli, skip_or_fail


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database.connect(database_url)
    yield database
    database.dispose()


def _case(db: Database, handle: str, *texts: str, note: str | None = None) -> str:
    """A customer known by ``handle`` with one case whose messages say ``texts``."""
    customer = Customer(CustomerId(new_id("cus")), identities=(ChannelIdentity("email", handle),))
    case = Case(id=CaseId(new_id("case")), customer_id=customer.id)
    conv = Conversation(ConversationId(new_id("conv")), "email", handle, customer.id, case.id)
    with db.transaction() as repo:
        repo.insert_customer(customer)
        repo.insert_case(case)
        repo.insert_conversation(conv)
        for said in texts:
            repo.insert_message(
                Message(
                    MessageId(new_id("msg")), conv.id, case.id, Direction.INBOUND, "email", said
                )
            )
        if note is not None:
            repo.insert_note(Note(NoteId(new_id("note")), case.id, "alice", note, utcnow()))
    return case.id


def _found(db: Database, words: str) -> list[tuple[str, str, str]]:
    with db.transaction() as repo:
        return [(h.case_id, h.where, h.text) for h in repo.search_cases(words)]


def test_search_ranks_stemmed_matches_best_first_with_a_highlighted_snippet(
    db: Database,
) -> None:
    lamp = _case(db, "a@example.com", "Hello", "The lamp arrived broken, I want a refund please")
    twice = _case(db, "b@example.com", "Refund! I was refunded once but asked for two refunds")
    noted = _case(db, "c@example.com", "hi", note="Customer was promised a refunding voucher")
    parcel = _case(db, "d@example.com", "Where is my parcel?")

    # "refunds" is stemmed: refund, refunded, refunding all match; the case saying it most first
    hits = _found(db, "refunds")
    assert hits[0][0] == twice
    assert {h[0] for h in hits} == {lamp, twice, noted}
    where = {case_id: (kind, snippet) for case_id, kind, snippet in hits}
    assert where[noted][0] == "internal note" and where[lamp][0] == "message"
    # the snippet is the matching message (not "Hello"), its matching word between the marks
    assert f"{MARK_START}refund{MARK_END}" in where[lamp][1] and "lamp" in where[lamp][1]
    with db.transaction() as repo:
        parts = next(h for h in repo.search_cases("refund") if h.case_id == lamp).parts()
    assert ("refund", True) in parts and all(MARK_START not in p for p, _ in parts)

    # every word is required; a quoted phrase, "or" and "-word" as on a web search box
    assert [h[0] for h in _found(db, "broken refund")] == [lamp]
    assert [h[0] for h in _found(db, '"lamp arrived"')] == [lamp]
    assert _found(db, '"arrived lamp"') == []
    assert {h[0] for h in _found(db, "parcel or lamp")} == {lamp, parcel}
    assert {h[0] for h in _found(db, "refund -lamp")} == {twice, noted}
    assert {h[0] for h in _found(db, "refund -voucher")} == {lamp, twice}  # docs/console.md
    # what search did before still works: a handle, and nothing for punctuation alone
    assert [h[0] for h in _found(db, "b@example")] == [twice]
    assert _found(db, '"') == [] and _found(db, "-") == [] and _found(db, "\x00") == []


def test_search_finds_the_words_a_word_begins_ranked_below_the_word_itself(
    db: Database,
) -> None:
    lamp = _case(db, "a@example.com", "The lamp arrived broken, I want a refund please")
    post = _case(db, "b@example.com", "A lamppost fell on the parcel")
    _case(db, "c@example.com", "Where is my order?")

    # Three letters or more find the words they begin, on both databases.
    assert [h[0] for h in _found(db, "refu")] == [lamp]
    assert [h[0] for h in _found(db, "brok lam")] == [lamp]
    assert {h[0] for h in _found(db, "parc or refu")} == {lamp, post}
    # "lamp" is a word of one case and begins a word of the other: the word itself first.
    assert [h[0] for h in _found(db, "lamp")] == [lamp, post]
    # the word begun is highlighted whole
    assert f"{MARK_START}refund{MARK_END}" in _found(db, "refu")[0][2]
    # shorter words, phrases and exclusions are taken as written
    assert _found(db, "re") == [] and _found(db, "re%") == []
    assert _found(db, '"lamp arr"') == []
    assert [h[0] for h in _found(db, "lamp -lamppost")] == [lamp]
    # quotes, backslashes and either database's operators are only text
    assert isinstance(_found(db, "it's \\ 'refu' ':*' !&| (lamp) NEAR*"), list)


def test_search_finds_rows_stored_before_the_index_existed(database_url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    engine = create_engine(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    engine.dispose()
    old = Database.connect(database_url, upgrade=False)
    case_id = _case(old, "old@example.com", "My umbrella handle snapped", note="fragile parcel")
    old.dispose()
    db = Database.connect(database_url)  # migrates to head: builds the index
    try:
        assert [h[:2] for h in _found(db, "umbrellas")] == [(case_id, "message")]
        assert [h[:2] for h in _found(db, "parcels")] == [(case_id, "internal note")]
    finally:
        db.dispose()


def test_erasing_a_customer_removes_their_words_from_the_index(
    db: Database, database_url: str
) -> None:
    erased = _case(db, "gone@example.com", "My neighbour Zebulon signed for it", note="Zebulon")
    kept = _case(db, "kept@example.com", "Zebulon is my cat's name")
    assert {h[0] for h in _found(db, "zebulon")} == {erased, kept}
    done = run_cli(
        "privacy",
        "erase",
        "gone@example.com",
        "--yes",
        env={"DESKPILOT_DATABASE_URL": database_url},
    )
    assert done.returncode == 0, done.stderr
    assert _found(db, "zebulon") == [
        (kept, "message", f"{MARK_START}Zebulon{MARK_END} is my cat's name")
    ]
    assert _found(db, "neighbour signed") == []
    if db.engine.dialect.name == "sqlite":  # the index itself, not only what the search shows
        with db.engine.connect() as c:
            rows = c.execute(
                text("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'zebulon'")
            )
            assert len(rows.all()) == 1


@given(st.text(max_size=40))
def test_any_search_box_text_is_a_valid_fts5_query(words: str) -> None:
    query = fts5_query(words)
    if query is None:
        return
    engine = _fts5_engine()
    with engine.connect() as c:
        c.execute(text("SELECT rowid FROM probe WHERE probe MATCH :q"), {"q": query}).all()


@pytest.mark.postgres
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_search_box_text_is_a_valid_postgresql_tsquery(words: str) -> None:
    engine = _postgres_engine()
    with engine.connect() as c:
        for prefixes in (True, False):
            query = tsquery_text(words, prefixes=prefixes)
            c.execute(text("SELECT to_tsquery('english', :q)"), {"q": query}).all()


@cache
def _postgres_engine() -> Engine:
    """A connection to the PostgreSQL server, to try queries on (no table needed)."""
    engine = create_engine(_postgres_admin_url())
    try:
        engine.connect().close()
    except OperationalError:
        skip_or_fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    return engine


@cache
def _fts5_engine() -> Engine:
    """An in-memory FTS5 table to try queries on."""
    engine = create_engine("sqlite://")
    with engine.begin() as c:
        c.execute(text("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='porter')"))
        c.execute(text("INSERT INTO probe(text) VALUES ('the quick brown fox')"))
    return engine
