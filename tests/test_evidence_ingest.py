"""Ingest: content addressing, one document per origin, folder walks and bad input."""

import hashlib
import os
import socket
from pathlib import Path

import pytest

from dadkhah.evidence import IngestOptions, ingest
from dadkhah.evidence.blobs import BlobStore
from testing import open_store, run_cli, write_files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = "<!DOCTYPE html><html><head><title>t</title></head><body><p>۳۰۴ killed</p></body></html>"


def _opts(**kw):
    return IngestOptions(actor="tester", **kw)


def test_file_is_stored_by_its_sha256_with_metadata_and_custody(store, tmp_path):
    (path,) = write_files(tmp_path / "in", {"report.pdf": PDF})
    report = ingest(
        store, [str(path)], _opts(source="Gulf Rights Observatory", sensitivity="public")
    )
    (o,) = report.outcomes
    sha = hashlib.sha256(PDF).hexdigest()
    assert (o.status, o.sha256, o.media_type) == ("new", sha, "application/pdf")
    blob_path = store.blob_path(sha)
    assert blob_path.name == sha and blob_path.read_bytes() == PDF
    with store.read() as tx:
        doc = tx.get_document(o.document_id)
        src = tx.get_source(doc.source_id)
        entries = tx.custody_for([doc.id])
    assert doc.original_filename == "report.pdf" and doc.size == len(PDF)
    assert doc.origin == str(path.absolute()) and doc.sensitivity == "public"
    assert doc.file_mtime.endswith("Z") and src.name == "Gulf Rights Observatory"
    assert [(e.action, e.object_hash, e.actor) for e in entries] == [("ingested", sha, "tester")]
    assert entries[0].details["original_filename"] == "report.pdf"


def test_same_bytes_same_origin_is_seen_again_and_other_source_is_a_new_document(store, tmp_path):
    (path,) = write_files(tmp_path, {"a.html": HTML})
    first = ingest(store, [str(path)], _opts()).outcomes[0]
    again = ingest(store, [str(path)], _opts()).outcomes[0]
    other = ingest(store, [str(path)], _opts(source="Another NGO")).outcomes[0]
    copy = write_files(tmp_path / "copy", {"a.html": HTML})[0]
    moved = ingest(store, [str(copy)], _opts()).outcomes[0]
    assert first.status == "new" and first.media_type == "text/html"
    assert (again.status, again.document_id) == ("seen_again", first.document_id)
    assert other.status == "new_origin" and other.document_id != first.document_id
    assert moved.status == "new_origin"
    assert len({first.sha256, other.sha256, moved.sha256}) == 1
    with store.read() as tx:
        assert tx.document_count() == 3 and tx.blob_count() == 1
        actions = [e.action for e in tx.custody_for([first.document_id])]
    assert actions == ["ingested", "seen_again"]
    assert list(BlobStore(store.settings.blob_dir).files()) == [first.sha256]


def test_folder_walk_skips_loops_pipes_sockets_and_the_store_itself(env, tmp_path):
    root = tmp_path / "corpus"
    write_files(root, {"a.txt": "one", "sub/b.txt": "two", "sub/deeper/c.txt": "three"})
    os.symlink("..", root / "sub" / "up")  # a loop
    os.symlink(root / "nowhere", root / "dangling")
    os.mkfifo(root / "pipe")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock"))
    env = env | {"DADKHAH_HOME": str(root / "store")}
    store = open_store(env)
    try:
        report = ingest(store, [str(root)], _opts())
    finally:
        sock.close()
    by_status = {}
    for o in report.outcomes:
        by_status.setdefault(o.status, []).append(Path(o.item).name)
    assert sorted(by_status["new"]) == ["a.txt", "b.txt", "c.txt"]
    assert sorted(by_status["skipped"]) == ["pipe", "sock", "store", "up"]
    assert by_status["failed"] == ["dangling"]
    messages = {Path(o.item).name: o.message for o in report.outcomes}
    assert "loop" in messages["up"] and "FIFO" in messages["pipe"] and "socket" in messages["sock"]


