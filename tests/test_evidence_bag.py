"""export bag: a BagIt bag that bagit's own validator accepts, with custody that re-hashes."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from dadkhah.errors import IntegrityError
from dadkhah.evidence import IngestOptions, export_bag, ingest, purge
from dadkhah.store import GENESIS, entry_hash
from testing import open_store, run_cli, write_files

BAGIT = Path(sys.executable).with_name("bagit.py")


@pytest.fixture
def three(env, tmp_path):
    paths = write_files(
        tmp_path / "in",
        {
            "article.html": "<html><body>at least 304</body></html>",
            "../evil name?.txt": "hostile file name",
            "list.csv": "name\nمحمد\n",
        },
    )
    store = open_store(env)
    report = ingest(store, [str(p) for p in paths], IngestOptions(actor="tester", source="NGO"))
    return store, {Path(o.item).name: o for o in report.outcomes}


def test_bag_validates_with_bagit_and_holds_originals_metadata_and_custody(three, tmp_path):
    store, docs = three
    out = tmp_path / "case-bag"
    with store.read() as tx:
        head_before = str(tx.head())
    result = run_cli(["export", "bag", str(out)])
    assert result.exit_code == 0, result.stderr
    check = subprocess.run([str(BAGIT), "--validate", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert (out / "manifest-sha256.txt").exists() and (out / "manifest-sha512.txt").exists()
    assert bagit.Bag(str(out)).info["Dadkhah-Custody-Head"] == head_before
    for _name, o in docs.items():
        folder = out / "data" / "documents" / o.document_id
        meta = json.loads((folder / "document.json").read_text())
        (original,) = (folder / "original").iterdir()
        assert hashlib.sha256(original.read_bytes()).hexdigest() == o.sha256
        assert meta["document"]["blob_sha256"] == o.sha256 and meta["source"]["name"] == "NGO"
        assert original.parent == folder / "original"  # a hostile name cannot climb out
    entries = [
        json.loads(line) for line in (out / "data" / "custody.jsonl").read_text().splitlines()
    ]
    assert {e["object_id"] for e in entries} >= {o.document_id for o in docs.values()}
    for e in entries:
        assert e["hash"] == entry_hash(
            e["prev_hash"],
            e["seq"],
            e["time"],
            e["actor"],
            e["action"],
            e["object_id"],
            e["object_hash"],
            e["details"],
        )
    assert entries[0]["prev_hash"] == GENESIS
    with store.read() as tx:
        exported = [e for e in tx.custody() if e.action == "exported"]
    assert len(exported) == 3 and exported[0].details["path"] == str(out.absolute())


def test_bag_of_some_documents_with_a_purged_one(three, tmp_path):
    store, docs = three
    keep, gone = docs["article.html"], docs["list.csv"]
    purge(store, gone.document_id, "consent withdrawn", "tester")
    out = tmp_path / "bag2"
    result = export_bag(store, out, [keep.document_id, gone.document_id], "tester")
    assert sorted(result.documents) == sorted([keep.document_id, gone.document_id])
    assert bagit.Bag(str(out)).is_valid()
    gone_dir = out / "data" / "documents" / gone.document_id
    assert not (gone_dir / "original").exists()
    meta = json.loads((gone_dir / "document.json").read_text())
    assert meta["document"]["status"] == "purged" and meta["blobs"][0]["file"] is None
    assert not (out / "data" / "documents" / docs["evil name?.txt"].document_id).exists()


def test_export_refuses_altered_bytes_existing_output_and_unknown_ids(three, tmp_path):
    store, docs = three
    existing = tmp_path / "full"
    existing.mkdir()
    (existing / "x").write_text("x")
    assert "already exists" in run_cli(["export", "bag", str(existing)]).stderr
    bad = run_cli(["export", "bag", str(tmp_path / "b"), "--document", "doc-0000000000000000"])
    assert bad.exit_code == 1 and "no such document" in bad.stderr
    victim = store.blob_path(docs["article.html"].sha256)
    victim.write_bytes(b"tampered")
    with pytest.raises(IntegrityError, match="no longer matches"):
        export_bag(store, tmp_path / "c", None, "tester")
    assert not (tmp_path / "c").exists()
    assert not list(tmp_path.glob(".c.partial-*"))
