"""Full-text search over messages and internal notes: ranked, stemmed, with a highlighted
snippet. One interface (``TextSearch``), one implementation per database, chosen by dialect:

- SQLite: an FTS5 index per table (``messages_fts``, ``case_notes_fts``), external content
  (the text is not stored twice), Porter-stemmed, ranked by BM25;
- PostgreSQL: a stored generated ``tsvector`` column per table (``search_vector``) under a GIN
  index, queried with ``to_tsquery`` (built from the search box's terms), ranked by
  ``ts_rank_cd``.

Both read the search box's text the same way (``search_terms``): every word required,
``"a phrase"``, ``or``, ``-word``; and a bare word of three characters or more also finds the
words it begins (``refu`` finds *refund*), ranked below the word itself.

The index follows every write in the database itself, in the writer's transaction: SQLite
triggers on insert, update of ``text`` and delete; PostgreSQL recomputes the generated column.
So no write path (the pipeline, the console, erasure, retention) can forget it, and an erased
message's words leave the index when its text is overwritten. Both are English-stemmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, text

# Around each matching word in a snippet: private-use characters, which no tokenizer keeps,
# turned into <mark> by the console after escaping.
MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "…"
# The tables searched, with what a hit there is called.
SEARCHED = (("messages", "message"), ("case_notes", "internal note"))
# Rows fetched per table for ``limit`` cases: a case may have several matching messages.
OVERFETCH = 4
# The PostgreSQL text-search configuration (stemming and stop words).
PG_CONFIG = "english"
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=8, MaxFragments=1"


@dataclass(frozen=True)
class TextMatch:
    """A message or note that matched: its case, where (``message`` or ``internal note``), a
    snippet with the matching words between ``MARK_START`` and ``MARK_END``, and its score
    (higher is better; comparable within one search)."""

    case_id: str
    where: str
    snippet: str
    score: float


class TextSearch(Protocol):
    """Ranked full-text search of messages and notes on one database."""

    def matches(self, c: Connection, words: str, limit: int) -> list[TextMatch]:
        """The best matches for ``words`` (a search box's text), at most ``limit`` cases'
        worth, best first."""
        ...


def text_search_for(dialect: str) -> TextSearch:
    """The implementation for the database dialect (``sqlite`` or ``postgresql``)."""
    if dialect == "postgresql":
        return PostgresTextSearch()
    if dialect == "sqlite":
        return Fts5TextSearch()
    raise ValueError(f"full-text search supports sqlite and postgresql, not {dialect!r}")


def printable(words: str) -> str:
    """``words`` with control characters (NUL, which neither database takes in a query
    string, and the snippet marks) turned into spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in words)


def highlighted(snippet: str) -> list[tuple[str, bool]]:
    """A snippet in pieces, each with whether it is a matching word (between the marks)."""
    parts = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def best_per_case(matches: list[TextMatch], limit: int) -> list[TextMatch]:
    """The best match of each case, best first, at most ``limit``."""
    best: dict[str, TextMatch] = {}
    for m in sorted(matches, key=lambda m: -m.score):
        best.setdefault(m.case_id, m)
    return list(best.values())[:limit]


# -- the search box's syntax -------------------------------------------------------------------
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
# A word of at least this many characters also finds the words it begins ("refu": refund);
# a shorter one would find too many to be of use.
PREFIX_MIN = 3
# The runs of letters and digits in a term: the last is the one a prefix search extends.
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One term of a search box's text: its words, how it joins the terms before it (``and``,
    ``or``, ``not``) and whether it also finds words its last word begins (a bare word, not a
    phrase, whose last run of letters or digits has ``PREFIX_MIN`` of them)."""

    text: str
    join: str
    prefix: bool


def search_terms(words: str) -> list[Term]:
    """A search box's text as terms, with the syntax of ``websearch_to_tsquery``: words all
    required, ``"a phrase"``, ``or`` between alternatives, ``-word`` excluded (a leading one,
    with nothing to exclude from, is dropped); words without a letter or digit are dropped."""
    terms: list[Term] = []
    pending_or = False
    for token in _TOKEN.findall(printable(words)):
        if token.lower() == "or":
            pending_or = bool(terms)
            continue
        negated = token.startswith("-") and len(token) > 1
        term = token[1:] if negated else token
        phrase = term.startswith('"')
        term = term.replace('"', " ").strip()
        if not re.search(r"\w", term) or (negated and not terms):
            continue
        join = "not" if negated else "or" if pending_or else "and"
        last = _WORDS.findall(term)
        prefix = not negated and not phrase and bool(last) and len(last[-1]) >= PREFIX_MIN
        terms.append(Term(term, join, prefix))
        pending_or = False
    return terms


# -- SQLite FTS5 -------------------------------------------------------------------------------
_FTS5_JOIN = {"and": "AND", "or": "OR", "not": "NOT"}


def fts5_query(words: str) -> str | None:
    """A search box's text (``search_terms``) as an FTS5 query. Every term is quoted, so no
    input is an FTS5 syntax error; a bare word is ``("word" OR "word" *)``, so BM25 ranks the
    word itself above the words it begins. None when nothing is left to look for."""
    out: list[str] = []
    for term in search_terms(words):
        quoted = '"' + term.text + '"'
        if term.prefix:
            quoted = f"({quoted} OR {quoted} *)"
        out.append(f"{_FTS5_JOIN[term.join]} {quoted}" if out else quoted)
    return " ".join(out) if out else None


class Fts5TextSearch:
    """``TextSearch`` over SQLite's FTS5 indexes (``<table>_fts``)."""

    def matches(self, c: Connection, words: str, limit: int) -> list[TextMatch]:
        """Best BM25 matches first (SQLite's ``bm25`` is lower for better: negated here)."""
        query = fts5_query(words)
        if query is None:
            return []
        found = []
        for table, where in SEARCHED:
            index = f"{table}_fts"
            rows = c.execute(
                text(
                    f"SELECT t.case_id AS case_id, -bm25({index}) AS score, "
                    f"snippet({index}, 0, :start, :end, :dots, 16) AS snippet "
                    f"FROM {index} JOIN {table} t ON t.rowid = {index}.rowid "
                    f"WHERE {index} MATCH :query ORDER BY bm25({index}), t.created_at DESC "
                    "LIMIT :n"
                ),
                {
                    "query": query,
                    "start": MARK_START,
                    "end": MARK_END,
                    "dots": ELLIPSIS,
                    "n": limit * OVERFETCH,
                },
            ).all()
            found += [TextMatch(r.case_id, where, r.snippet, float(r.score)) for r in rows]
        return best_per_case(found, limit)


