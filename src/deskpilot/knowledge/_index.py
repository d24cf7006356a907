"""The knowledge index: articles' passages in SQLite FTS5, ranked by BM25.

The index lives in one SQLite file (or in memory). ``do_index`` is incremental: an article whose
digest (its text and the policy values it uses) is unchanged is left as it is; changed ones are
replaced and removed ones dropped. Questions no article answered are kept in ``misses`` (masked
like the audit log) for ``deskpilot kb gaps``.
"""

from __future__ import annotations

import difflib
import math
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from deskpilot.knowledge._articles import Article
from deskpilot.knowledge._synonyms import TOKENIZER, Concept, Synonyms
from deskpilot.knowledge._words import STOPWORDS, content_words

__all__ = [
    "STOPWORDS",
    "HelpCenterIndex",
    "Hit",
    "IndexReport",
    "KnowledgeIndex",
    "Miss",
    "QuestionReading",
    "Row",
    "rank_passages",
]

_SCHEMA = f"""
create table if not exists articles (
  slug text primary key, path text not null, title text not null, link text not null,
  language text not null, audience text not null, valid_from text, valid_until text,
  digest text not null
);
create virtual table if not exists passages using fts5(
  title, heading, body, tags, slug unindexed,
  tokenize = '{TOKENIZER}'
);
create virtual table if not exists vocab using fts5vocab(passages, 'row');
create table if not exists misses (
  id integer primary key, at text not null, question text not null, language text not null,
  score real not null
);
"""
# Passages read for each article asked for: their coverage ranks them (see rank_passages).
_POOL = 4
# How much the BM25 score (as a share of the best one's) weighs beside the coverage when
# ranking: chosen on tests/knowledge/questions.yaml (docs/knowledge.md, "Synonyms").
_BM25_SHARE = 1.0
# Column weights for bm25(): a word in the title or the tags says more than one in the body.
_WEIGHTS = (3.0, 2.0, 1.0, 2.0)


@dataclass(frozen=True)
class Hit:
    """A passage found for a question: its article, heading and text, and how well it matched.

    ``score``: the BM25 score (higher is better); ``coverage``: the share of the question's
    information (its words weighted by how rare they are in the help center) the passage holds.
    """

    slug: str
    title: str
    link: str
    heading: str
    text: str
    score: float
    coverage: float
    known: float = 1.0  # the share of the question's words the help center holds at all
    audience: str = "customers"  # who the article is for
    language: str = "en"  # the language the article is written in


@dataclass(frozen=True)
class IndexReport:
    """What ``do_index`` did."""

    added: int
    updated: int
    unchanged: int
    removed: int


def synced(
    known: dict[str, str],
    articles: Sequence[Article],
    add: Callable[[Article], None],
    drop: Callable[[str], None],
) -> IndexReport:
    """Bring an index holding ``known`` (slug to digest) in line with ``articles``: each
    article new or changed is (dropped and) added, each gone is dropped, the rest untouched."""
    known = dict(known)
    added = updated = unchanged = 0
    for article in articles:
        before = known.pop(article.slug, None)
        if before == article.digest:
            unchanged += 1
            continue
        if before is None:
            added += 1
        else:
            updated += 1
            drop(article.slug)
        add(article)
    for slug in known:
        drop(slug)
    return IndexReport(added, updated, unchanged, len(known))


@dataclass(frozen=True)
class Miss:
    """A question no article answered."""

    at: datetime
    question: str
    language: str
    score: float


class HelpCenterIndex(Protocol):
    """Where the help center's passages are kept and found: SQLite FTS5 (``KnowledgeIndex``)
    or PostgreSQL full-text search (``PostgresKnowledgeIndex``)."""

    def do_index(self, articles: Sequence[Article]) -> IndexReport:
        """Bring the index in line with ``articles``, touching only what changed."""
        ...

    def search(
        self, question: str, *, k: int = 5, audience: str = "customers", on: date | None = None
    ) -> list[Hit]:
        """The ``k`` best passages for ``question``, best first."""
        ...

    def terms(self, question: str) -> list[str]:
        """The question's searchable words and phrases."""
        ...

    def languages(self) -> tuple[str, ...]:
        """The languages the indexed articles are written in."""
        ...

    def articles(self) -> int:
        """How many articles are indexed."""
        ...

    def do_record_miss(self, question: str, language: str, score: float) -> None:
        """Keep a question no article answered."""
        ...

    def misses(self) -> list[Miss]:
        """Every question kept as a miss, oldest first."""
        ...

    def close(self) -> None:
        """Release the index's resources."""
        ...


