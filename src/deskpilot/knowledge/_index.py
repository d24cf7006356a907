"""The knowledge index: articles' passages in SQLite FTS5, ranked by BM25.

The index lives in one SQLite file (or in memory). ``do_index`` is incremental: an article whose
digest (its text and the policy values it uses) is unchanged is left as it is; changed ones are
replaced and removed ones dropped. Questions no article answered are kept in ``misses`` (masked
like the audit log) for ``deskpilot kb gaps``.
"""

from __future__ import annotations

import difflib
import math
import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from deskpilot.knowledge._articles import Article

_SCHEMA = """
create table if not exists articles (
  slug text primary key, path text not null, title text not null, link text not null,
  language text not null, audience text not null, valid_from text, valid_until text,
  digest text not null
);
create virtual table if not exists passages using fts5(
  title, heading, body, tags, slug unindexed,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
create virtual table if not exists vocab using fts5vocab(passages, 'row');
create table if not exists misses (
  id integer primary key, at text not null, question text not null, language text not null,
  score real not null
);
"""
# Column weights for bm25(): a word in the title or the tags says more than one in the body.
_WEIGHTS = (3.0, 2.0, 1.0, 2.0)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that say nothing of the subject, in the languages the help center is written in.
_STOP_TEXT = """
a about after again all am an and any are as at be been before being but by can could did
do does doing for from get got had has have having how i if in into is it its just me
might my myself no not of on or our please should so some than that the their them then
there these they this those to too us very was we were what when where which while who
whom why will with would you your yours hi hello hey thanks thank im i'm ive dont cant
know tell want need wondering question quick anyone guys there's whats le la les un une
des du de et est que qui je tu il nous vous ce se sur pour pas en au aux mon ma mes est-ce
comment quel quelle quels quelles ou avec dans el los las unos unas y es que yo mi mis por
para con como cual cuales se lo del al puedo puede hay cómo cuánto cuándo dónde qué
stuff thing things something anything pls plz ur possible happens today guys
puis peux pouvez
"""
STOPWORDS = frozenset(_STOP_TEXT.split())


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


@dataclass(frozen=True)
class IndexReport:
    """What ``do_index`` did."""

    added: int
    updated: int
    unchanged: int
    removed: int


@dataclass(frozen=True)
class Miss:
    """A question no article answered."""

    at: datetime
    question: str
    language: str
    score: float


class KnowledgeIndex:
    """Passages of the help center in SQLite FTS5; thread-safe."""

    def __init__(self, path: Path | None = None) -> None:
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
            added = updated = unchanged = 0
            self._db.execute("begin")
            try:
                for article in articles:
                    before = known.pop(article.slug, None)
                    if before == article.digest:
                        unchanged += 1
                        continue
                    if before is None:
                        added += 1
                    else:
                        updated += 1
                        self._drop(article.slug)
                    self._add(article)
                for slug in known:
                    self._drop(slug)
                self._db.execute("commit")
            except BaseException:
                self._db.execute("rollback")
                raise
        self._load_vocabulary()
        return IndexReport(added, updated, unchanged, len(known))

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
        terms = self.terms(question)
        if not terms:
            return []
        day = (on or datetime.now(UTC).date()).isoformat()
        match = " OR ".join(f'"{t}"' for t in terms)
        sql = (
            "select p.rowid, p.slug, a.title, a.link, p.heading, p.body, a.audience,"
            " bm25(passages, ?, ?, ?, ?)"
            " from passages p join articles a on a.slug = p.slug"
            " where passages match ? and (a.audience = ? or ? = 'agents')"
            " and (a.valid_from is null or a.valid_from <= ?)"
            " and (a.valid_until is null or a.valid_until >= ?)"
            " order by bm25(passages, ?, ?, ?, ?) limit ?"
        )
        with self._lock:
            rows = self._db.execute(
                sql, (*_WEIGHTS, match, audience, audience, day, day, *_WEIGHTS, k * 4)
            ).fetchall()
            best: dict[str, tuple[int, str, str, str, str, str, float]] = {}
            for rowid, slug, title, link, heading, body, reader, rank in rows:
                if slug not in best:
                    best[slug] = (rowid, title, link, heading, body, reader, -float(rank))
            top = list(best.items())[:k]
            weights = {t: self._idf(t) for t in terms}
            total = sum(weights.values())
            known = sum(1 for t in terms if weights[t] < self._unseen) / len(terms)
            hits = []
            for slug, (rowid, title, link, heading, body, reader, score) in top:
                held = sum(w for t, w in weights.items() if self._holds(rowid, t))
                hit = Hit(slug, title, link, heading, body, score, held / total, known, reader)
                hits.append(hit)
        return hits

    def terms(self, question: str) -> list[str]:
        """The question's searchable words: lower case, no stop words, misspellings put right
        against the help center's own words."""
        words = [w.lower() for w in _WORD.findall(question)]
        terms: list[str] = []
        for word in words:
            if word in STOPWORDS or len(word) < 2 or word.isdigit():
                continue
            fixed = word if self._known(word) else self._spelled(word)
            if fixed not in terms:
                terms.append(fixed)
        return terms

    def _known(self, word: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "select 1 from passages where passages match ? limit 1", (f'"{word}"',)
            ).fetchone()
        return row is not None

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

    def _idf(self, term: str) -> float:
        df = self._db.execute(
            "select count(*) from passages where passages match ?", (f'"{term}"',)
        ).fetchone()[0]
        return self._weight(int(df))

    def _holds(self, rowid: int, term: str) -> bool:
        row = self._db.execute(
            "select 1 from passages where passages match ? and rowid = ?", (f'"{term}"', rowid)
        ).fetchone()
        return row is not None

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
