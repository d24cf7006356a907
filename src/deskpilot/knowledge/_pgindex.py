"""The knowledge index in PostgreSQL full-text search, for a deployment running on PostgreSQL.

The same index as ``KnowledgeIndex`` (SQLite FTS5), in the deployment's own database: every
process of a scaled-out service reads one index, kept in the ``kb_*`` tables. Passages are
``tsvector`` columns (English stemming; the title weighs most, then the heading and the tags,
then the body), found with ``@@`` and ranked with ``ts_rank``; the question is read, weighed and
its passages ranked by the code the SQLite index uses (``QuestionReading``, ``rank_passages``),
so both answer alike. A word the English configuration drops as a stop word is left out of the
question, as the SQLite index leaves out its own stop words.

An answer costs one round trip once the index has seen its words: which words are stop words
is kept for good, which words the passages hold and how much each part of a question weighs
until the index changes. The search itself brings back, with the passages, the weights of the
parts not known yet, which parts each passage holds, and the index's generation (one more at
each indexing that changes something, in ``kb_generation``): when another process has indexed
since, what was kept is dropped and the question searched again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import partial
from typing import TypeVar

from sqlalchemy import Connection, create_engine, text

from deskpilot.knowledge._articles import Article
from deskpilot.knowledge._index import (
    _POOL,
    Hit,
    IndexReport,
    Miss,
    QuestionReading,
    Row,
    rank_passages,
    synced,
)
from deskpilot.knowledge._synonyms import Concept, Synonyms
from deskpilot.knowledge._words import content_words

_CONFIG = "english"
_DOC = (
    f"setweight(to_tsvector('{_CONFIG}', title), 'A')"
    f" || setweight(to_tsvector('{_CONFIG}', heading), 'B')"
    f" || setweight(to_tsvector('{_CONFIG}', tags), 'B')"
    f" || setweight(to_tsvector('{_CONFIG}', body), 'D')"
)
_SCHEMA = (
    "create table if not exists kb_articles (slug text primary key, path text not null,"
    " title text not null, link text not null, language text not null, audience text not null,"
    " valid_from date, valid_until date, digest text not null)",
    "create table if not exists kb_passages (id bigserial primary key,"
    " slug text not null references kb_articles (slug) on delete cascade,"
    " title text not null, heading text not null, body text not null, tags text not null,"
    f" doc tsvector generated always as ({_DOC}) stored,"
    f" own tsvector generated always as (to_tsvector('{_CONFIG}', body)) stored)",
    "create index if not exists kb_passages_doc on kb_passages using gin (doc)",
    "create index if not exists kb_passages_slug on kb_passages (slug)",
    "create table if not exists kb_misses (id bigserial primary key, at timestamptz not null,"
    " question text not null, language text not null, score double precision not null)",
    # The index's generation: one more at each indexing that changed something.
    "create table if not exists kb_generation (one boolean primary key default true check (one),"
    " generation bigint not null)",
    "insert into kb_generation values (true, 0) on conflict do nothing",
)
# ts_rank's weights for D, C, B, A: the body, -, the heading and tags, the title (as the SQLite
# index weighs its columns 1, 2, 2, 3).
_RANK_WEIGHTS = "'{0.33, 0, 0.67, 1.0}'::float4[]"
# Words and parts kept between questions, at most (then the memory starts again).
_KEPT = 50_000

K = TypeVar("K")
V = TypeVar("V")


def _keep(memory: dict[K, V], key: K, value: V) -> None:
    if len(memory) >= _KEPT:
        memory.clear()
    memory[key] = value


def _tsquery(concept: Concept, prefix: str) -> tuple[str, dict[str, str]]:
    """The SQL ``tsquery`` finding any of ``concept``'s alternatives, and its parameters."""
    params = {f"{prefix}{i}": alt for i, alt in enumerate(concept.alternatives)}
    parts = [f"phraseto_tsquery('{_CONFIG}', :{name})" for name in params]
    return "(" + " || ".join(parts) + ")", params


