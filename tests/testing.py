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


# ---- the web UI ------------------------------------------------------------------------------

PASSWORD = "correct horse battery"
WEB_USERS = {"ada": "admin", "ana": "analyst", "vic": "viewer"}
WITNESS = "Mehdi Kianpour"  # the confidential name in examples/testimonies
HOSTILE_HTML = """<!doctype html><html><head><title>Hostile page</title>
<script>window.__pwned = 'script';</script>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">
</head><body>
<article><h1>Hostile page</h1>
<p>Rights groups said at least 41 people were killed in the town on Friday.</p>
<p><img src="x" onerror="window.__pwned='onerror'"> <a href="javascript:window.__pwned='link'"
 id="jslink">click here</a> <b onmouseover="window.__pwned='hover'">hover</b></p>
<svg onload="window.__pwned='svg'"><script>window.__pwned='svgscript'</script></svg>
<iframe srcdoc="&lt;script&gt;parent.__pwned='iframe'&lt;/script&gt;"></iframe>
<form action="javascript:window.__pwned='form'"><button id="jsform">go</button></form>
<p>&lt;script&gt;window.__pwned='text'&lt;/script&gt; is shown as text.</p>
<style>body { background: url(javascript:window.__pwned='css') }</style>
</article></body></html>"""
_WEB_TEMPLATE: dict[str, Path] = {}


def _build_web_store(home: Path) -> None:
    """The example articles, report and testimony (confidential), the analyst's records, two
    victim lists linked, a hostile HTML page, a confidential witness, and three users."""
    import tempfile

    from dadkhah.access import add_user
    from dadkhah.evidence import IngestOptions
    from dadkhah.know import import_records
    from dadkhah.link import import_list
    from dadkhah.link.run import run_linkage
    from dadkhah.pipeline import ingest_and_parse

    store = open_store({"DADKHAH_HOME": str(home)})
    try:
        for folder, level in (("articles", "public"), ("reports", "public"),
                              ("testimonies", "confidential")):  # fmt: skip
            files = sorted(str(p) for p in (EXAMPLES / folder).iterdir() if p.suffix != ".md")
            ingest_and_parse(store, files, IngestOptions("tester", "examples", level))
        with tempfile.TemporaryDirectory() as tmp:
            (hostile,) = write_files(Path(tmp), {"hostile.html": HOSTILE_HTML})
            ingest_and_parse(store, [str(hostile)], IngestOptions("tester", None, "public"))
        import_records(store, EXAMPLES / "knowledge" / "analyst-records.jsonl", "tester")
        for name in ("list-a-en.csv", "list-b-fa.csv"):
            import_list(store, EXAMPLES / "lists" / name, name, "tester")
        run_linkage(store, ["list-a-en.csv", "list-b-fa.csv"], "tester")
        with store.read() as tx:
            (aban,) = tx.find_events("Aban 1398")
            testimony = next(d for d in tx.documents() if d.sensitivity == "confidential")
            secret_claims = tx.claims(document_id=testimony.id)
        with store.write("tester") as tx:
            # the witness (a person of the analyst's records) is confidential by his source
            for c in secret_claims:
                tx.link_claim_event(c.id, aban.id, "confirmed")
        for name, role in WEB_USERS.items():
            add_user(store, name, role, PASSWORD, "tester")
    finally:
        store.close()


def web_home(dest: Path) -> dict[str, str]:
    """A copy of the web tests' store (built once per test process); returns its env."""
    import shutil
    import tempfile

    if "home" not in _WEB_TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="dadkhah-web-")) / "home"
        _build_web_store(template)
        _WEB_TEMPLATE["home"] = template
    shutil.copytree(_WEB_TEMPLATE["home"], dest)
    return {"DADKHAH_HOME": str(dest), "DADKHAH_USER": "tester"}


@contextmanager
def web_site(folder: Path):
    """The web tests' store copied to ``folder``, its app, and a signed-in TestClient for each
    of ada (admin), ana (analyst) and vic (viewer), each with its ``csrf`` token:
    ``with web_site(path) as (store, clients): ...``."""
    import pytest
    from starlette.testclient import TestClient

    from dadkhah.web import create_app

    with pytest.MonkeyPatch.context() as mp:
        cheap_password_hashes(mp)
        store = open_store(web_home(folder))
        try:
            app = create_app(store)
            clients = {}
            for name in WEB_USERS:
                clients[name] = TestClient(app, follow_redirects=False)
                clients[name].csrf = sign_in(clients[name], name)
            yield store, clients
        finally:
            store.close()