def test_bad_items_fail_one_by_one_and_the_batch_goes_on(store, tmp_path, monkeypatch):
    good, empty, big, locked = write_files(
        tmp_path, {"good.txt": "fine", "empty.txt": b"", "big.bin": b"x" * 2000, "locked.txt": "no"}
    )
    real_put = BlobStore.put_file

    def put_file(self, path, max_bytes=None, sync_dir=True):
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_put(self, path, max_bytes, sync_dir)

    monkeypatch.setattr(BlobStore, "put_file", put_file)
    items = [
        str(tmp_path / "missing.txt"),
        str(empty),
        str(big),
        str(locked),
        "ftp://example.org/file",
        "file:///etc/passwd",
        str(good),
    ]
    report = ingest(store, items, _opts(max_bytes=1000))
    msgs = {
        Path(o.item).name if "://" not in o.item else o.item: (o.status, o.message)
        for o in report.outcomes
    }
    assert msgs["missing.txt"] == ("failed", "no such file or directory")
    assert msgs["empty.txt"][0] == "failed" and "empty" in msgs["empty.txt"][1]
    assert msgs["big.bin"][0] == "failed" and "2,000 bytes" in msgs["big.bin"][1]
    assert "1,000" in msgs["big.bin"][1]
    assert msgs["locked.txt"] == ("failed", "permission denied")
    assert "not an http(s) URL" in msgs["ftp://example.org/file"][1]
    assert "scheme: file" in msgs["file:///etc/passwd"][1]
    assert msgs["good.txt"][0] == "new"
    assert len(report.failed) == 6
    with store.read() as tx:
        assert tx.document_count() == 1
    assert not list((store.settings.blob_dir / ".tmp").glob("*.part"))


def test_cli_ingest_names_each_failed_item_and_exits_1(env, tmp_path):
    (good,) = write_files(tmp_path, {"note.txt": "testimony"})
    result = run_cli(
        ["ingest", str(good), str(tmp_path / "nope.txt"), "--sensitivity", "confidential"]
    )
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr
    assert "1 new" in result.stdout and "1 failed" in result.stdout
    ok = run_cli(
        ["--user", "ana", "ingest", str(good), "--sensitivity", "confidential", "--format", "json"]
    )
    assert ok.exit_code == 0 and '"status": "seen_again"' in ok.stdout
    store = open_store(env)
    with store.read() as tx:
        (doc,) = tx.documents()
        actors = [(e.action, e.actor) for e in tx.custody_for([doc.id])]
    assert doc.sensitivity == "confidential"
    assert actors == [
        ("ingested", "tester"),
        ("parsed", "tester"),
        ("extracted", "tester"),
        ("seen_again", "ana"),
    ]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PDF, "x.bin", "application/pdf"),
        (HTML.encode(), "x.txt", "text/html"),
        ("گزارش ۱۳۹۸/۰۸/۲۴".encode(), "x.dat", "text/plain"),
        ("گزارش".encode("cp1256"), "x", "text/plain"),
        (b"a,b\n1,2\n", "list.csv", "text/csv"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "x.txt", "image/png"),
        (bytes(range(256)) * 4, "x.txt", "application/octet-stream"),
    ],
)
def test_media_type_is_sniffed_from_content(content, name, expected):
    from dadkhah.evidence import sniff

    assert sniff(content, name) == expected


def test_undecodable_file_names_are_kept_visibly_and_do_not_spoil_the_batch(store, tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text("first")
    with open(os.path.join(os.fsencode(folder), b"b-M\xfcller.txt"), "wb") as fh:
        fh.write(b"second")
    (folder / "c.txt").write_text("third")
    report = ingest(store, [str(folder)], _opts())
    assert [o.status for o in report.outcomes] == ["new", "new", "new"]
    with store.read() as tx:
        names = sorted(d.original_filename for d in tx.documents())
    assert names == ["a.txt", "b-M\\xfcller.txt", "c.txt"]
