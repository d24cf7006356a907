"""Latency of the console's search over many messages (docs/console.md, "Search").

Fills a fresh database with ``--messages`` synthetic messages (``--per-case`` to a case, one
internal note every five cases; words drawn with a fixed seed from a vocabulary whose first
words are far more common than the last, as in real text), then times
``Repository.search_cases`` (what ``/console/search`` runs) for each query below,
``--rounds`` times each. Prints p50 and p95 in milliseconds per query and the fill time (the
index is kept by the database as rows are written: triggers on SQLite, a generated column on
PostgreSQL).

    PYTHONPATH=src .venv/bin/python bench/search/run.py --messages 100000
    PYTHONPATH=src .venv/bin/python bench/search/run.py --messages 100000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/<an empty database>
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from deskpilot.store import Database
from deskpilot.store import _tables as t

_WORD_TEXT = """
order the my is it a to and refund delivery parcel please when where item thanks hello
help late broken missing address change cancel return exchange payment card invoice
receipt voucher account password lamp chair kettle blender jacket boots size colour
courier label warehouse tracking damaged wrong charged twice warranty repair battery
screen cable charger gift subscription newsletter privacy holiday weekend morning evening
"""
WORDS = _WORD_TEXT.split()
# A word planted in a handful of messages: the needle in the haystack.
RARE = "zebulon"
QUERIES = {
    "common word": "refund",
    "two words": "broken lamp",
    "phrase": '"late delivery"',
    "stemmed": "charging",
    "rare word": RARE,
    "excluded word": "parcel -tracking",
    "customer handle": "customer4242@",
    "no match": "xylophone",
    "prefix of a common word": "refu",
    "prefix of a rare word": "zebu",
}


def _text(rng: random.Random) -> str:
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    return " ".join(rng.choices(WORDS, weights=weights, k=rng.randint(6, 30))).capitalize()


def fill(db: Database, messages: int, per_case: int, seed: int) -> float:
    """Insert the synthetic cases; the seconds it took."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    cases = messages // per_case
    batch = 500
    for first in range(0, cases, batch):
        rows: dict[str, list[dict[str, object]]] = {
            "customers": [],
            "identities": [],
            "cases": [],
            "messages": [],
            "notes": [],
        }
        for n in range(first, min(first + batch, cases)):
            at = start + timedelta(minutes=n)
            customer, case = f"cus_{n:08d}", f"case_{n:08d}"
            rows["customers"].append({"id": customer, "store_user_id": None, "created_at": at})
            rows["identities"].append(
                {"channel": "email", "handle": f"customer{n}@example.com", "customer_id": customer}
            )
            rows["cases"].append(
                {
                    "id": case,
                    "customer_id": customer,
                    "status": "resolved",
                    "state": {},
                    "version": 1,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            for m in range(per_case):
                said = _text(rng)
                if rng.random() < 20 / messages:
                    said += f" {RARE}"
                rows["messages"].append(
                    {
                        "id": f"msg_{n:08d}_{m:03d}",
                        "conversation_id": f"conv_{n:08d}",
                        "case_id": case,
                        "direction": "inbound" if m % 2 == 0 else "outbound",
                        "channel": "email",
                        "external_id": None,
                        "text": said,
                        "status": "processed",
                        "attempts": 0,
                        "reply_to": None,
                        "error": None,
                        "created_at": at + timedelta(seconds=m),
                        "answers": None,
                    }
                )
            if n % 5 == 0:
                rows["notes"].append(
                    {
                        "id": f"note_{n:08d}",
                        "case_id": case,
                        "author": "alice",
                        "text": _text(rng),
                        "created_at": at,
                    }
                )
        with db.transaction() as repo:
            repo.c.execute(insert(t.customers), rows["customers"])
            repo.c.execute(insert(t.channel_identities), rows["identities"])
            repo.c.execute(insert(t.cases), rows["cases"])
            repo.c.execute(insert(t.messages), rows["messages"])
            repo.c.execute(insert(t.case_notes), rows["notes"])
    return time.perf_counter() - began


def measure(db: Database, rounds: int) -> dict[str, dict[str, float]]:
    """p50 and p95 (ms) and the cases found, per query."""
    figures = {}
    for name, words in QUERIES.items():
        times, found = [], 0
        for _ in range(rounds):
            began = time.perf_counter()
            with db.transaction() as repo:
                found = len(repo.search_cases(words))
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        figures[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "cases_found": found,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--per-case", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="an empty database (else SQLite)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'search.sqlite3'}"
        db = Database.connect(url)
        try:
            seconds = fill(db, args.messages, args.per_case, args.seed)
            figures = measure(db, args.rounds)
            dialect = db.engine.dialect.name
        finally:
            db.dispose()
    report = {
        "database": dialect,
        "messages": args.messages,
        "fill_seconds": round(seconds, 1),
        "queries": figures,
    }
    print(f"{dialect}: {args.messages} messages filled in {seconds:.1f} s")
    for name, f in figures.items():
        print(
            f"  {name:16} {QUERIES[name]!r:22} p50 {f['p50_ms']:7.1f} ms  "
            f"p95 {f['p95_ms']:7.1f} ms  {f['cases_found']} cases"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