class QuestionReading:
    """How an index reads a question into its parts (words, synonym groups, misspellings put
    right against its vocabulary) and weighs them; the index says which words it holds."""

    synonyms: Synonyms
    _words: dict[int, list[str]]  # the index's words (as stemmed), by length
    _passages: int

    def _known(self, word: str) -> bool:
        """Whether some passage holds ``word``."""
        raise NotImplementedError

    def _known_words(self, words: Sequence[str]) -> set[str]:
        """The ``words`` some passage holds."""
        return {w for w in words if self._known(w)}

    def _content(self, question: str) -> list[str]:
        """The question's searchable words, in order."""
        return content_words(question)

    def terms(self, question: str) -> list[str]:
        """The question's searchable words and phrases, as said (misspellings put right)."""
        return [c.said for c in self.concepts(question)]

    def concepts(self, question: str) -> list[Concept]:
        """The question's parts: its searchable words (lower case, no stop words, misspellings
        put right against the help center's own words), a word or phrase of a synonym group
        standing for the whole group."""
        concepts: list[Concept] = []
        parts = self.synonyms.read(self._content(question))
        known = self._known_words([said for said, group in parts if group is None])
        for said, group in parts:
            if group is None:
                fixed = said if said in known else self._spelled(said)
                group = self.synonyms.group_of([fixed]) if fixed != said else None
                said = fixed
            concept = Concept(said, group or (said,))
            if all(c.alternatives != concept.alternatives for c in concepts):
                concepts.append(concept)
        return concepts

    def _spelled(self, word: str) -> str:
        if len(word) < 4:
            return word
        near = [w for n in range(len(word) - 2, len(word) + 2) for w in self._words.get(n, ())]
        close = difflib.get_close_matches(word, near, n=1, cutoff=0.8)
        return close[0] if close else word

    @property
    def _unseen(self) -> float:
        """The weight of a word no passage holds."""
        return self._weight(0)

    def _weight(self, df: int) -> float:
        total = self._passages or 1
        return math.log((total - df + 0.5) / (df + 0.5) + 1.0)


