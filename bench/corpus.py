"""A synthetic store for the benchmarks: events, documents, spans and claims in bulk.

What the benchmarks time is reading a large store, not building it, so the rows go in with
bulk inserts straight through the store's engine (four documents per event, the claims spread
over them), with the search index filled through the store's own method.
"""

from __future__ import annotations

import itertools
import random
import sys
import uuid

from sqlalchemy import insert, text

from dadkhah.store import Store
from dadkhah.store.models import Blob, Claim, ClaimEvent, Document, Event, Source, Span

NOW = "2026-01-01T00:00:00.000000Z"
WORDS = ["protesters", "killed", "arrested", "detained", "wounded", "executed", "prison",
         "province", "city", "rights", "group", "report", "toll", "security", "forces",
         "crackdown", "families", "bodies", "hospital", "court", "sentenced", "sources",
         "officials", "ministry", "marshes", "streets", "night", "week", "month", "witnesses",
         "figures", "confirmed"]  # fmt: skip
# running text has a long tail of rarer words: a Zipf-shaped vocabulary, the domain words first
VOCABULARY = WORDS + [f"w{i:05d}" for i in range(20_000)]
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))
PLACES = ["Tehran", "Mahshahr", "Shiraz", "Zahedan", "Sanandaj", "Karaj", "Ahvaz", "Tabriz"]
MEASURES = ["killed", "arrested", "injured", "detained", "executed"]
QUALIFIERS = ["exact", "at_least", "more_than", "about", "up_to"]
DOCS_PER_EVENT = 4


def bulk_corpus(
    store: Store,
    rng: random.Random,
    claims: int,
    events: int,
    *,
    sources: int = 60,
    affiliations: int = 0,
    candidates: bool = False,
    contexts: bool = False,
    batch: int = 500,
) -> None:
    """Fill ``store`` with ``claims`` claims over ``events`` events, each claim confirmed for
    its event. ``affiliations`` pairs of sources are affiliated; with ``candidates`` every
    other claim is left for review; with ``contexts`` each claim has a context span (the
    sentence holding its figure), as the review queue shows."""
    engine = store._writer
    source_rows = [
        {"id": f"src-{i:016x}", "name": f"Source {i}", "aliases": [f"S{i}"], "kind": "ngo",
         "reliability": "ABCDEF"[i % 6], "domains": [], "created_at": NOW, "created_by": "bench"}
        for i in range(sources)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(Source), source_rows)
        if affiliations:
            conn.execute(
                text(
                    "INSERT INTO source_affiliation (id, source_id, related_id, relation, "
                    "created_at, created_by) VALUES (:i, :a, :b, 'affiliate', :t, 'bench')"
                ),
                [{"i": f"aff-{i:016x}", "a": source_rows[i]["id"],
                  "b": source_rows[i + 1]["id"], "t": NOW}
                 for i in range(0, 2 * affiliations, 2)],
            )  # fmt: skip
    per_event = max(1, claims // events)
    made = 0
    for e0 in range(0, events, batch):
        rows: dict = {m: [] for m in (Event, Blob, Document, Span, Claim, ClaimEvent)}
        index = []
        for e in range(e0, min(events, e0 + batch)):
            eid = f"evt-{e:016x}"
            day = f"20{10 + e % 15}-{1 + e % 12:02d}-{1 + e % 28:02d}"
            rows[Event].append({"id": eid, "type": "crackdown", "title": f"Event {e}",
                                "start_date": day, "start_precision": "day",
                                "places": [{"name": rng.choice(PLACES), "precision": "city"}],
                                "status": "accepted", "sensitivity": "public",
                                "created_at": NOW, "created_by": "bench"})  # fmt: skip
            doc_ids = []
            for d in range(DOCS_PER_EVENT):
                sha = uuid.uuid4().hex + uuid.uuid4().hex
                did = f"doc-{e:012x}{d:04x}"
                doc_ids.append(did)
                rows[Blob].append({"sha256": sha, "size": 1000, "media_type": "text/plain",
                                   "role": "original", "created_at": NOW})  # fmt: skip
                rows[Document].append({"id": did, "blob_sha256": sha, "origin": f"/bench/{did}.txt",
                                       "origin_kind": "file", "origin_key": sha,
                                       "title": f"Report {did}", "media_type": "text/plain",
                                       "size": 1000, "captured_at": NOW, "sensitivity": "public",
                                       "status": "active", "created_by": "bench"})  # fmt: skip
            for c in range(per_event):
                if made >= claims:
                    break
                cid, sid = f"clm-{made:016x}", f"spn-{made:016x}"
                low = rng.randint(5, 3000)
                words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=14)
                doc = doc_ids[c % DOCS_PER_EVENT]
                context = None
                if contexts:
                    sentence = " ".join(words[:6] + [str(low)] + words[6:])
                    start = len(" ".join(words[:6])) + 1
                    context = f"spn-c{made:015x}"
                    rows[Span].append({"id": context, "document_id": doc, "start": 0,
                                       "end": len(sentence), "text": sentence,
                                       "created_at": NOW})  # fmt: skip
                else:
                    sentence, start = " ".join(words), 10
                rows[Span].append({"id": sid, "document_id": doc, "start": start,
                                   "end": start + len(str(low)), "text": str(low),
                                   "created_at": NOW})  # fmt: skip
                measure = rng.choice(MEASURES)
                status = "candidate" if candidates and made % 2 else "accepted"
                rows[Claim].append({"id": cid, "document_id": doc, "span_id": sid,
                                    "context_span_id": context, "seq": c, "measure": measure,
                                    "low": low, "high": low, "qualifier": rng.choice(QUALIFIERS),
                                    "claimed_by": f"Source {rng.randrange(sources + 20)}",
                                    "attribution": "stated", "date_claimed": day,
                                    "subgroup": False,
                                    "status": status,
                                    "extractor": "bench", "created_at": NOW,
                                    "created_by": "bench"})  # fmt: skip
                rows[ClaimEvent].append({"claim_id": cid, "event_id": eid, "status": "confirmed",
                                         "reasons": [], "created_at": NOW,
                                         "created_by": "bench"})  # fmt: skip
                index.append((cid, "claim", f"{measure} {low}", sentence))
                made += 1
        with engine.begin() as conn:
            for model, batch_rows in rows.items():
                if batch_rows:
                    conn.execute(insert(model), batch_rows)
        with store.write("bench") as tx:
            tx.index_search_many(index)
        print(f"  generated {made:,} claims", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
