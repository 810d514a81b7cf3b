"""verify: every altered or missing byte and every tampered custody row is named, exit 1."""

import json

import pytest
from sqlalchemy import text

from dadkhah.evidence import IngestOptions, ingest, verify
from dadkhah.store import Head, entry_hash
from testing import open_store, raw_db, run_cli, write_files


@pytest.fixture
def filled(env, tmp_path):
    paths = write_files(
        tmp_path / "in",
        {
            "a.txt": "304 killed, according to Amnesty",
            "b.html": "<html><body>1,500</body></html>",
            "c.txt": "dozens arrested",
        },
    )
    store = open_store(env)
    report = ingest(store, [str(p) for p in paths], IngestOptions(actor="tester", source="NGO"))
    return store, {o.item.rsplit("/", 1)[-1]: o for o in report.outcomes}


def test_intact_store_verifies_with_exit_0(filled):
    store, _ = filled
    result = run_cli(["verify"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().startswith("intact: 3 blobs")
    with store.read() as tx:
        assert str(tx.head()) in result.stdout


def test_one_changed_byte_is_named_with_document_path_and_both_hashes(filled):
    store, docs = filled
    target = docs["b.html"]
    path = store.blob_path(target.sha256)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    result = run_cli(["verify"])
    assert result.exit_code == 1
    line = next(ln for ln in result.stdout.splitlines() if "altered" in ln)
    assert target.document_id in line and str(path) in line and target.sha256 in line
    report = verify(store)
    (problem,) = report.problems
    assert problem.kind == "blob_altered" and problem.expected == target.sha256
    assert problem.actual and problem.actual != target.sha256


def test_missing_blob_is_named(filled):
    store, docs = filled
    store.blob_path(docs["a.txt"].sha256).unlink()
    result = run_cli(["verify", "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["kind"], p["object_id"]) for p in problems] == [
        ("blob_missing", docs["a.txt"].document_id)
    ]


def _kinds(store):
    return [(p.kind, p.object_id) for p in verify(store).problems]


def test_changed_details_in_a_custody_row_are_detected(filled, env):
    store, _ = filled
    with raw_db(env) as conn:
        row = conn.execute(text("SELECT details FROM custody_entry WHERE seq = 2")).scalar_one()
        details = row if isinstance(row, dict) else json.loads(row)
        details["original_filename"] = "innocent.txt"
        conn.execute(
            text("UPDATE custody_entry SET details = :d WHERE seq = 2"), {"d": json.dumps(details)}
        )
    assert _kinds(store) == [("chain_broken", "cus-2")]
    result = run_cli(["verify"])
    assert result.exit_code == 1 and "first broken custody entry cus-2" in result.stdout


def test_deleted_middle_entry_is_detected(filled, env):
    store, _ = filled
    with raw_db(env) as conn:
        conn.execute(text("DELETE FROM custody_entry WHERE seq = 2"))
    kinds = _kinds(store)
    assert kinds[0] == ("chain_broken", "cus-3")


def test_deleted_newest_entry_is_detected_by_the_head_file(filled, env):
    store, _ = filled
    with raw_db(env) as conn:
        conn.execute(
            text("DELETE FROM custody_entry WHERE seq = (SELECT MAX(seq) FROM custody_entry)")
        )
    kinds = [k for k, _ in _kinds(store)]
    assert "head_ahead" in kinds


def test_reordered_entries_are_detected(filled, env):
    store, _ = filled
    with raw_db(env) as conn:
        conn.execute(text("UPDATE custody_entry SET seq = 100 WHERE seq = 2"))
        conn.execute(text("UPDATE custody_entry SET seq = 2 WHERE seq = 3"))
        conn.execute(text("UPDATE custody_entry SET seq = 3 WHERE seq = 100"))
    assert _kinds(store)[0] == ("chain_broken", "cus-2")


def test_rechained_tail_is_detected_by_the_head(filled, env):
    store, _ = filled
    with store.read() as tx:
        last = list(tx.custody())[-1]
    forged = dict(last.details, original_filename="forged.txt")
    new_hash = entry_hash(
        last.prev_hash,
        last.seq,
        last.time,
        last.actor,
        last.action,
        last.object_id,
        last.object_hash,
        forged,
    )
    with raw_db(env) as conn:
        conn.execute(
            text("UPDATE custody_entry SET details = :d, hash = :h WHERE seq = :s"),
            {"d": json.dumps(forged), "h": new_hash, "s": last.seq},
        )
    kinds = _kinds(store)
    assert ("head_mismatch", f"cus-{last.seq}") in kinds
    assert not any(k == "chain_broken" for k, _ in kinds)


def test_expected_head_recorded_earlier_still_matches_after_more_entries(filled, tmp_path):
    store, _ = filled
    recorded = run_cli(["custody", "head"]).stdout.strip()
    (more,) = write_files(tmp_path / "more", {"d.txt": "later report"})
    ingest(store, [str(more)], IngestOptions(actor="tester"))
    assert run_cli(["verify", "--expect", recorded]).exit_code == 0
    wrong = Head(Head.parse(recorded).count, "f" * 64)
    bad = run_cli(["verify", "--expect", str(wrong)])
    assert bad.exit_code == 1 and "--expect records entry" in bad.stdout
    assert run_cli(["verify", "--expect", "not-a-head"]).exit_code == 2


def test_document_pointing_at_other_bytes_is_detected(filled, env):
    store, docs = filled
    with raw_db(env) as conn:
        conn.execute(
            text("UPDATE document SET blob_sha256 = :b WHERE id = :d"),
            {"b": docs["c.txt"].sha256, "d": docs["a.txt"].document_id},
        )
    assert ("custody_mismatch", docs["a.txt"].document_id) in _kinds(store)


def test_missing_head_file_is_a_problem_and_interrupted_lag_is_only_a_note(filled):
    store, _ = filled
    head_path = store.settings.head_path
    saved = head_path.read_text()
    with store.read() as tx:
        first = tx.custody_entry(1)
    head_path.write_text(f"{Head(1, first.hash)}\n")
    report = verify(store)
    assert report.ok and any("behind" in n for n in report.notes)
    head_path.unlink()
    assert [p.kind for p in verify(store).problems] == ["head_missing"]
    head_path.write_text(saved)
    assert verify(store).ok
