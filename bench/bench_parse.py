"""Benchmark: the parse stage against trafilatura's bare extract() on the same pages.

    make bench                            # 2,000 generated news pages
    BENCH_PAGES=300 python bench/bench_parse.py

Three timings over the same generated pages, in one run:
  baseline   trafilatura.extract(html) alone, in this process;
  readers    dadkhah's parse_bytes (reader, paragraphs, posts) plus language labelling;
  stage      the whole stage on ingested documents: worker processes (one per core) read each
             blob, check its hash, parse, label languages and store the text blob; this process
             records paragraphs, posts, source links and custody, many documents per transaction.
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
from dadkhah.parse import Worker, language, parse_bytes, parse_documents
from dadkhah.store import Store

PAGES = int(os.environ.get("BENCH_PAGES", 2000))

CITIES = ["Mahshahr", "Shiraz", "Karaj", "Sanandaj", "Ahvaz", "Isfahan", "Tabriz", "Bandar Abbas"]
GROUPS = ["a rights group", "the monitor", "local activists", "hospital staff", "the families"]

# sentence patterns in the shape of news prose (function words and all), filled at random
SENTENCES = {
    "en": [
        "Security forces opened fire on protesters in {city} on the third day of the unrest.",
        "At least {n} people were killed in {city}, according to {group}.",
        "Witnesses said that the bodies were taken away before the families could see them.",
        "The internet shutdown made it hard for reporters to confirm what had happened.",
        "Officials have not published any figures, and the families were warned not to speak.",
        "More than {n} people were arrested in the week after the fuel price rise.",
        "The report is based on interviews with {n} relatives and on hospital records.",
        "Those who were detained have been held without access to a lawyer.",
    ],
    "de": [
        "Die Sicherheitskräfte haben in {city} auf Demonstranten geschossen.",
        "Nach Angaben der Menschenrechtler wurden mindestens {n} Menschen getötet.",
        "Die Familien der Opfer berichteten, dass sie nicht mit der Presse sprechen dürfen.",
        "Mehr als {n} Menschen wurden in der Woche nach der Erhöhung des Benzinpreises "
        "festgenommen.",
        "Zeugen sagten, die Leichen seien von den Behörden abtransportiert worden.",
    ],
    "fa": [
        "نیروهای امنیتی در {city} به سوی معترضان شلیک کردند.",
        "به گزارش یک گروه حقوق بشری دست‌کم {n} نفر کشته شدند.",
        "خانواده‌ها گفتند که اجازه ندادند پیکرها را ببینند.",
        "بیش از {n} نفر در هفته پس از افزایش قیمت بنزین بازداشت شدند.",
        "قطع اینترنت تأیید خبرها را برای خبرنگاران دشوار کرد.",
    ],
    "fr": [
        "Les forces de sécurité ont tiré sur les manifestants à {city}.",
        "Selon une organisation de défense des droits, au moins {n} personnes ont été tuées.",
        "Les familles des victimes disent qu'elles ont été menacées par les autorités.",
        "Plus de {n} personnes ont été arrêtées dans la semaine qui a suivi.",
    ],
}


def sentence(rng: random.Random, language: str) -> str:
    pattern = rng.choice(SENTENCES[language])
    return pattern.format(city=rng.choice(CITIES), n=rng.randint(2, 2000), group=rng.choice(GROUPS))


def page(i: int, rng: random.Random) -> str:
    language = rng.choices(list(SENTENCES), weights=[5, 2, 2, 1])[0]
    paras = "\n".join(
        f"<p>{' '.join(sentence(rng, language) for _ in range(rng.randint(2, 5)))}</p>"
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
        # the workers' fork server loads the language models once per process, like the
        # warm-up calls above: started (and timed) apart from the stage
        start = time.perf_counter()
        with Worker() as worker:
            worker.parse(b"warm up the parse workers", "text/plain", "warm-up.txt")
        startup = time.perf_counter() - start
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
            f"\nonce per process, before the stage: starting the parse workers' fork server "
            f"{startup:.2f} s; the stage runs {store.settings.worker_processes} worker "
            f"process(es) on {os.cpu_count()} core(s)\n"
            "ratio = time / trafilatura.extract() time on the same pages in this run; "
            "target for the whole stage: under 1.5x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
