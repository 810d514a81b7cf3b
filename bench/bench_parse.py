"""Benchmark: the parse stage against trafilatura's bare extract() on the same pages.

    make bench                            # 2,000 generated news pages
    BENCH_PAGES=300 python bench/bench_parse.py

Three timings over the same generated pages, in one run:
  baseline   trafilatura.extract(html) alone, in this process;
  readers    dadkhah's parse_bytes (reader, paragraphs, posts) plus language labelling;
  stage      the whole stage on ingested documents: read blob, check hash, parse in the worker
             process, label languages, store the text blob, paragraphs, posts and custody.
The target is stage / baseline under 1.5.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from dadkhah.config import Settings
from dadkhah.evidence import IngestOptions, ingest
from dadkhah.parse import language, parse_bytes, parse_documents
from dadkhah.store import Store

PAGES = int(os.environ.get("BENCH_PAGES", 2000))

WORDS_EN = [
    "protesters",
    "security",
    "forces",
    "killed",
    "arrested",
    "detained",
    "according",
    "to",
    "rights",
    "group",
    "said",
    "officials",
    "city",
    "province",
    "hospital",
    "families",
    "bodies",
    "witnesses",
    "reported",
    "at",
    "least",
    "more",
    "than",
    "dozens",
    "hundreds",
    "demonstrations",
    "fuel",
    "prices",
    "internet",
    "shutdown",
]
WORDS_DE = [
    "Demonstranten",
    "Sicherheitskräfte",
    "getötet",
    "festgenommen",
    "nach",
    "Angaben",
    "der",
    "Menschenrechtler",
    "mindestens",
    "Dutzende",
    "Krankenhaus",
    "Familien",
    "Zeugen",
    "berichteten",
    "Stadt",
    "Provinz",
]
WORDS_FA = [
    "معترضان",
    "نیروهای",
    "امنیتی",
    "کشته",
    "بازداشت",
    "به",
    "گزارش",
    "دست\u200cکم",
    "بیش",
    "از",
    "شهر",
    "استان",
    "بیمارستان",
    "خانواده\u200cها",
    "شاهدان",
    "اعتراضات",
]


def sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(12, 28))).capitalize() + "."


def page(i: int, rng: random.Random) -> str:
    words = rng.choices([WORDS_EN, WORDS_DE, WORDS_FA], weights=[6, 2, 2])[0]
    paras = "\n".join(
        f"<p>{' '.join(sentence(rng, words) for _ in range(rng.randint(2, 5)))} "
        f"{rng.randint(2, 2000)} people.</p>"
        for _ in range(rng.randint(5, 14))
    )
    tweet = ""
    if i % 5 == 0:
        tweet = (
            '<blockquote class="twitter-tweet"><p lang="en">Reports of gunfire near the square, '
            f"at least {rng.randint(3, 40)} wounded https://t.co/x{i}</p>&mdash; Monitor "
            f'(@monitor{i % 7}) <a href="https://twitter.com/monitor/status/{1000 + i}">'
            "November 18, 2019</a></blockquote>"
        )
    most_read = "".join(f'<li><a href="/a{k}">Story {k}</a></li>' for k in range(8))
    return f"""<!DOCTYPE html><html><head><title>Report {i}: events in the provinces</title>
<meta name="author" content="Reporter {i % 13}"><meta property="og:site_name" content="Bench News">
<meta property="article:published_time" content="2019-11-{i % 28 + 1:02d}T08:00:00Z"></head>
<body><nav><ul>{"".join(f'<li><a href="/s{k}">Section {k}</a></li>' for k in range(12))}</ul></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<main><article><h1>Report {i}: events in the provinces</h1>
<p class="byline">By Reporter {i % 13}</p>{paras}{tweet}</article></main>
<aside><h3>Most read</h3><ul>{most_read}</ul></aside>
<footer><p>© Bench News. All rights reserved.</p></footer></body></html>"""


def main() -> int:
    rng = random.Random(1398)
    work = Path(tempfile.mkdtemp(prefix="dadkhah-bench-parse-"))
    try:
        folder = work / "pages"
        folder.mkdir()
        pages = []
        for i in range(PAGES):
            data = page(i, rng).encode()
            (folder / f"page-{i:05d}.html").write_bytes(data)
            pages.append(data)
        total_mb = sum(map(len, pages)) / 1024 / 1024
        language.detect("warm up the language detector once, outside the timings")
        trafilatura.extract(pages[0])

        start = time.perf_counter()
        for data in pages:
            trafilatura.extract(data)
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        for i, data in enumerate(pages):
            doc = parse_bytes(data, "text/html", f"page-{i}.html")
            language.label(doc.text, doc.paragraphs)
        readers = time.perf_counter() - start

        store = Store.open(Settings.from_env({"DADKHAH_HOME": str(work / "store")}))
        report = ingest(store, [str(folder)], IngestOptions(actor="bench", sensitivity="public"))
        ids = [o.document_id for o in report.outcomes]
        start = time.perf_counter()
        outcomes = parse_documents(store, ids, "bench")
        stage = time.perf_counter() - start
        failed = [o for o in outcomes if o.status != "parsed"]
        assert not failed, failed[:3]
        store.close()

        print(f"{PAGES:,} generated pages, {total_mb:.1f} MB\n")
        print(f"{'run':<34} {'seconds':>8} {'docs/s':>8} {'MB/s':>7} {'vs extract()':>13}")
        for label, took in (
            ("trafilatura.extract() (baseline)", baseline),
            ("readers + languages", readers),
            ("whole parse stage (with store)", stage),
        ):
            print(
                f"{label:<34} {took:>8.2f} {PAGES / took:>8.1f} {total_mb / took:>7.2f} "
                f"{took / baseline:>12.2f}x"
            )
        print(
            "\nratio = time / trafilatura.extract() time on the same pages in this run; "
            "target for the whole stage: under 1.5x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