def sqlite_index_statements(table: str) -> list[str]:
    """The DDL of ``table``'s FTS5 index and the triggers that keep it, then filling it with
    the rows already there. A migration that rebuilds ``table`` (``batch_alter_table`` on
    SQLite copies it, dropping its triggers and renumbering rowids) must run these again
    after dropping ``<table>_fts``."""
    index = f"{table}_fts"
    delete = f"INSERT INTO {index}({index}, rowid, text) VALUES ('delete', old.rowid, old.text);"
    insert = f"INSERT INTO {index}(rowid, text) VALUES (new.rowid, new.text);"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5(text, content='{table}', "
        f"content_rowid='rowid', tokenize='{SQLITE_TOKENIZER}')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF text ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def sqlite_drop_statements(table: str) -> list[str]:
    """Undo ``sqlite_index_statements``."""
    index = f"{table}_fts"
    return [f"DROP TRIGGER IF EXISTS {index}_{what}" for what in ("insert", "delete", "update")] + [
        f"DROP TABLE IF EXISTS {index}"
    ]


# -- PostgreSQL --------------------------------------------------------------------------------
_TSQUERY_JOIN = {"and": "&", "or": "|", "not": "& !"}


def tsquery_text(words: str, *, prefixes: bool = True) -> str:
    """A search box's text (``search_terms``) as the text of a PostgreSQL ``to_tsquery``:
    every term a quoted lexeme (so no input is a syntax error; ``to_tsquery`` stems it and
    makes a phrase of several words), a bare word ``'word':*`` with ``prefixes``. Empty
    when nothing is left to look for."""
    out: list[str] = []
    for term in search_terms(words):
        quoted = "'" + term.text.replace("\\", "\\\\").replace("'", "''") + "'"
        if term.prefix and prefixes:
            quoted += ":*"
        out.append(f"{_TSQUERY_JOIN[term.join]} {quoted}" if out else quoted)
    return " ".join(out)


class PostgresTextSearch:
    """``TextSearch`` over PostgreSQL's ``search_vector`` columns and their GIN indexes."""

    def matches(self, c: Connection, words: str, limit: int) -> list[TextMatch]:
        """Best ``ts_rank_cd`` first, counting the words as written once more (so the word
        itself ranks above the words it begins); the snippet (``ts_headline``, which re-parses
        the text) is made for the top rows only."""
        query = tsquery_text(words)
        if not query:
            return []
        found = []
        for table, where in SEARCHED:
            rows = c.execute(
                text(
                    "WITH q AS (SELECT to_tsquery(CAST(:config AS regconfig), :query) AS query, "
                    "to_tsquery(CAST(:config AS regconfig), :exact) AS exact), "
                    "top AS (SELECT t.case_id, t.text, t.created_at, "
                    "ts_rank_cd(t.search_vector, q.query) + ts_rank_cd(t.search_vector, q.exact) "
                    f"AS score FROM {table} t, q WHERE t.search_vector @@ q.query "
                    "ORDER BY score DESC, t.created_at DESC LIMIT :n) "
                    "SELECT top.case_id, top.score, ts_headline(CAST(:config AS regconfig), "
                    "top.text, q.query, :options) AS snippet FROM top, q "
                    "ORDER BY top.score DESC, top.created_at DESC"
                ),
                {
                    "config": PG_CONFIG,
                    "query": query,
                    "exact": tsquery_text(words, prefixes=False),
                    "options": _HEADLINE,
                    "n": limit * OVERFETCH,
                },
            ).all()
            found += [TextMatch(r.case_id, where, r.snippet, float(r.score)) for r in rows]
        return best_per_case(found, limit)


def postgres_index_statements(table: str) -> list[str]:
    """The DDL of ``table``'s generated ``search_vector`` (computed for the rows already
    there) and its GIN index."""
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{PG_CONFIG}', text)) STORED",
        f"CREATE INDEX ix_{table}_search_vector ON {table} USING GIN (search_vector)",
    ]


def postgres_drop_statements(table: str) -> list[str]:
    """Undo ``postgres_index_statements``."""
    return [
        f"DROP INDEX IF EXISTS ix_{table}_search_vector",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
    ]


def is_search_index(name: str | None) -> bool:
    """Whether a table, column or index name is the full-text index's own (kept by the
    database beside the declared tables, so not in ``_tables.metadata``)."""
    return bool(name) and (
        name == "search_vector"
        or any(str(name).startswith(f"{table}_fts") for table, _ in SEARCHED)
        or any(name == f"ix_{table}_search_vector" for table, _ in SEARCHED)
    )
