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

import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from dadkhah.config import Settings
from dadkhah.corroborate import corroborate_event
from dadkhah.store import Store
from dadkhah.store.models import Blob, Claim, ClaimEvent, Document, Event, Source, Span

CLAIMS = int(os.environ.get("BENCH_KNOW_CLAIMS", 1_000_000))
EVENTS = int(os.environ.get("BENCH_KNOW_EVENTS", 10_000))
SAMPLES = 60
PG_URL = os.environ.get(
    "DADKHAH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
WORDS = [
    "protesters",
    "killed",
    "arrested",
    "detained",
    "wounded",
    "executed",
    "prison",
    "province",
    "city",
    "rights",
    "group",
    "report",
    "toll",
    "security",
    "forces",
    "crackdown",
    "families",
    "bodies",
    "hospital",
    "court",
    "sentenced",
    "sources",
    "officials",
    "ministry",
    "marshes",
    "streets",
    "night",
    "week",
    "month",
    "witnesses",
    "figures",
    "confirmed",
]
# running text has a long tail of rarer words: a Zipf-shaped vocabulary, the domain words first
VOCABULARY = WORDS + [f"w{i:05d}" for i in range(20_000)]
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))
PLACES = ["Tehran", "Mahshahr", "Shiraz", "Zahedan", "Sanandaj", "Karaj", "Ahvaz", "Tabriz"]
MEASURES = ["killed", "arrested", "injured", "detained", "executed"]
QUALIFIERS = ["exact", "at_least", "more_than", "about", "up_to"]


def generate(store: Store, rng: random.Random) -> None:
    now = "2026-01-01T00:00:00.000000Z"
    engine = store._writer
    sources = [
        {"id": f"src-{i:016x}", "name": f"Source {i}", "aliases": [f"S{i}"], "kind": "ngo",
         "reliability": "ABCDEF"[i % 6], "domains": [], "created_at": now, "created_by": "bench"}
        for i in range(60)
    ]  # fmt: skip
    per_event = max(1, CLAIMS // EVENTS)
    docs_per_event = 4
    with engine.begin() as conn:
        conn.execute(insert(Source), sources)
        conn.execute(
            text(
                "INSERT INTO source_affiliation (id, source_id, related_id, relation, created_at, "
                "created_by) VALUES (:i, :a, :b, 'affiliate', :t, 'bench')"
            ),
            [{"i": f"aff-{i:016x}", "a": sources[i]["id"], "b": sources[i + 1]["id"], "t": now}
             for i in range(0, 20, 2)],
        )  # fmt: skip
    made = 0
    for e0 in range(0, EVENTS, 500):
        events, blobs, docs, spans, claims, links, index = [], [], [], [], [], [], []
        for e in range(e0, min(EVENTS, e0 + 500)):
            eid = f"evt-{e:016x}"
            day = f"20{10 + e % 15}-{1 + e % 12:02d}-{1 + e % 28:02d}"
            events.append({"id": eid, "type": "crackdown", "title": f"Event {e}",
                           "start_date": day, "start_precision": "day", "places": [
                               {"name": rng.choice(PLACES), "precision": "city"}],
                           "status": "accepted", "sensitivity": "public", "created_at": now,
                           "created_by": "bench"})  # fmt: skip
            doc_ids = []
            for d in range(docs_per_event):
                sha = uuid.uuid4().hex + uuid.uuid4().hex
                did = f"doc-{e:012x}{d:04x}"
                doc_ids.append(did)
                blobs.append({"sha256": sha, "size": 1000, "media_type": "text/plain",
                              "role": "original", "created_at": now})  # fmt: skip
                docs.append({"id": did, "blob_sha256": sha, "origin": f"/bench/{did}.txt",
                             "origin_kind": "file", "origin_key": sha, "media_type": "text/plain",
                             "size": 1000, "captured_at": now, "sensitivity": "public",
                             "status": "active", "created_by": "bench"})  # fmt: skip
            for c in range(per_event):
                if made >= CLAIMS:
                    break
                cid, sid = f"clm-{made:016x}", f"spn-{made:016x}"
                low = rng.randint(5, 3000)
                sentence = " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=14))
                spans.append({"id": sid, "document_id": doc_ids[c % docs_per_event], "start": 10,
                              "end": 14, "text": str(low), "created_at": now})  # fmt: skip
                claims.append({"id": cid, "document_id": doc_ids[c % docs_per_event],
                               "span_id": sid, "seq": c, "measure": rng.choice(MEASURES),
                               "low": low, "high": low, "qualifier": rng.choice(QUALIFIERS),
                               "claimed_by": f"Source {rng.randrange(80)}",
                               "attribution": "stated", "date_claimed": day, "subgroup": False,
                               "status": "accepted", "extractor": "bench", "created_at": now,
                               "created_by": "bench"})  # fmt: skip
                links.append({"claim_id": cid, "event_id": eid, "status": "confirmed",
                              "reasons": [], "created_at": now, "created_by": "bench"})  # fmt: skip
                index.append((cid, "claim", f"killed {low}", sentence))
                made += 1
        with engine.begin() as conn:
            for model, rows in ((Event, events), (Blob, blobs), (Document, docs), (Span, spans),
                                (Claim, claims), (ClaimEvent, links)):  # fmt: skip
                if rows:
                    conn.execute(insert(model), rows)
        with store.write("bench") as tx:
            tx.index_search_many(index)
        print(f"  generated {made:,} claims", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


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
        generate(store, rng)
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
