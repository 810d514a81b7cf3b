"""Helpers shared by the tests: backends, a CLI runner, raw database access for tampering."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from dadkhah.cli import app
from dadkhah.config import Settings
from dadkhah.store import Store

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
PG_URL = os.environ.get(
    "DADKHAH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used for tests, or None when it answers."""
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as err:  # any driver or network error means: not available
        return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"


def new_schema_name() -> str:
    return f"dadkhah_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"


def drop_schema(schema: str) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def open_store(env: dict[str, str]) -> Store:
    return Store.open(Settings.from_env(env))


@contextmanager
def raw_db(env: dict[str, str]):
    """A plain SQLAlchemy connection to the store's database, for tampering in tests."""
    settings = Settings.from_env(env)
    engine = create_engine(settings.database_url)
    with engine.begin() as conn:
        if settings.database_schema:
            conn.execute(text(f'SET search_path TO "{settings.database_schema}"'))
        yield conn
    engine.dispose()


def run_cli(args: list[str], env: dict[str, str] | None = None, input: str | None = None):
    """Run the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()
    return runner.invoke(app, args, env=env, input=input, catch_exceptions=False)


def write_files(folder: Path, files: dict[str, bytes | str]) -> list[Path]:
    out = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        out.append(path)
    return out


class FixtureServer:
    """A local HTTP server on 127.0.0.1 with the routes the capture tests need."""

    def __init__(self, routes):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        table = routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the http.server API
                route = table.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                route(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def make_pdf(pages: list[str | None], title: str | None = None) -> bytes:
    """A small valid PDF; each page shows its lines of text, or nothing when None."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for page_text in pages:
        if page_text is None:
            stream = b""
        else:
            lines = [
                ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                for ln in page_text.split("\n")
            ]
            ops = ["BT /F1 11 Tf 14 TL 72 740 Td"] + [f"({ln}) Tj T*" for ln in lines] + ["ET"]
            stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(b"<< /Title (%s) >>" % title.encode("latin-1")) if title else None
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
