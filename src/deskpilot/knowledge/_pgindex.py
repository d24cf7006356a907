"""The knowledge index in PostgreSQL full-text search, for a deployment running on PostgreSQL.

The same index as ``KnowledgeIndex`` (SQLite FTS5), in the deployment's own database: every
process of a scaled-out service reads one index, kept in the ``kb_*`` tables. Passages are
``tsvector`` columns (English stemming; the title weighs most, then the heading and the tags,
then the body), found with ``@@`` and ranked with ``ts_rank``; the question is read, weighed and
its passages ranked by the code the SQLite index uses (``QuestionReading``, ``rank_passages``),
so both answer alike. A word the English configuration drops as a stop word is left out of the
question, as the SQLite index leaves out its own stop words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import partial

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
)
# ts_rank's weights for D, C, B, A: the body, -, the heading and tags, the title (as the SQLite
# index weighs its columns 1, 2, 2, 3).
_RANK_WEIGHTS = "'{0.33, 0, 0.67, 1.0}'::float4[]"


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
            # Fresh statistics at once, not when autovacuum comes round: the planner's choice
            # between the full-text index and a scan depends on them.
            with self._engine.begin() as c:
                c.execute(text("analyze kb_articles, kb_passages"))
        self._load_vocabulary()
        return report

    def _load_vocabulary(self) -> None:
        with self._engine.connect() as c:
            self._passages = int(c.execute(text("select count(*) from kb_passages")).scalar_one())
            rows = c.execute(text("select word from ts_stat('select doc from kb_passages')"))
            terms = [str(word) for (word,) in rows] if self._passages else []
        words: dict[int, list[str]] = {}
        for term in terms:
            if term.isalpha():
                words.setdefault(len(term), []).append(term)
        self._words = words

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
    ) -> list[Hit]:
        """The ``k`` best passages for ``question`` (at most one per article), best first, among
        the articles ``audience`` may read valid on ``on`` (today by default)."""
        concepts = self.concepts(question)
        if not concepts:
            return []
        day = on or datetime.now(UTC).date()
        queries = [_tsquery(c, f"c{n}_") for n, c in enumerate(concepts)]
        anything = " || ".join(sql for sql, _ in queries)
        params: dict[str, object] = {"aud": audience, "day": day, "limit": k * _POOL}
        for _, bound in queries:
            params.update(bound)
        sql = (
            "select p.id, p.slug, a.title, a.link, p.heading, p.body, a.audience, a.language,"
            f" ts_rank({_RANK_WEIGHTS}, p.doc, q.q) as r"
            f" from kb_passages p join kb_articles a on a.slug = p.slug, (select {anything} as q) q"
            " where p.doc @@ q.q and (a.audience = :aud or :aud = 'agents')"
            " and (a.valid_from is null or a.valid_from <= :day)"
            " and (a.valid_until is null or a.valid_until >= :day)"
            " order by r desc, p.id limit :limit"
        )
        with self._engine.connect() as c:
            rows: list[Row] = [
                (int(r[0]), *(str(v) for v in r[1:8]), float(r[8]))  # type: ignore[misc]
                for r in c.execute(text(sql), params)
            ]
            # How many passages hold each part (its weight), in one pass.
            counts = ", ".join(f"count(*) filter (where doc @@ {q})" for q, _ in queries)
            found = c.execute(
                text(f"select {counts} from kb_passages where doc @@ ({anything})"), params
            ).one()
            weights = {
                concept: self._weight(int(n)) for concept, n in zip(concepts, found, strict=True)
            }
            parts = list(weights.values())
            said = {f"said{n}": concept.said for n, concept in enumerate(concepts)}
            held, own, own_words = _held(
                c, [row[0] for row in rows], queries, {**params, **said}, parts, list(said)
            )
        # Near ties are broken by the rank on every member of the groups plus the rank on the
        # customer's own words: the first alone favours a passage saying several members.
        scored: list[Row] = [(*row[:-1], row[-1] + own_words.get(row[0], 0.0)) for row in rows]
        return rank_passages(scored, weights, held, own, self._unseen, k)

    def _content(self, question: str) -> list[str]:
        """The question's words, less those the English configuration drops as stop words."""
        words = content_words(question)
        if not words:
            return words
        with self._engine.connect() as c:
            kept = c.execute(
                text(
                    "select w from unnest(cast(:ws as text[])) with ordinality as t(w, n)"
                    f" where numnode(plainto_tsquery('{_CONFIG}', w)) > 0 order by n"
                ),
                {"ws": words},
            )
            return [str(w) for (w,) in kept]

    def _known(self, word: str) -> bool:
        return bool(self._known_words([word]))

    def _known_words(self, words: Sequence[str]) -> set[str]:
        if not words:
            return set()
        with self._engine.connect() as c:
            found = c.execute(
                text(
                    "select w from unnest(cast(:ws as text[])) as t(w) where exists (select 1"
                    f" from kb_passages where doc @@ plainto_tsquery('{_CONFIG}', w))"
                ),
                {"ws": list(words)},
            )
            return {str(w) for (w,) in found}

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


def _held(
    c: Connection,
    ids: list[int],
    queries: list[tuple[str, dict[str, str]]],
    params: dict[str, object],
    weights: list[float],
    said: list[str],
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """For each passage of ``ids``: the weight of the question's parts it holds, in all its
    text and in its own body, and its rank on the words the question said (one query;
    ``said``: the parameters holding those words)."""
    if not ids:
        return {}, {}, {}
    flags = ", ".join(f"doc @@ {q}, own @@ {q}" for q, _ in queries)
    words = " || ".join(f"phraseto_tsquery('{_CONFIG}', :{name})" for name in said)
    sql = (
        f"select id, ts_rank({_RANK_WEIGHTS}, doc, {words}), {flags}"
        " from kb_passages where id = any(:ids)"
    )
    held: dict[int, float] = {}
    own: dict[int, float] = {}
    ranks: dict[int, float] = {}
    for row in c.execute(text(sql), {**params, "ids": ids}):
        rowid, marks = int(row[0]), row[2:]
        ranks[rowid] = float(row[1])
        held[rowid] = sum(w for w, m in zip(weights, marks[0::2], strict=True) if m)
        own[rowid] = sum(w for w, m in zip(weights, marks[1::2], strict=True) if m)
    return held, own, ranks


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
