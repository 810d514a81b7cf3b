"""A SIGKILL in the middle of an ingest loses nothing: verify passes, a re-run completes it."""

import os
import signal
import subprocess
import sys
import time

from dadkhah.evidence import verify
from dadkhah.evidence.blobs import BlobStore
from testing import REPO, open_store, write_files

FILES = 400


def test_killed_ingest_leaves_a_verifiable_store_and_rerun_completes(env, tmp_path):
    corpus = tmp_path / "corpus"
    write_files(
        corpus,
        {
            f"d{i // 50}/report-{i:04d}.txt": f"report {i}: {i * 7} detained\n" * 40
            for i in range(FILES)
        },
    )
    child_env = os.environ | env | {"PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-m", "dadkhah", "ingest", str(corpus)]
    proc = subprocess.Popen(cmd, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    head = tmp_path / "home" / "custody.head"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if head.exists() and int(head.read_text().split(":")[0] or 0) >= 40:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "ingest finished before it could be killed; raise FILES"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)

    store = open_store(env)
    with store.read() as tx:
        done = tx.document_count()
    assert 0 < done < FILES
    report = verify(store)
    assert report.ok, report.problems

    rerun = subprocess.run(cmd, env=child_env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{FILES - done} new" in rerun.stdout and f"{done} seen again" in rerun.stdout
    with store.read() as tx:
        docs = tx.documents()
        blob_rows = {b.sha256 for b in tx.blobs()}
    assert len(docs) == FILES and len({d.origin for d in docs}) == FILES
    blob_files = set(BlobStore(store.settings.blob_dir).files())
    assert blob_files == blob_rows and len(blob_rows) == FILES
    assert not list((store.settings.blob_dir / ".tmp").glob("*.part"))
    final = verify(store)
    assert final.ok and not final.notes
