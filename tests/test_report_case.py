"""Case files: the event's dossier with every cited original, text, metadata and custody entry
as a BagIt bag that bagit's own validator accepts and whose citations check by hash, end to
end on both backends; the public case holds no protected name or confidential quote in any
file."""

import json
import subprocess
import sys

import pytest

from dadkhah.config import Settings
from dadkhah.parse import fold
from dadkhah.store import Store
from testing import (
    CONFIDENTIAL_QUOTES,
    PROTECTED_NAMES,
    build_example_store,
    example_store_copy,
    open_store,
    pdf_text,
    run_cli,
)


def validate(bag) -> subprocess.CompletedProcess:
    """The bagit library's own command-line validator (bagit.py --validate)."""
    return subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                          capture_output=True, text=True)  # fmt: skip


def test_case_bag_end_to_end(env, tmp_path):
    if "DADKHAH_DATABASE_URL" in env:  # PostgreSQL: the example store is built there
        store = open_store(env)
        build_example_store(store)
        store.close()
    else:
        env = example_store_copy(tmp_path / "home") | {"DADKHAH_USER": "tester"}
    store = open_store(env)
    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
    report = run_cli(["report", "event", aban.id, "--format", "pdf"], env=env)
    assert report.exit_code == 0, report.output
    assert "event dossier" in report.stdout and ".pdf" in report.stdout
    with store.read() as tx:
        before = tx.head()
        assert tx.custody_entry(before.count).action == "exported"
    bag = tmp_path / "case"
    result = run_cli(["export", "case", aban.id, str(bag)], env=env)
    assert result.exit_code == 0, result.output
    assert "bagit.py --validate" in result.stdout
    checked = validate(bag)
    assert checked.returncode == 0, checked.stderr
    assert "is valid" in checked.stderr
    data = bag / "data"
    assert "Aban 1398" in pdf_text(data / "dossier" / "dossier.pdf")
    citations = json.loads((data / "citations.json").read_text("utf-8"))
    custody = [json.loads(x) for x in (data / "custody.jsonl").read_text("utf-8").splitlines()]
    by_seq = {e["seq"]: e for e in custody}
    with store.read() as tx:
        docs = {d.id: d for d in tx.documents()}
        after = tx.head()
        exported = [e for e in tx.custody(since_seq=before.count) if e.action == "exported"]
    store.close()
    cited = {c["document_id"] for c in citations if c["document_id"]}
    assert any(docs[d].sensitivity == "confidential" for d in cited)  # the internal case
    for doc_id in cited:
        doc = docs[doc_id]
        folder = data / "documents" / doc_id
        meta = json.loads((folder / "document.json").read_text("utf-8"))
        assert meta["sha256"] == doc.blob_sha256 and meta["document"]["title"] == doc.title
        (original,) = (folder / "original").iterdir()
        assert original.read_bytes() == store.blob_path(doc.blob_sha256).read_bytes()
    for c in citations:
        entry = by_seq[c["custody_seq"]]
        assert (entry["hash"], entry["object_id"]) == (c["custody_hash"], c["document_id"])
    # the head at export time, then the export's own entries after it
    assert (data / "custody-head.txt").read_text().strip() == str(before)
    formats = [e.details.get("format") for e in exported]
    assert formats == ["dossier", "bagit-case", *["bagit-case"] * len(cited)]
    assert after.count == before.count + 2 + len(cited)
    # the bag's own check of every citation, as its README describes
    verified = subprocess.run([sys.executable, str(data / "verify.py")], capture_output=True,
                              text=True)  # fmt: skip
    assert verified.returncode == 0 and "problems: 0" in verified.stdout
    readme = (data / "README.txt").read_text("utf-8")
    assert "bagit.py --validate" in readme and "sha256sum" in readme
    refused = run_cli(["export", "case", aban.id, str(bag)], env=env)
    assert refused.exit_code == 1 and "not an empty folder" in refused.stderr


@pytest.fixture(scope="module")
def public_bag(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-case")
    home = example_store_copy(folder / "home")
    result = run_cli(["export", "case", "Aban 1398", str(folder / "bag"), "--public"], env=home)
    assert result.exit_code == 0, result.output
    return home, folder / "bag"


def test_the_public_case_validates_and_withholds_every_protected_name(public_bag):
    home, bag = public_bag
    checked = validate(bag)
    assert checked.returncode == 0, checked.stderr
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        names = set(PROTECTED_NAMES)
        for vl in tx.victim_lists():
            for r in tx.victim_records(vl.id):
                names.add(" ".join(x for x in (r.given_name, r.family_name) if x))
        docs = {d.id: d for d in tx.documents()}
    store.close()
    secret = [*names, *CONFIDENTIAL_QUOTES, "WITNESS INTERVIEW NOTE", "testimony-2019-11-20"]
    secret = [" ".join(fold(s).split()) for s in secret]
    files = [p for p in bag.rglob("*") if p.is_file()]
    assert len(files) > 15
    for path in files:
        text = (
            pdf_text(path) if path.suffix == ".pdf" else path.read_bytes().decode("utf-8", "ignore")
        )
        folded = " ".join(fold(text).split())
        assert [s for s in secret if s in folded] == [], path
    # only public originals travel; the others are described by hash and date
    data = bag / "data"
    for folder in (data / "documents").iterdir():
        meta = json.loads((folder / "document.json").read_text("utf-8"))
        doc = docs[folder.name]
        if doc.sensitivity == "public":
            assert (folder / "original").is_dir()
        else:
            assert not (folder / "original").exists() and "withheld" in meta
            assert meta["sha256"] == doc.blob_sha256 and "document" not in meta
            assert doc.original_filename not in json.dumps(meta, ensure_ascii=False)
    custody = [json.loads(x) for x in (data / "custody.jsonl").read_text("utf-8").splitlines()]
    hidden = [e for e in custody if e.get("details_withheld")]
    assert hidden and all(e["details"] is None and e["hash"] for e in hidden)
    verified = subprocess.run([sys.executable, str(data / "verify.py")], capture_output=True,
                              text=True)  # fmt: skip
    assert verified.returncode == 0, verified.stdout
    assert "PUBLIC VERSION" in (data / "README.txt").read_text("utf-8")
