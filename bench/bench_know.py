"""Benchmark: corroboration and search latency on a large store, on SQLite and PostgreSQL.

    make bench                                      # 1,000,000 claims over 10,000 events
    BENCH_KNOW_CLAIMS=100000 python bench/bench_know.py   # a quick look

A store is generated (documents, spans, claims with their sentences in the search index, each
claim tied to one of the events, sources with grades and affiliations) by bulk inserts, not
through the stages: what is timed is reading it back. Timed, on each backend:
  count      a bare SELECT count(*) over the claims table (the baseline);
  corroborate  dadkhah.corroborate.corroborate_event on a random event (p50, p95);
  search     Tx.search for one or two words drawn like the text's (p50, p95).
The claims' sentences are 14 words drawn from a Zipf-shaped vocabulary (the domain words
first, then 20,000 rarer ones), as running text is; queries are drawn the same way.
Each figure is also given as a ratio to the baseline measured in the same run.
PostgreSQL is used at DADKHAH_TEST_POSTGRES_URL (default 127.0.0.1:5432/test), in a schema of
its own that is dropped afterwards; it is skipped with the reason when it does not answer.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from corpus import CUMULATIVE, VOCABULARY, bulk_corpus
from sqlalchemy import create_engine, text

from dadkhah.config import Settings
from dadkhah.corroborate import corroborate_event
from dadkhah.store import Store

CLAIMS = int(os.environ.get("BENCH_KNOW_CLAIMS", 1_000_000))
EVENTS = int(os.environ.get("BENCH_KNOW_EVENTS", 10_000))
SAMPLES = 60
PG_URL = os.environ.get(
    "DADKHAH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(label: str, env: dict) -> None:
    store = Store.open(Settings.from_env(env))
    rng = random.Random(7)
    try:
        start = time.perf_counter()
        bulk_corpus(store, rng, CLAIMS, EVENTS, affiliations=10)
        built = time.perf_counter() - start
        engine = store._writer

        def count():
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM claim")).scalar()

        def corroborate_one():
            corroborate_event(store, f"evt-{rng.randrange(EVENTS):016x}")

        def search_one():
            words = " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.choice((1, 2))))
            with store.read() as tx:
                tx.search(words, limit=20)

        count()  # warm
        base = timed(count, 20)
        corr = timed(corroborate_one, SAMPLES)
        srch = timed(search_one, SAMPLES)
        b50 = statistics.median(base)
        print(f"\n{label}: {CLAIMS:,} claims over {EVENTS:,} events, built in {built:.0f} s")
        print(f"{'operation':<28} {'p50 ms':>9} {'p95 ms':>9} {'p50 / count(*)':>15}")
        label = "SELECT count(*) (baseline)"
        print(f"{label:<28} {b50 * 1000:>9.1f} {p(base, 0.95) * 1000:>9.1f} {1:>14.2f}x")
        for name, values in (("corroborate one event", corr), ("search 1-2 words", srch)):
            print(
                f"{name:<28} {statistics.median(values) * 1000:>9.1f} "
                f"{p(values, 0.95) * 1000:>9.1f} {statistics.median(values) / b50:>14.2f}x"
            )
    finally:
        store.close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="dadkhah-bench-know-"))
    try:
        run("SQLite", {"DADKHAH_HOME": str(work / "sqlite")})
        try:
            probe = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with probe.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as err:  # any driver or network error: not available here
            print(f"\nPostgreSQL skipped: {type(err).__name__}: {str(err).splitlines()[0]}")
            return
        schema = f"dadkhah_bench_{os.getpid()}"
        try:
            run(
                "PostgreSQL",
                {"DADKHAH_HOME": str(work / "pg"), "DADKHAH_DATABASE_URL": PG_URL,
                 "DADKHAH_DATABASE_SCHEMA": schema},
            )  # fmt: skip
        finally:
            with probe.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            probe.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