class KnowledgeIndex(QuestionReading):
    """Passages of the help center in SQLite FTS5; thread-safe. ``synonyms``: the workspace's
    groups, read into every question (a word of a group stands for the whole group)."""

    def __init__(self, path: Path | None = None, *, synonyms: Synonyms | None = None) -> None:
        self.synonyms = synonyms or Synonyms()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path) if path is not None else ":memory:"
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.executescript(_SCHEMA)
        self._words: dict[int, list[str]] = {}
        self._passages = 0
        self._load_vocabulary()

    def close(self) -> None:
        """Release the database file."""
        with self._lock:
            self._db.close()

    # -- indexing -------------------------------------------------------------------------------
    def do_index(self, articles: Sequence[Article]) -> IndexReport:
        """Bring the index in line with ``articles``, touching only what changed."""
        with self._lock:
            known = dict(self._db.execute("select slug, digest from articles").fetchall())
            self._db.execute("begin")
            try:
                report = synced(known, articles, self._add, self._drop)
                self._db.execute("commit")
            except BaseException:
                self._db.execute("rollback")
                raise
        self._load_vocabulary()
        return report

    def _add(self, a: Article) -> None:
        m = a.meta
        self._db.execute(
            "insert into articles values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.slug,
                a.path,
                a.title,
                a.link,
                m.language,
                m.audience,
                m.valid_from.isoformat() if m.valid_from else None,
                m.valid_until.isoformat() if m.valid_until else None,
                a.digest,
            ),
        )
        tags = " ".join(m.tags)
        self._db.executemany(
            "insert into passages (title, heading, body, tags, slug) values (?, ?, ?, ?, ?)",
            [(a.title, p.heading, p.text, tags, a.slug) for p in a.passages],
        )

    def _drop(self, slug: str) -> None:
        self._db.execute("delete from articles where slug = ?", (slug,))
        self._db.execute("delete from passages where slug = ?", (slug,))

    def _load_vocabulary(self) -> None:
        with self._lock:
            rows = self._db.execute("select term from vocab").fetchall()
            self._passages = int(self._db.execute("select count(*) from passages").fetchone()[0])
        words: dict[int, list[str]] = {}
        for (term,) in rows:
            if term.isalpha():
                words.setdefault(len(term), []).append(term)
        self._words = words

    def languages(self) -> tuple[str, ...]:
        """The languages the indexed articles are written in."""
        with self._lock:
            rows = self._db.execute("select distinct language from articles").fetchall()
        return tuple(sorted(str(r[0]) for r in rows))

    def articles(self) -> int:
        """How many articles are indexed."""
        with self._lock:
            return int(self._db.execute("select count(*) from articles").fetchone()[0])

    # -- searching ------------------------------------------------------------------------------
    def search(
        self,
        question: str,
        *,
        k: int = 5,
        audience: str = "customers",
        on: date | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` (at most one per article), best first, among
        the articles ``audience`` may read valid on ``on`` (today by default): customers read
        the customers' articles, agents read every article."""
        concepts = self.concepts(question)
        if not concepts:
            return []
        day = (on or datetime.now(UTC).date()).isoformat()
        match = " OR ".join(c.match for c in concepts)
        sql = (
            "select p.rowid, p.slug, a.title, a.link, p.heading, p.body, a.audience, a.language,"
            " bm25(passages, ?, ?, ?, ?)"
            " from passages p join articles a on a.slug = p.slug"
            " where passages match ? and (a.audience = ? or ? = 'agents')"
            " and (a.valid_from is null or a.valid_from <= ?)"
            " and (a.valid_until is null or a.valid_until >= ?)"
            " order by bm25(passages, ?, ?, ?, ?) limit ?"
        )
        with self._lock:
            rows = self._db.execute(
                sql, (*_WEIGHTS, match, audience, audience, day, day, *_WEIGHTS, k * _POOL)
            ).fetchall()
            weights = {c: self._idf(c) for c in concepts}
            rowids = [int(r[0]) for r in rows]
            held = self._held(rowids, weights)
            own = self._held(rowids, weights, column="body")
            said = self._said(rowids, concepts)
        # Near ties are broken by BM25 on every member of the groups plus BM25 on the customer's
        # own words: the first alone favours a passage saying several members of one group.
        scored = [(*row[:-1], said.get(int(row[0]), 0.0) - float(row[-1])) for row in rows]
        return rank_passages(scored, weights, held, own, self._unseen, k)

    def _said(self, rowids: list[int], concepts: list[Concept]) -> dict[int, float]:
        """The BM25 score of each passage of ``rowids`` on the words the question said (no
        synonyms); empty when none holds any."""
        if not rowids:
            return {}
        match = " OR ".join(f'"{c.said}"' for c in concepts)
        marks = ", ".join("?" * len(rowids))
        sql = (
            f"select rowid, bm25(passages, ?, ?, ?, ?) from passages"
            f" where passages match ? and rowid in ({marks})"
        )
        rows = self._db.execute(sql, (*_WEIGHTS, match, *rowids)).fetchall()
        return {int(rowid): -float(rank) for rowid, rank in rows}

    def _known(self, word: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "select 1 from passages where passages match ? limit 1", (f'"{word}"',)
            ).fetchone()
        return row is not None

    def _idf(self, concept: Concept) -> float:
        """The weight of a part of the question: a group counts the passages holding any of
        its members."""
        df = self._db.execute(
            "select count(*) from passages where passages match ?", (concept.match,)
        ).fetchone()[0]
        return self._weight(int(df))

    def _held(
        self, rowids: list[int], weights: dict[Concept, float], *, column: str | None = None
    ) -> dict[int, float]:
        """For each passage of ``rowids``, the weight of the question's parts it holds (in
        ``column`` only, when given)."""
        held: dict[int, float] = {}
        if not rowids:
            return held
        marks = ", ".join("?" * len(rowids))
        sql = f"select rowid from passages where passages match ? and rowid in ({marks})"
        for concept, weight in weights.items():
            match = concept.match if column is None else f"{column} : ({concept.match})"
            for (rowid,) in self._db.execute(sql, (match, *rowids)):
                held[int(rowid)] = held.get(int(rowid), 0.0) + weight
        return held

    # -- misses ---------------------------------------------------------------------------------
    def do_record_miss(self, question: str, language: str, score: float) -> None:
        """Keep a question no article answered (already masked by the caller)."""
        with self._lock:
            self._db.execute(
                "insert into misses (at, question, language, score) values (?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(), question, language, score),
            )

    def misses(self) -> list[Miss]:
        """Every question kept as a miss, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "select at, question, language, score from misses order by id"
            ).fetchall()
        return [Miss(datetime.fromisoformat(at), q, lang, s) for at, q, lang, s in rows]


Row = tuple[int, str, str, str, str, str, str, str, float]  # id, slug, title, link, heading,
# body, audience, language, lexical score (higher is better)


def rank_passages(
    rows: Sequence[Row],
    weights: dict[Concept, float],
    held: dict[int, float],
    own: dict[int, float],
    unseen: float,
    k: int,
) -> list[Hit]:
    """The ``k`` best articles of ``rows`` (passages found for a question), best first, each
    with the passage to quote. ``weights``: the question's parts and their weights; ``held`` and
    ``own``: the weight each passage holds, in all its text and in its own body."""
    total = sum(weights.values()) or 1.0
    known = sum(1 for w in weights.values() if w < unseen) / max(len(weights), 1)
    top = max((row[-1] for row in rows), default=1.0) or 1.0
    ranked: dict[str, float] = {}
    covers: dict[str, float] = {}
    chosen: dict[str, tuple[float, float, Hit]] = {}
    for rowid, slug, title, link, heading, body, reader, language, score in rows:
        coverage = held.get(rowid, 0.0) / total
        hit = Hit(slug, title, link, heading, body, score, coverage, known, reader, language)
        # An article ranks by the passage holding most of the question, the lexical score
        # (against the best found) breaking near ties: BM25 alone favours a passage saying
        # several words of one synonym group over one saying every part of the question once.
        ranked[slug] = max(ranked.get(slug, 0.0), coverage + _BM25_SHARE * score / top)
        covers[slug] = max(covers.get(slug, 0.0), coverage)
        # The article holds what its best passage holds; the passage quoted is the one whose
        # own text (not the title and tags every passage shares) holds the most.
        mine = (own.get(rowid, 0.0), score, hit)
        if slug not in chosen or mine[:2] > chosen[slug][:2]:
            chosen[slug] = mine
    best = sorted(ranked, key=lambda slug: ranked[slug], reverse=True)[:k]
    return [replace(chosen[slug][2], coverage=covers[slug]) for slug in best]
