"""The command line as a user meets it: python -m, the acting user, ids, the demo."""

import os
import re
import subprocess
import sys
from pathlib import Path

from dadkhah.config import acting_user, login_name
from testing import EXAMPLES, REPO, open_store, run_cli, write_files


def test_python_dash_m_and_console_script_answer(sqlite_env):
    env = os.environ | sqlite_env | {"PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "dadkhah", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    for command in ("ingest", "verify", "custody", "purge", "export", "history", "demo"):
        assert command in result.stdout
    version = subprocess.run(
        [sys.executable, "-m", "dadkhah", "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stdout.startswith("dadkhah ")


def test_any_command_creates_the_store_without_init(sqlite_env, tmp_path):
    home = tmp_path / "home"
    assert not home.exists()
    result = run_cli(["custody", "head"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0:" + "0" * 64
    assert (home / "dadkhah.sqlite3").exists() and (home / "blobs").is_dir()
    assert run_cli(["init"]).exit_code == 0


def test_acting_user_is_option_then_env_then_login(sqlite_env, tmp_path, monkeypatch):
    assert acting_user("ana", {"DADKHAH_USER": "bo"}) == "ana"
    assert acting_user(None, {"DADKHAH_USER": "bo"}) == "bo"
    assert acting_user(None, {}) == login_name()
    (path,) = write_files(tmp_path, {"a.txt": "x"})
    monkeypatch.delenv("DADKHAH_USER")
    run_cli(["ingest", str(path)])
    run_cli(["--user", "ana", "ingest", str(path)])
    monkeypatch.setenv("DADKHAH_USER", "bo")
    run_cli(["ingest", str(path)])
    store = open_store(sqlite_env)
    with store.read() as tx:
        actors = [e.actor for e in tx.custody() if e.action in ("ingested", "seen_again")]
    assert actors == [login_name(), "ana", "bo"]


def test_history_takes_prefixed_ids_and_refuses_others(sqlite_env, tmp_path):
    (path,) = write_files(tmp_path, {"a.txt": "x"})
    run_cli(["ingest", str(path), "--source", "Tehran Monitor"])
    store = open_store(sqlite_env)
    with store.read() as tx:
        (doc,) = tx.documents()
    shown = run_cli(["history", doc.id])
    assert shown.exit_code == 0 and "ingested" in shown.stdout
    assert run_cli(["history", doc.source_id]).stdout.count("created") == 1
    by_bytes = run_cli(["history", f"blob-{doc.blob_sha256}", "--format", "json"])
    assert by_bytes.exit_code == 0 and doc.id in by_bytes.stdout
    assert run_cli(["history", "doc-0000000000000000"]).exit_code == 1
    assert run_cli(["history", "something"]).exit_code == 2
    listing = run_cli(["documents"])
    assert doc.id in listing.stdout and "Tehran Monitor" in listing.stdout


def test_demo_preserves_verifies_and_bags_the_example_corpus(sqlite_env):
    result = run_cli(["demo", "--no-serve", "--examples", str(EXAMPLES)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "verify: intact" in result.stdout and "bag: " in result.stdout
    # the four example lists, linked across scripts: TRUTH.md has 60 people in 148 records;
    # one namesake pair (Q26/Q58: fathers Mohammad and Mahmoud share a consonant key) joins
    found = re.search(r"victim lists: (\d+) records are (\d+) people", result.stdout)
    assert found and found.group(1) == "148" and 58 <= int(found.group(2)) <= 60, result.stdout
    # and estimates from their overlap how many people there were, recorded or not
    for label in ("log-linear model", "latent-class model (LCMCR)"):
        pattern = (
            rf"estimate, {re.escape(label)}[^:]*: ([\d.,]+) people in all "
            r"\(95% interval (\d+) to (\d+)\); (\d+) recorded"
        )
        line = re.search(pattern, result.stdout)
        assert line, result.stdout
        point, low, high, seen = (float(x.replace(",", "")) for x in line.groups())
        assert seen == int(found.group(2)) and seen <= low <= point <= high
    charts = re.findall(r"chart: (\S+posterior\.png)", result.stdout)
    assert charts and Path(charts[0]).stat().st_size > 0
    store = open_store(sqlite_env)
    with store.read() as tx:
        docs = tx.documents()
    files = [
        p
        for p in EXAMPLES.rglob("*")
        if p.is_file() and p.parent.name not in ("tools", "knowledge") and p.suffix != ".md"
    ]
    assert len(docs) == len(files)
    by_name = {d.original_filename: d for d in docs}
    assert by_name["testimony-2019-11-20.txt"].sensitivity == "confidential"
    assert by_name["ngo-report-2020.pdf"].media_type == "application/pdf"
    assert by_name["aban-1398-crackdown.html"].media_type == "text/html"
    again = run_cli(["demo", "--no-serve", "--examples", str(EXAMPLES)])
    assert again.exit_code == 0
    with store.read() as tx:
        assert tx.document_count() == len(files)
        assert sum(1 for e in tx.custody() if e.action == "seen_again") == len(files)


def test_demo_ends_by_serving_the_web_ui_with_a_demo_admin(sqlite_env):
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "dadkhah", "demo", "--port", str(port), "--examples",
         str(EXAMPLES)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=os.environ.copy(),
    )  # fmt: skip
    try:
        line = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and "web UI:" not in line:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "the demo stopped before serving"
        found = re.search(r"user: (\S+)\s+password: (\S+)", line)
        assert found, line
        url = f"http://127.0.0.1:{port}"
        for _ in range(50):  # the server starts just after the line is printed
            try:
                first = httpx.get(url + "/", follow_redirects=False)
                break
            except httpx.ConnectError:
                time.sleep(0.2)
        assert first.status_code == 303 and "/login" in first.headers["location"]
        with httpx.Client(base_url=url) as client:
            form = client.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            user, password = found.groups()
            answer = {"csrf": csrf, "name": user, "password": password, "next": "/"}
            signed_in = client.post("/login", data=answer)
            assert signed_in.status_code in (200, 303)
            assert "Dashboard" in client.get("/").text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
