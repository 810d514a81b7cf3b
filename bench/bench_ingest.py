"""Benchmark: ingest throughput against sha256sum over the same files, in the same run.

    make bench                     # 20,000 small files and 20 files of 50 MB
    BENCH_SMALL=2000 BENCH_LARGE=2 python bench/bench_ingest.py   # a quick look

The floor is `sha256sum` (GNU coreutils) reading and hashing the same files with a warm page
cache; dadkhah must additionally copy every byte, fsync it, and commit one database transaction
and one custody entry per file. Figures are printed as rates and as ratios to that floor.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dadkhah.config import Settings
from dadkhah.evidence import IngestOptions, ingest, verify
from dadkhah.store import Store

SMALL = int(os.environ.get("BENCH_SMALL", 20_000))
LARGE = int(os.environ.get("BENCH_LARGE", 20))
LARGE_MB = int(os.environ.get("BENCH_LARGE_MB", 50))


def make_files(root: Path) -> tuple[list[Path], list[Path]]:
    rng = random.Random(1398)
    small, large = [], []
    for i in range(SMALL):
        path = root / "small" / f"{i // 1000:03d}" / f"report-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(rng.randint(500, 4000)))
        small.append(path)
    block = rng.randbytes(1024 * 1024)
    for i in range(LARGE):
        path = root / "large" / f"video-{i:02d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            for j in range(LARGE_MB):
                fh.write(block[j % 7 :] + block[: j % 7] + i.to_bytes(4, "big"))
        large.append(path)
    return small, large


def time_sha256sum(folder: Path) -> float:
    start = time.perf_counter()
    find = subprocess.Popen(["find", str(folder), "-type", "f", "-print0"], stdout=subprocess.PIPE)
    subprocess.run(
        ["xargs", "-0", "sha256sum"], stdin=find.stdout, stdout=subprocess.DEVNULL, check=True
    )
    find.wait()
    return time.perf_counter() - start


def time_durable_copy(folder: Path, dest: Path) -> float:
    """Second floor: copy every file and fsync it, as any durable store must."""
    start = time.perf_counter()
    for i, path in enumerate(sorted(p for p in folder.rglob("*") if p.is_file())):
        target = dest / f"{i:07d}"
        with open(path, "rb") as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    return time.perf_counter() - start


def time_ingest(store: Store, folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    report = ingest(store, [str(folder)], IngestOptions(actor="bench", sensitivity="public"))
    elapsed = time.perf_counter() - start
    assert not report.failed, report.failed[:3]
    return elapsed, len(report.outcomes)


def main() -> int:
    if not shutil.which("sha256sum"):
        print("sha256sum (coreutils) is needed as the baseline", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="dadkhah-bench-"))
    try:
        print(f"making {SMALL:,} small files and {LARGE} files of {LARGE_MB} MB in {work} ...")
        small, large = make_files(work / "in")
        small_bytes = sum(p.stat().st_size for p in small)
        large_bytes = sum(p.stat().st_size for p in large)
        store = Store.open(Settings.from_env({"DADKHAH_HOME": str(work / "store")}))
        rows = []
        for label, folder, count, size in (
            ("small files", work / "in" / "small", len(small), small_bytes),
            ("50 MB files", work / "in" / "large", len(large), large_bytes),
        ):
            if not count:
                continue
            base = time_sha256sum(folder)
            copy_dir = work / "copy" / label.replace(" ", "-")
            copy_dir.mkdir(parents=True)
            durable = time_durable_copy(folder, copy_dir)
            shutil.rmtree(copy_dir)
            took, n = time_ingest(store, folder)
            assert n == count
            rows.append((label, count, size, base, durable, took))
        start = time.perf_counter()
        report = verify(store)
        verify_s = time.perf_counter() - start
        assert report.ok
        base_all = time_sha256sum(store.settings.blob_dir)
        mb = 1024 * 1024
        print()
        print(
            f"{'workload':<12} {'files':>7} {'MB':>7} {'sha256sum':>10} {'copy+fsync':>11} "
            f"{'dadkhah':>8} {'files/s':>8} {'MB/s':>6} {'vs sha256sum':>13} {'vs copy+fsync':>14}"
        )
        for label, count, size, base, durable, took in rows:
            print(
                f"{label:<12} {count:>7,} {size / mb:>7.1f} {base:>9.2f}s {durable:>10.2f}s "
                f"{took:>7.2f}s {count / took:>8.1f} {size / mb / took:>6.1f} "
                f"{took / base:>12.1f}x {took / durable:>13.1f}x"
            )
        total = small_bytes + large_bytes
        print(
            f"{'verify all':<12} {report.blobs_checked:>7,} {total / mb:>7.1f} {base_all:>9.2f}s "
            f"{'':>11} {verify_s:>7.2f}s {report.blobs_checked / verify_s:>8.1f} "
            f"{total / mb / verify_s:>6.1f} {verify_s / base_all:>12.1f}x"
        )
        print(
            "\nratios = dadkhah time / baseline time over the same files in this run (lower is "
            "better).\nsha256sum reads and hashes; copy+fsync also writes each file durably, "
            "which ingest must do too."
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:.0f} MB")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
