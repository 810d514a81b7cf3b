"""URL capture against a local server: body as original, WARC as derived, limits enforced."""

import contextlib
import gzip
import hashlib
import io
import time

import pytest
from warcio.archiveiterator import ArchiveIterator

from dadkhah.evidence import IngestOptions, ingest
from dadkhah.evidence.blobs import BlobStore
from testing import FixtureServer, run_cli

PAGE = (
    "<!DOCTYPE html><html><head><title>Mahshahr</title></head>"
    "<body><p>At least 40 people were killed — گزارش</p></body></html>"
).encode()


def _send(handler, status, body=b"", headers=()):
    handler.send_response(status)
    for k, v in headers:
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _page(h):
    _send(h, 200, PAGE, [("Content-Type", "text/html; charset=utf-8")])


def _gzip_page(h):
    _send(
        h, 200, gzip.compress(PAGE), [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    )


def _redirect(to):
    return lambda h: _send(h, 302, b"moved", [("Location", to)])


def _slow(h):
    time.sleep(4)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        _page(h)  # the client may have given up, as it should


def _huge_declared(h):
    h.send_response(200)
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    h.wfile.write(b"x" * 1024)


def _huge_chunked(h):
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"y" * 65536
    try:
        for _ in range(40):  # 2.5 MB, no length announced
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        h.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass


ROUTES = {
    "/article": _page,
    "/gz": _gzip_page,
    "/old": _redirect("/mid"),
    "/mid": _redirect("/article"),
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/slow": _slow,
    "/huge": _huge_declared,
    "/huge-chunked": _huge_chunked,
}


@pytest.fixture(scope="module")
def server():
    with FixtureServer(ROUTES) as srv:
        yield srv


def _opts(**kw):
    return IngestOptions(actor="tester", **kw)


def _warc_records(store, doc):
    warc_sha = doc.capture["warc_sha256"]
    data = store.blob_path(warc_sha).read_bytes()
    assert hashlib.sha256(data).hexdigest() == warc_sha
    records = []
    for rec in ArchiveIterator(io.BytesIO(data)):
        body = rec.content_stream().read()
        status = rec.http_headers.get_statuscode() if rec.rec_type == "response" else None
        records.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), status, body))
    return records


def test_url_capture_keeps_body_warc_redirects_and_custody(store, server):
    url = server.base + "/old"
    (o,) = ingest(store, [url], _opts(source="Tehran Monitor")).outcomes
    assert o.status == "new" and o.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert store.blob_path(o.sha256).read_bytes() == PAGE
    with store.read() as tx:
        doc = tx.get_document(o.document_id)
        entries = tx.custody_for([doc.id, f"blob-{doc.capture['warc_sha256']}"])
        warc_blob = tx.get_blob(doc.capture["warc_sha256"])
    assert doc.origin == url and doc.origin_kind == "url" and doc.media_type == "text/html"
    assert doc.capture["final_url"] == server.base + "/article"
    assert doc.capture["status"] == 200
    assert [r["status"] for r in doc.capture["redirects"]] == [302, 302]
    assert ["content-type", "text/html; charset=utf-8"] in [
        [k.lower(), v] for k, v in doc.capture["headers"]
    ]
    assert warc_blob.role == "warc" and warc_blob.parent_sha256 == o.sha256
    assert [e.action for e in entries] == ["captured", "derived"]
    records = _warc_records(store, doc)
    kinds = [(r[0], r[1].removeprefix(server.base) if r[1] else None, r[2]) for r in records]
    assert kinds == [
        ("warcinfo", None, None),
        # warcio writes each pair response first, request second (both linked)
        ("response", "/old", "302"),
        ("request", "/old", None),
        ("response", "/mid", "302"),
        ("request", "/mid", None),
        ("response", "/article", "200"),
        ("request", "/article", None),
    ]
    assert records[-2][3] == PAGE


def test_same_url_same_bytes_is_seen_again_with_a_new_warc(store, server):
    url = server.base + "/article"
    first = ingest(store, [url], _opts()).outcomes[0]
    time.sleep(0.01)
    again = ingest(store, [url], _opts()).outcomes[0]
    assert again.status == "seen_again" and again.document_id == first.document_id
    with store.read() as tx:
        assert [e.action for e in tx.custody_for([first.document_id])] == ["captured", "seen_again"]


def test_compressed_response_is_stored_decoded(store, server):
    (o,) = ingest(store, [server.base + "/gz"], _opts()).outcomes
    assert store.blob_path(o.sha256).read_bytes() == PAGE


@pytest.mark.parametrize(
    ("path", "kw", "expected"),
    [
        ("/loop-a", {}, "redirect loop"),
        ("/slow", {"timeout": 1.0}, "within 1 s"),
        ("/huge", {"max_bytes": 1_000_000}, "announces 52,428,800 bytes"),
        ("/huge-chunked", {"max_bytes": 1_000_000}, "larger than the limit of 1,000,000 bytes"),
        ("/missing", {}, "HTTP 404"),
    ],
)
def test_capture_failures_are_named_and_keep_nothing(store, server, path, kw, expected):
    (o,) = ingest(store, [server.base + path], _opts(**kw)).outcomes
    assert o.status == "failed" and expected in o.message
    with store.read() as tx:
        assert tx.document_count() == 0
    assert list(BlobStore(store.settings.blob_dir).files()) == []
    assert not list((store.settings.blob_dir / ".tmp").glob("*.part"))


def test_too_many_redirects(store, server):
    (o,) = ingest(store, [server.base + "/old"], _opts(max_redirects=1)).outcomes
    assert o.status == "failed" and "more than 1 redirects" in o.message


def test_cli_captures_a_url_and_reports_failures(env, server):
    result = run_cli(
        ["ingest", server.base + "/article", server.base + "/loop-a", "--timeout", "5"]
    )
    assert result.exit_code == 1
    assert "redirect loop" in result.stderr and "1 new" in result.stdout
