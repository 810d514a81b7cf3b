"""purge: bytes go, hash, metadata and a purged custody entry with the reason stay."""

from pathlib import Path

import pytest

from dadkhah.errors import InputError, NotFound
from dadkhah.evidence import IngestOptions, ingest, purge, verify
from dadkhah.parse import parse_documents
from testing import open_store, run_cli, write_files


@pytest.fixture
def preserved_testimony(env, tmp_path):
    (path,) = write_files(
        tmp_path, {"preserved_testimony.txt": "Witness name: Example Person [CONFIDENTIAL]"}
    )
    store = open_store(env)
    (o,) = ingest(
        store, [str(path)], IngestOptions(actor="tester", sensitivity="confidential")
    ).outcomes
    with store.write("tester") as tx:
        tx.add_span(o.document_id, 0, 13, "Witness name:")
    parse_documents(store, [o.document_id], "tester")
    with store.read() as tx:
        assert [h.record_id for h in tx.search("Witness")] == [o.document_id]
    return store, o, path


def test_purge_removes_bytes_keeps_hash_and_logs_reason(preserved_testimony):
    store, o, _ = preserved_testimony
    result = run_cli(
        ["--user", "lead", "purge", o.document_id, "--reason", "witness withdrew consent"]
    )
    assert result.exit_code == 0, result.stderr
    assert "1 file(s) removed" in result.stdout
    assert not store.blob_path(o.sha256).exists()
    with store.read() as tx:
        doc = tx.get_document(o.document_id)
        blob = tx.get_blob(o.sha256)
        entries = tx.custody_for([doc.id])
        spans = tx.spans(doc.id)
    assert doc.status == "purged" and doc.blob_sha256 == o.sha256
    assert blob.purged and blob.purge_reason == "witness withdrew consent"
    assert entries[-1].action == "purged" and entries[-1].actor == "lead"
    assert entries[-1].details["reason"] == "witness withdrew consent"
    assert [s.text for s in spans] == [None]
    with store.read() as tx:
        assert tx.search("Witness") == []  # its text is no longer findable
    report = verify(store)
    assert report.ok and report.purged == [o.sha256]
    shown = run_cli(["verify"])
    assert shown.exit_code == 0 and "1 purged" in shown.stdout
    history = run_cli(["history", o.document_id])
    assert "purged" in history.stdout and "ingested" in history.stdout


def test_purge_needs_a_reason_and_an_existing_document(preserved_testimony):
    store, o, _ = preserved_testimony
    with pytest.raises(InputError, match="reason"):
        purge(store, o.document_id, "  ", "tester")
    with pytest.raises(NotFound):
        purge(store, "doc-0000000000000000", "gone", "tester")
    assert run_cli(["purge", "doc-0000000000000000", "--reason", "x"]).exit_code == 1
    assert store.blob_path(o.sha256).exists()


def test_documents_sharing_the_bytes_are_purged_with_it(preserved_testimony):
    store, o, path = preserved_testimony
    (other,) = ingest(
        store, [str(path)], IngestOptions(actor="tester", source="Other NGO")
    ).outcomes
    assert other.status == "new_origin"
    result = purge(store, o.document_id, "withdrawn", "tester")
    assert set(result.documents) == {o.document_id, other.document_id}
    with store.read() as tx:
        assert tx.get_document(other.document_id).purged


def test_purged_bytes_that_reappear_are_reported(preserved_testimony):
    store, o, path = preserved_testimony
    purge(store, o.document_id, "withdrawn", "tester")
    store.blob_path(o.sha256).parent.mkdir(parents=True, exist_ok=True)
    store.blob_path(o.sha256).write_bytes(path.read_bytes())
    assert [p.kind for p in verify(store).problems] == ["purged_present"]
    purge(store, o.document_id, "withdrawn", "tester")
    assert verify(store).ok


def test_a_document_sharing_the_text_loses_its_own_bytes_too(env, tmp_path):
    crlf, lf = write_files(
        tmp_path,
        {
            "crlf.txt": b"Witness: K-31\r\nHe saw the shooting.\r\n",
            "lf.txt": b"Witness: K-31\nHe saw the shooting.\n",
        },
    )
    store = open_store(env)
    from dadkhah.pipeline import ingest_and_parse

    report, _ = ingest_and_parse(store, [str(lf), str(crlf)], IngestOptions(actor="tester"))
    by_name = {Path(o.item).name: o for o in report.outcomes}
    result = purge(store, by_name["lf.txt"].document_id, "withdrawn", "tester")
    assert set(result.documents) == {o.document_id for o in report.outcomes}
    for o in report.outcomes:
        assert not store.blob_path(o.sha256).exists()
    assert verify(store).ok


def test_purged_bytes_are_not_stored_again(preserved_testimony, tmp_path):
    store, o, path = preserved_testimony
    purge(store, o.document_id, "withdrawn", "tester")
    (again,) = ingest(store, [str(path)], IngestOptions(actor="tester", source="Other")).outcomes
    assert again.status == "failed" and "were purged" in again.message
    assert not store.blob_path(o.sha256).exists()
    assert verify(store).ok