class PostgresKnowledgeIndex(QuestionReading):
    """Passages of the help center in PostgreSQL full-text search; thread-safe (a pool)."""

    def __init__(self, url: str, *, synonyms: Synonyms | None = None) -> None:
        self.synonyms = synonyms or Synonyms()
        self._engine = create_engine(url, pool_pre_ping=True)
        with self._engine.begin() as c:
            c.execute(text("select pg_advisory_xact_lock(hashtext('deskpilot knowledge schema'))"))
            for statement in _SCHEMA:
                c.execute(text(statement))
        self._words: dict[int, list[str]] = {}
        self._passages = 0
        self._generation = -1
        self._refresh = threading.Lock()
        # Kept between questions: whether a word is searchable (not a stop word) for good;
        # whether passages hold it and a part's weight, until the index changes.
        self._searchable: dict[str, bool] = {}
        self._held_words: dict[str, bool] = {}
        self._weights: dict[tuple[str, ...], float] = {}
        self._load_vocabulary()

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()

    # -- indexing -------------------------------------------------------------------------------
    def do_index(self, articles: Sequence[Article]) -> IndexReport:
        """Bring the index in line with ``articles``, touching only what changed."""
        with self._engine.begin() as c:
            # One indexer at a time: two processes starting together index once.
            c.execute(text("select pg_advisory_xact_lock(hashtext('deskpilot knowledge index'))"))
            rows = c.execute(text("select slug, digest from kb_articles")).all()
            known: dict[str, str] = {str(s): str(d) for s, d in rows}

            def drop(slug: str) -> None:
                c.execute(text("delete from kb_articles where slug = :s"), {"s": slug})

            report = synced(known, articles, partial(_add, c), drop)
            if report.added or report.updated or report.removed:
                c.execute(text("update kb_generation set generation = generation + 1"))
        if report.added or report.updated or report.removed:
            # Fresh statistics at once, not when autovacuum comes round: the planner's choice
            # between the full-text index and a scan depends on them.
            with self._engine.begin() as c:
                c.execute(text("analyze kb_articles, kb_passages"))
        self._load_vocabulary()
        return report

    def _load_vocabulary(self) -> None:
        """Read the index's words and generation; forget what was kept about the one before."""
        with self._refresh, self._engine.connect() as c:
            count, generation = c.execute(
                text(
                    "select (select count(*) from kb_passages),"
                    " (select generation from kb_generation)"
                )
            ).one()
            rows = c.execute(text("select word from ts_stat('select doc from kb_passages')"))
            terms = [str(word) for (word,) in rows] if count else []
            words: dict[int, list[str]] = {}
            for term in terms:
                if term.isalpha():
                    words.setdefault(len(term), []).append(term)
            self._held_words.clear()
            self._weights.clear()
            self._words = words
            self._passages = int(count)
            self._generation = int(generation)

    def languages(self) -> tuple[str, ...]:
        """The languages the indexed articles are written in."""
        with self._engine.connect() as c:
            rows = c.execute(text("select distinct language from kb_articles")).scalars().all()
        return tuple(sorted(str(r) for r in rows))

    def articles(self) -> int:
        """How many articles are indexed."""
        with self._engine.connect() as c:
            return int(c.execute(text("select count(*) from kb_articles")).scalar_one())

    # -- searching ------------------------------------------------------------------------------
    def search(
        self,
        question: str,
        *,
        k: int = 5,
        audience: str = "customers",
        on: date | None = None,
        again: bool = True,
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` (at most one per article), best first, among
        the articles ``audience`` may read valid on ``on`` (today by default). ``again``: search
        again once if the index changed since its words and weights were kept."""
        concepts = self.concepts(question)
        if not concepts:
            return []
        day = on or datetime.now(UTC).date()
        queries = [_tsquery(c, f"c{n}_") for n, c in enumerate(concepts)]
        said = {f"said{n}": concept.said for n, concept in enumerate(concepts)}
        params: dict[str, object] = {"aud": audience, "day": day, "limit": k * _POOL, **said}
        for _, bound in queries:
            params.update(bound)
        # Read once: another thread may drop what is kept meanwhile.
        known = {c.alternatives: self._weights.get(c.alternatives) for c in concepts}
        unweighed = [n for n, c in enumerate(concepts) if known[c.alternatives] is None]
        sql = _search_sql(queries, list(said), unweighed)
        with self._engine.connect() as c:
            found = c.execute(text(sql), params).all()
        if int(found[0][0]) != self._generation and again:
            # Another process indexed since the words and weights were kept.
            self._load_vocabulary()
            return self.search(question, k=k, audience=audience, on=on, again=False)
        first = 1 + len(unweighed)  # the passages' columns
        if found[0][first] is None:
            return []  # no passage holds any part of the question
        for n, df in zip(unweighed, found[0][1:first], strict=True):
            known[concepts[n].alternatives] = self._weight(int(df))
            _keep(self._weights, concepts[n].alternatives, self._weight(int(df)))
        weights = {concept: known[concept.alternatives] or 0.0 for concept in concepts}
        parts = list(weights.values())
        rows: list[Row] = []
        held: dict[int, float] = {}
        own: dict[int, float] = {}
        for row in found:
            r = tuple(row)[first:]
            rowid, marks = int(r[0]), r[10:]
            # Near ties are broken by the rank on every member of the groups plus the rank on
            # the customer's own words: the first alone favours a passage saying several members.
            score = float(r[8]) + float(r[9])
            rows.append((rowid, *(str(v) for v in r[1:8]), score))  # type: ignore[arg-type]
            held[rowid] = sum(w for w, m in zip(parts, marks[0::2], strict=True) if m)
            own[rowid] = sum(w for w, m in zip(parts, marks[1::2], strict=True) if m)
        return rank_passages(rows, weights, held, own, self._unseen, k)

    def _content(self, question: str) -> list[str]:
        """The question's words, less those the English configuration drops as stop words."""
        words = content_words(question)
        kept = {w: self._searchable.get(w) for w in words if w in self._held_words}
        learnt = self._learn([w for w in words if kept.get(w) is None])
        return [w for w in words if kept.get(w) or learnt.get(w, (False, False))[0]]

    def _learn(self, words: Sequence[str]) -> dict[str, tuple[bool, bool]]:
        """Whether each of ``words`` is searchable and whether passages hold it (one query),
        kept for the next questions."""
        if not words:
            return {}
        sql = (
            f"select w, numnode(plainto_tsquery('{_CONFIG}', w)) > 0, exists (select 1"
            f" from kb_passages where doc @@ plainto_tsquery('{_CONFIG}', w))"
            " from unnest(cast(:ws as text[])) as t(w)"
        )
        learnt: dict[str, tuple[bool, bool]] = {}
        with self._engine.connect() as c:
            for word, searchable, held in c.execute(text(sql), {"ws": list(dict.fromkeys(words))}):
                learnt[str(word)] = (bool(searchable), bool(held))
        for word, (searchable, held) in learnt.items():
            _keep(self._searchable, word, searchable)
            _keep(self._held_words, word, held)
        return learnt

    def _known(self, word: str) -> bool:
        return bool(self._known_words([word]))

    def _known_words(self, words: Sequence[str]) -> set[str]:
        kept = {w: self._held_words.get(w) for w in words}
        learnt = self._learn([w for w, held in kept.items() if held is None])
        return {w for w in words if kept.get(w) or learnt.get(w, (False, False))[1]}

    # -- misses ---------------------------------------------------------------------------------
    def do_record_miss(self, question: str, language: str, score: float) -> None:
        """Keep a question no article answered (already masked by the caller)."""
        with self._engine.begin() as c:
            c.execute(
                text(
                    "insert into kb_misses (at, question, language, score)"
                    " values (:at, :q, :lang, :score)"
                ),
                {"at": datetime.now(UTC), "q": question, "lang": language, "score": score},
            )

    def misses(self) -> list[Miss]:
        """Every question kept as a miss, oldest first."""
        with self._engine.connect() as c:
            rows = c.execute(text("select id, at, question, language, score from kb_misses"))
            kept = sorted(rows, key=lambda row: int(row[0]))
            return [Miss(at, str(q), str(lang), float(s)) for _, at, q, lang, s in kept]


def _search_sql(
    queries: list[tuple[str, dict[str, str]]], said: list[str], unweighed: list[int]
) -> str:
    """The one query of a search: the index's generation, the number of passages holding each
    part of ``unweighed`` (their weights), then the passages found, best first, each with its
    rank on the words the question said (parameters ``said``) and whether it holds each part
    of the question in all its text and in its own body. One row with nothing found."""
    anything = " || ".join(sql for sql, _ in queries)
    words = " || ".join(f"phraseto_tsquery('{_CONFIG}', :{name})" for name in said)
    flags = "".join(f", f.doc @@ {q}, f.own @@ {q}" for q, _ in queries)
    counts = ", ".join(f"count(*) filter (where doc @@ {queries[n][0]}) as n{n}" for n in unweighed)
    weighed = taken = ""
    if unweighed:
        either = " || ".join(queries[n][0] for n in unweighed)
        weighed = f" cross join (select {counts} from kb_passages where doc @@ ({either})) n"
        taken = "".join(f", n.n{n}" for n in unweighed)
    return (
        "with found as (select p.id, p.slug, a.title, a.link, p.heading, p.body, a.audience,"
        f" a.language, ts_rank({_RANK_WEIGHTS}, p.doc, q.q) as r, p.doc, p.own"
        f" from kb_passages p join kb_articles a on a.slug = p.slug, (select {anything} as q) q"
        " where p.doc @@ q.q and (a.audience = :aud or :aud = 'agents')"
        " and (a.valid_from is null or a.valid_from <= :day)"
        " and (a.valid_until is null or a.valid_until >= :day)"
        " order by r desc, p.id limit :limit)"
        f" select g.generation{taken}, f.id, f.slug, f.title, f.link, f.heading, f.body,"
        f" f.audience, f.language, f.r, ts_rank({_RANK_WEIGHTS}, f.doc, {words}){flags}"
        f" from kb_generation g{weighed} left join found f on true order by f.r desc, f.id"
    )


def _add(c: Connection, a: Article) -> None:
    m = a.meta
    c.execute(
        text(
            "insert into kb_articles values"
            " (:slug, :path, :title, :link, :lang, :aud, :vfrom, :vuntil, :digest)"
        ),
        {
            "slug": a.slug,
            "path": a.path,
            "title": a.title,
            "link": a.link,
            "lang": m.language,
            "aud": m.audience,
            "vfrom": m.valid_from,
            "vuntil": m.valid_until,
            "digest": a.digest,
        },
    )
    tags = " ".join(m.tags)
    c.execute(
        text(
            "insert into kb_passages (slug, title, heading, body, tags)"
            " values (:slug, :title, :heading, :body, :tags)"
        ),
        [
            {"slug": a.slug, "title": a.title, "heading": p.heading, "body": p.text, "tags": tags}
            for p in a.passages
        ],
    )
