"""Benchmark: the extract stage against the parse stage on the same corpus, in the same run.

    make bench                                  # about 10 MB of generated reports
    BENCH_EXTRACT_MB=2 python bench/bench_extract.py   # a quick look

A corpus of plain-text reports in English, German, Persian and French (sentences shaped like
news prose, with figures, hedges and sources) is ingested, then timed twice:
  parse      the parse stage on every document (decode, paragraphs, languages, text blob);
  extract    the extract stage on every document (claims, entities, stored with their spans),
             one worker process per core.
Figures: words per second for each, the extract/parse time ratio, and the peak memory of the
whole process tree (this process and its workers), sampled while each stage ran.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_parse import CITIES, SENTENCES  # noqa: E402

from dadkhah.config import Settings  # noqa: E402
from dadkhah.evidence import IngestOptions, ingest  # noqa: E402
from dadkhah.extract import extract_documents  # noqa: E402
from dadkhah.parse import parse_documents  # noqa: E402
from dadkhah.store import Store  # noqa: E402

TARGET_MB = float(os.environ.get("BENCH_EXTRACT_MB", 10))
SOURCES = ["Amnesty International", "Iran Human Rights", "HRANA", "Hengaw", "the judiciary"]


def report(i: int, rng: random.Random) -> str:
    language = rng.choices(list(SENTENCES), weights=[5, 2, 2, 1])[0]
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            s = rng.choice(SENTENCES[language]).format(
                city=rng.choice(CITIES),
                n=rng.randint(2, 2000),
                group=rng.choice(SOURCES),
            )
            sentences.append(s)
        paragraphs.append(" ".join(sentences))
    return f"Report {i}\n\n" + "\n\n".join(paragraphs) + "\n"


class PeakMemory:
    """Largest total resident memory of this process and its descendants, sampled."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(me))
            self._stop.wait(0.1)


def _tree_rss(root: int) -> int:
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total = 0
    for pid in rss:
        p = pid
        while p and p != root:
            p = parents.get(p, 0)
        if p == root:
            total += rss[pid]
    return total


def main() -> int:
    rng = random.Random(1988)
    work = Path(tempfile.mkdtemp(prefix="dadkhah-bench-extract-"))
    try:
        folder = work / "reports"
        folder.mkdir()
        size = words = i = 0
        while size < TARGET_MB * 1024 * 1024:
            text = report(i, rng)
            data = text.encode("utf-8")
            (folder / f"report-{i:05d}.txt").write_bytes(data)
            size, words, i = size + len(data), words + len(text.split()), i + 1
        store = Store.open(Settings.from_env({"DADKHAH_HOME": str(work / "store")}))
        done = ingest(store, [str(folder)], IngestOptions(actor="bench", sensitivity="public"))
        ids = [o.document_id for o in done.outcomes]

        with PeakMemory() as parse_memory:
            start = time.perf_counter()
            parsed = parse_documents(store, ids, "bench")
            parse_time = time.perf_counter() - start
        assert all(p.status == "parsed" for p in parsed)
        with PeakMemory() as extract_memory:
            start = time.perf_counter()
            extracted = extract_documents(store, ids, "bench")
            extract_time = time.perf_counter() - start
        assert all(o.status == "extracted" for o in extracted), extracted[:3]
        claims = sum(o.claims for o in extracted)
        store.close()

        mb = size / 1024 / 1024
        print(f"{i:,} generated reports, {mb:.1f} MB, {words:,} words, {claims:,} claims found\n")
        print(f"{'stage':<10} {'seconds':>8} {'words/s':>10} {'MB/s':>6} {'peak MB':>8}")
        for label, took, memory in (
            ("parse", parse_time, parse_memory.peak),
            ("extract", extract_time, extract_memory.peak),
        ):
            print(
                f"{label:<10} {took:>8.2f} {words / took:>10,.0f} {mb / took:>6.2f} "
                f"{memory / 1024 / 1024:>8.0f}"
            )
        print(
            f"\nextract / parse time on the same corpus: {extract_time / parse_time:.2f}x "
            f"({store.settings.worker_processes} worker processes on {os.cpu_count()} cores); "
            "peak MB is the resident memory of this process and its workers"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
