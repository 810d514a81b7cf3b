"""Benchmark: an event dossier with 1,000 figures from 100 documents, HTML and PDF, against
rendering the same dossier without the store queries, in the same run.

    make bench
    BENCH_REPORT_FIGURES=200 BENCH_REPORT_DOCUMENTS=20 python bench/bench_report.py   # quicker

A store (SQLite) is built through the stages: 100 plain-text reports are ingested and parsed,
each given 10 figures (claims with exact spans of their sentences, attributed to 20 graded
sources, some affiliated, given on different dates so that revisions and conflicts occur),
every figure tied to one event. Timed (median of BENCH_REPORT_RUNS runs, default 3):
  dossier    event_dossier (store queries, corroboration, citations, charts), and again
             without charts (the charts are matplotlib's, one point drawn per figure)
  html       render_html of that dossier (the baseline for HTML)
  pdf        render_pdf of that HTML (with html, the baseline for PDF)
Figures: seconds for each, and the ratios (dossier + html) / html and
(dossier + html + pdf) / (html + pdf): what reading the store adds to rendering alone.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dadkhah.config import Settings
from dadkhah.evidence import IngestOptions, ingest
from dadkhah.know import document_text
from dadkhah.parse import parse_documents
from dadkhah.report import ReportOptions, event_dossier, render_html, render_pdf
from dadkhah.store import Store

FIGURES = int(os.environ.get("BENCH_REPORT_FIGURES", 1000))
DOCUMENTS = int(os.environ.get("BENCH_REPORT_DOCUMENTS", 100))
RUNS = int(os.environ.get("BENCH_REPORT_RUNS", 3))
SOURCES = [f"Monitoring Group {i}" for i in range(20)]
PLACES = ["Tehran", "Mahshahr", "Shiraz", "Zahedan", "Sanandaj", "Karaj", "Ahvaz", "Tabriz"]
MEASURES = ["killed", "arrested", "injured", "detained"]
QUALIFIERS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "about": "about "}


def write_corpus(folder: Path, rng: random.Random) -> list[tuple[Path, list[dict]]]:
    """Reports of ``FIGURES // DOCUMENTS`` sentences, each with one figure; the figures'
    fields beside each file."""
    per_doc = max(1, FIGURES // DOCUMENTS)
    out = []
    for d in range(DOCUMENTS):
        lines, figures = [f"Situation report {d}", ""], []
        for _ in range(per_doc):
            source, measure = rng.choice(SOURCES), rng.choice(MEASURES)
            qualifier = rng.choice(list(QUALIFIERS))
            low = rng.randint(5, 3000)
            day = f"2019-{rng.choice((11, 12))}-{rng.randint(1, 28):02d}"
            place = rng.choice(PLACES)
            figure = f"{QUALIFIERS[qualifier]}{low:,}"
            lines.append(f"{source} said on {day} that {figure} people were {measure} in {place}.")
            figures.append({"measure": measure, "low": low, "high": low, "qualifier": qualifier,
                            "claimed_by": source, "date_claimed": day, "place": place,
                            "figure": figure, "sentence": lines[-1]})  # fmt: skip
        path = folder / f"report-{d:04d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append((path, figures))
    return out


def build(store: Store, folder: Path, rng: random.Random) -> str:
    corpus = write_corpus(folder, rng)
    report = ingest(store, [str(p) for p, _ in corpus], IngestOptions("bench", "bench", "public"))
    ids = [o.document_id for o in report.outcomes]
    parse_documents(store, ids, "bench")
    with store.write("bench") as tx:
        for i, name in enumerate(SOURCES):
            tx.add_source(name, kind="ngo", reliability="ABCDEF"[i % 6])
        found = {s.name: s.id for s in tx.sources()}
        for a, b in zip(SOURCES[:6:2], SOURCES[1:6:2], strict=True):
            tx.add_affiliation(found[a], found[b], "partner of")
    with store.read() as tx:
        docs = {d.id: d for d in tx.documents(ids=ids)}
    claims = []
    for doc_id, (_path, figures) in zip(ids, corpus, strict=True):
        text = document_text(store, docs[doc_id])
        rows = []
        for f in figures:
            start = text.index(f["sentence"])
            at = start + f["sentence"].index(f["figure"])
            rows.append({
                "measure": f["measure"], "low": f["low"], "high": f["high"],
                "qualifier": f["qualifier"], "claimed_by": f["claimed_by"],
                "attribution": "stated", "date_claimed": f["date_claimed"], "place": f["place"],
                "subgroup": False, "start": at, "end": at + len(f["figure"]),
                "text": f["figure"], "page": None,
                "context": {"start": start, "end": start + len(f["sentence"]),
                            "text": f["sentence"], "page": None},
            })  # fmt: skip
        claims.append((doc_id, rows))
    with store.write("bench") as tx:
        made = [cid for doc_id, rows in claims for cid in
                tx.replace_candidate_claims(doc_id, "bench", rows, fresh=True)[0]]  # fmt: skip
        first = claims[0][1][0]
        event = tx.add_event(
            "crackdown", "Benchmark crackdown",
            [{"document_id": ids[0], "start": first["context"]["start"],
              "end": first["context"]["end"], "text": first["context"]["text"]}],
            start_date="2019-11-01", end_date="2019-12", places=[{"name": "Iran"}],
        )  # fmt: skip
        for cid in made:
            tx.link_claim_event(cid, event.id, "confirmed")
    return event.id


def median_time(fn, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    rng = random.Random(1398)
    root = Path(tempfile.mkdtemp(prefix="dadkhah-bench-report-"))
    try:
        store = Store.open(Settings.from_env({"DADKHAH_HOME": str(root / "home")}))
        corpus = root / "corpus"
        corpus.mkdir()
        start = time.perf_counter()
        event_id = build(store, corpus, rng)
        print(f"built {FIGURES:,} figures from {DOCUMENTS} documents in "
              f"{time.perf_counter() - start:.1f} s", file=sys.stderr)  # fmt: skip
        render_pdf("<p>warm</p>")  # WeasyPrint's first call loads fonts: not the dossier's cost
        t_dossier, dossier = median_time(
            lambda: event_dossier(store, event_id, ReportOptions()), RUNS
        )
        t_bare, _ = median_time(
            lambda: event_dossier(store, event_id, ReportOptions(charts=False)), RUNS
        )
        t_html, page = median_time(lambda: render_html(dossier), RUNS)
        t_pdf, pdf = median_time(lambda: render_pdf(page), RUNS)
        figures = sum(len(m["rows"]) for m in dossier.sections["measures"])
        print(f"event dossier: {figures:,} figures, {len(dossier.citations):,} citations, "
              f"{len(page) / 1e6:.1f} MB of HTML, {len(pdf) / 1e6:.1f} MB of PDF")  # fmt: skip
        print(f"  dossier (store queries, corroboration, charts)  {t_dossier:7.2f} s")
        print(f"    of which the charts (matplotlib)              {t_dossier - t_bare:7.2f} s")
        print(f"  render HTML (baseline)                          {t_html:7.2f} s")
        print(f"  render PDF from the HTML                        {t_pdf:7.2f} s")
        print(
            f"  HTML dossier from the store: {t_dossier + t_html:.2f} s, "
            f"{(t_dossier + t_html) / t_html:.1f}x rendering the HTML alone"
        )
        print(f"  PDF dossier from the store:  {t_dossier + t_html + t_pdf:.2f} s, "
              f"{(t_dossier + t_html + t_pdf) / (t_html + t_pdf):.2f}x rendering HTML and PDF "
              "alone")  # fmt: skip
        store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
