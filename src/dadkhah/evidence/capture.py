"""Capture a URL: the response body as the original, and a WARC of every hop as a derived blob.

Redirects are followed by hand (each hop is recorded), up to a limit and never in a loop; the
whole capture has one deadline and one byte limit. warcio's own ``capture_http`` does not see
httpx traffic, so the WARC request/response records are written here with ``WARCWriter``.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dadkhah import __version__
from dadkhah.errors import CaptureError
from dadkhah.evidence.blobs import BlobStore, StoredBlob, TooLarge
from dadkhah.store import now_iso

REDIRECT_BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class CaptureOptions:
    max_bytes: int = 2 * 1024**3
    timeout: float = 60.0  # seconds for the whole capture, redirects included
    max_redirects: int = 10
    user_agent: str = f"dadkhah/{__version__} (evidence capture)"


@dataclass
class Hop:
    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    time: str
    body: bytes = b""  # kept only for redirect hops; the final body is a blob


@dataclass
class Capture:
    url: str
    final_url: str
    status: int
    headers: list[tuple[str, str]]
    captured_at: str
    body: StoredBlob
    warc: StoredBlob
    hops: list[Hop] = field(default_factory=list)

    def details(self) -> dict:
        """What the custody log and the document record keep of this capture."""
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "captured_at": self.captured_at,
            "headers": [[k, v] for k, v in self.headers],
            "redirects": [
                {"url": h.url, "status": h.status, "location": _header(h.headers, "location")}
                for h in self.hops[:-1]
            ],
            "warc_sha256": self.warc.sha256,
        }


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "none"
        raise CaptureError(
            url, f"not an http(s) URL (scheme: {shown}); only http and https are captured"
        )
    if not parts.hostname:
        raise CaptureError(url, "the URL has no host")


def capture_url(
    url: str, blobs: BlobStore, options: CaptureOptions, client: httpx.Client | None = None
) -> Capture:
    """Fetch ``url`` into the blob store; raises CaptureError naming the URL and the problem."""
    check_url(url)
    own_client = client is None
    if client is None:
        client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(options.timeout),
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "identity"},
        )
    deadline = time.monotonic() + options.timeout
    try:
        return _capture(url, blobs, options, client, deadline)
    finally:
        if own_client:
            client.close()


def _capture(url, blobs, options, client, deadline) -> Capture:
    hops: list[Hop] = []
    seen = {url}
    current = url
    while True:
        try:
            with client.stream("GET", current) as response:
                hop = Hop(
                    url=current,
                    method="GET",
                    request_headers=list(response.request.headers.items()),
                    status=response.status_code,
                    reason=response.reason_phrase,
                    http_version=response.http_version,
                    headers=list(response.headers.items()),
                    time=now_iso(),
                )
                hops.append(hop)
                if response.is_redirect:
                    hop.body = _read_small(response, deadline, url, options)
                    location = response.headers.get("location", "")
                    target = urljoin(current, location)
                    if target in seen:
                        chain = " -> ".join([h.url for h in hops] + [target])
                        raise CaptureError(url, f"redirect loop: {chain}")
                    if len(hops) > options.max_redirects:
                        raise CaptureError(
                            url, f"more than {options.max_redirects} redirects (last: {target})"
                        )
                    check_url(target)
                    seen.add(target)
                    current = target
                    continue
                if response.status_code >= 400:
                    raise CaptureError(
                        url,
                        f"the server answered HTTP {response.status_code} {response.reason_phrase}",
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > options.max_bytes:
                    raise CaptureError(
                        url,
                        f"the server announces {int(declared):,} bytes, above the limit of "
                        f"{options.max_bytes:,} bytes",
                    )
                try:
                    body = blobs.put_chunks(
                        _timed(response.iter_bytes(), deadline, url, options), options.max_bytes
                    )
                except TooLarge as err:
                    raise CaptureError(url, f"the response is {err}; nothing was kept") from err
        except httpx.TimeoutException as err:
            raise CaptureError(
                url, f"no complete answer within {options.timeout:g} s ({type(err).__name__})"
            ) from err
        except httpx.TooManyRedirects as err:  # pragma: no cover - we follow redirects ourselves
            raise CaptureError(url, str(err)) from err
        except httpx.HTTPError as err:
            raise CaptureError(url, f"request failed: {err or type(err).__name__}") from err
        break
    final = hops[-1]
    warc = _write_warc(hops, blobs.path(body.sha256), blobs)
    return Capture(
        url=url,
        final_url=final.url,
        status=final.status,
        headers=final.headers,
        captured_at=final.time,
        body=body,
        warc=warc,
        hops=hops,
    )


def _timed(chunks, deadline, url, options):
    for chunk in chunks:
        if time.monotonic() > deadline:
            raise CaptureError(
                url, f"the download took longer than {options.timeout:g} s; nothing was kept"
            )
        yield chunk


def _read_small(response, deadline, url, options) -> bytes:
    buf = bytearray()
    for chunk in _timed(response.iter_bytes(), deadline, url, options):
        buf += chunk
        if len(buf) > REDIRECT_BODY_LIMIT:
            break
    return bytes(buf[:REDIRECT_BODY_LIMIT])


def _warc_http_headers(hop: Hop) -> StatusAndHeaders:
    kept = []
    for k, v in hop.headers:
        # the body we record is already de-chunked and decoded
        if k.lower() in ("transfer-encoding", "content-encoding"):
            kept.append((f"X-Dadkhah-Removed-{k}", v))
        elif k.lower() == "content-length":
            continue
        else:
            kept.append((k, v))
    protocol = "HTTP/2" if hop.http_version.upper().startswith("HTTP/2") else "HTTP/1.1"
    return StatusAndHeaders(f"{hop.status} {hop.reason}", kept, protocol=protocol)


def _write_warc(hops: list[Hop], body_path, blobs: BlobStore) -> StoredBlob:
    fd, name = tempfile.mkstemp(prefix="capture-", suffix=".warc.gz", dir=blobs.root)
    try:
        with os.fdopen(fd, "wb") as out:
            writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
            info = writer.create_warcinfo_record(
                "capture.warc.gz",
                {"software": f"dadkhah/{__version__}", "format": "WARC File Format 1.1"},
            )
            writer.write_record(info)
            for i, hop in enumerate(hops):
                parts = urlsplit(hop.url)
                target = parts.path or "/"
                if parts.query:
                    target += "?" + parts.query
                req_headers = StatusAndHeaders(
                    f"{hop.method} {target} HTTP/1.1", hop.request_headers, is_http_request=True
                )
                warc_headers = {"WARC-Date": hop.time}
                request = writer.create_warc_record(
                    hop.url,
                    "request",
                    payload=io.BytesIO(b""),
                    length=0,
                    http_headers=req_headers,
                    warc_headers_dict=warc_headers,
                )
                last = i == len(hops) - 1
                body = open(body_path, "rb") if last else io.BytesIO(hop.body)  # noqa: SIM115
                with body:
                    response = writer.create_warc_record(
                        hop.url,
                        "response",
                        payload=body,
                        http_headers=_warc_http_headers(hop),
                        warc_headers_dict=dict(warc_headers),
                    )
                    writer.write_request_response_pair(request, response)
        with open(name, "rb") as fh:
            return blobs.put_chunks(iter(lambda: fh.read(1024 * 1024), b""))
    finally:
        os.unlink(name)