def sign_in(client, name: str, password: str = PASSWORD):
    """Sign a TestClient in through the sign-in form; returns the session's CSRF token."""
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/login", data={"name": name, "password": password, "csrf": token, "next": "/"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    return csrf_of(client)


def csrf_of(client) -> str:
    import re

    page = client.get("/account")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def cheap_password_hashes(monkeypatch) -> None:
    """argon2id with its smallest cost: the real parameters take a second a hash on a busy
    machine, and sign-ins are what the web tests do most."""
    from argon2 import PasswordHasher

    import dadkhah.access.accounts as accounts

    fast = PasswordHasher(time_cost=1, memory_cost=256, parallelism=1)
    monkeypatch.setattr(accounts, "_HASHER", fast)
    monkeypatch.setattr(accounts, "_DUMMY", fast.hash("not a password of anyone"))


# ---- the example store the report tests share ----------------------------------------------

# names and quotes of the example corpus that a public dossier must never show
PROTECTED_NAMES = ("Mehdi Kianpour", "Hamed Saffarzadeh", "حامد صفارزاده", "Saffar Zadeh")
CONFIDENTIAL_QUOTES = (
    "It was live fire, not tear gas",
    "men in uniform on foot",
    "Witness name",
    "Hamed Saffarzadeh is his full name",
    "I counted about a dozen",
)
_BUILT: dict[str, Path] = {}


def build_example_store(store: Store, actor: str = "tester") -> None:
    """The demo's steps without its estimates and bag (the example corpus preserved with the
    demo's sensitivities, parsed, the analyst's records (among them a witness, a victim and his
    killing by security forces, all resting on the confidential testimony), the four lists
    linked), plus the testimony's figure tied to the crackdown."""
    from dadkhah.demo import SENSITIVITY_BY_FOLDER
    from dadkhah.evidence import IngestOptions, ingest
    from dadkhah.know import import_records
    from dadkhah.link import import_list
    from dadkhah.link.run import run_linkage
    from dadkhah.pipeline import parse_and_extract

    ids = []
    for folder, sensitivity in SENSITIVITY_BY_FOLDER.items():
        files = sorted(str(p) for p in (EXAMPLES / folder).rglob("*") if p.suffix != ".md")
        options = IngestOptions(
            actor=actor, source="dadkhah example corpus", sensitivity=sensitivity
        )
        report = ingest(store, files, options)
        ids += [o.document_id for o in report.outcomes if o.document_id]
    parse_and_extract(store, ids, actor)
    import_records(store, EXAMPLES / "knowledge" / "analyst-records.jsonl", actor)
    lists = sorted((EXAMPLES / "lists").glob("*.csv"))
    for path in lists:
        import_list(store, path, path.name, actor)
    run_linkage(store, [p.name for p in lists], actor)

    testimony = "testimony-2019-11-20.txt"

    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
        docs = {d.original_filename: d.id for d in tx.documents()}
        (dozen,) = [c for c in tx.claims(document_id=docs[testimony]) if c.low == 12]
    with store.write(actor) as tx:
        tx.link_claim_event(dozen.id, aban.id, "confirmed", reason="the witness's count")


def example_store_copy(dest: Path) -> dict[str, str]:
    """An environment whose DADKHAH_HOME is a copy of the example store (built once per test
    process, on SQLite; copying it costs well under a second)."""
    import atexit
    import shutil
    import tempfile

    if "home" not in _BUILT:
        root = Path(tempfile.mkdtemp(prefix="dadkhah-example-store-"))
        atexit.register(shutil.rmtree, root, True)
        env = {"DADKHAH_HOME": str(root / "home")}
        store = open_store(env)
        try:
            build_example_store(store)
        finally:
            store.close()
        _BUILT["home"] = root / "home"
    shutil.copytree(_BUILT["home"], dest)
    return {"DADKHAH_HOME": str(dest), "DADKHAH_USER": "tester"}


def pdf_text(path: Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    import subprocess

    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True)  # fmt: skip
    return done.stdout.decode("utf-8")
