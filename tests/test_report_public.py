"""Public dossiers: no protected name and no confidential quote anywhere (HTML, PDF text),
non-public documents cited by hash and date only, the same pseudonym for the same person in
every dossier and run, and a redaction log kept with the internal records."""

import html
import json
import os
import stat

import pytest

from dadkhah.config import Settings
from dadkhah.parse import fold
from dadkhah.report import Redactor, pseudonym_key
from dadkhah.store import Store
from testing import CONFIDENTIAL_QUOTES, PROTECTED_NAMES, example_store_copy, pdf_text, run_cli


def protected_strings(home: dict) -> list[str]:
    """Every name on the (restricted) victim lists, the canonical names linkage gave them, the
    people known only through the testimony, and the testimony's quotes and header."""
    store = Store.open(Settings.from_env(home))
    names = set(PROTECTED_NAMES)
    with store.read() as tx:
        for vl in tx.victim_lists():
            for r in tx.victim_records(vl.id):
                names.add(" ".join(x for x in (r.given_name, r.family_name) if x))
                names |= {str(r.raw[c]) for c, f in vl.columns.items() if f == "full_name"}
        for v in tx.victims():
            names |= {v.name, v.name_fa} - {None}
    store.close()
    return sorted(names) + list(CONFIDENTIAL_QUOTES) + ["WITNESS INTERVIEW NOTE", "Shirin Abedi"]


def leaks(text: str, strings: list[str]) -> list[str]:
    folded = " ".join(fold(html.unescape(text)).split())
    return [s for s in strings if " ".join(fold(s).split()) in folded]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The public dossiers of the crackdown, the victim killed in it and a Persian list (HTML
    and PDF), the internal event dossier for comparison, each made by the CLI."""
    folder = tmp_path_factory.mktemp("report-public")
    home = example_store_copy(folder / "home")
    made = {}
    for name, args in {
        "event.html": ["event", "Aban 1398", "--public"],
        "event.pdf": ["event", "Aban 1398", "--public", "--format", "pdf"],
        "victim.html": ["person", "Hamed Saffarzadeh", "--public"],
        "witness.html": ["person", "Mehdi Kianpour", "--public"],
        "list.pdf": ["list", "list-b-fa.csv", "--public", "--format", "pdf"],
        "internal.html": ["event", "Aban 1398"],
    }.items():
        result = run_cli(["report", *args, "--out", str(folder / name)], env=home)
        assert result.exit_code == 0, result.output
        path = folder / name
        made[name] = pdf_text(path) if name.endswith(".pdf") else path.read_text("utf-8")
    return home, made


def test_no_protected_name_or_confidential_quote_in_any_public_dossier(outputs):
    home, made = outputs
    strings = protected_strings(home)
    assert len(strings) > 120
    # the internal dossier does show them: the check can see what it looks for
    assert len(leaks(made["internal.html"], strings)) > 50
    for name, text in made.items():
        if name != "internal.html":
            assert leaks(text, strings) == [], name
    # what stays public: perpetrators, public sources and their quotes, the figures, the counts
    event = made["event.pdf"]
    assert "Islamic Revolutionary Guard Corps" in event and "Amnesty International" in event
    assert "Security forces" in event and "59" in event and "Tehran Monitor" in event
    assert "PUBLIC VERSION" in event


def test_confidential_documents_are_cited_by_hash_and_date_only(outputs):
    home, made = outputs
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        (testimony,) = [d for d in tx.documents() if d.sensitivity == "confidential"]
        lists = [d for d in tx.documents() if d.sensitivity == "restricted"]
    store.close()
    page = made["event.html"]
    assert testimony.blob_sha256 in page and "2019-11-20" in page
    assert testimony.original_filename not in page and testimony.title not in page
    assert all(d.blob_sha256 in page and d.original_filename not in page for d in lists)
    assert "Confidential document: title, publisher and quote withheld" in made["event.pdf"]


def test_the_same_person_has_the_same_pseudonym_everywhere(outputs):
    home, made = outputs
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        (victim,) = tx.find_people("Hamed Saffarzadeh")
        (witness,) = tx.find_people("Mehdi Kianpour")
    store.close()
    red = Redactor(True, pseudonym_key(store.settings.home))
    victim_p, witness_p = red.pseudonym(victim.id), red.pseudonym(witness.id)
    assert victim_p in made["event.html"] and victim_p in made["event.pdf"]
    assert victim_p in made["victim.html"] and witness_p in made["witness.html"]
    again = run_cli(["report", "person", victim.id, "--public"], env=home)
    path = store.settings.home / "reports" / f"person-{victim.id}-public.html"
    assert again.exit_code == 0 and victim_p in path.read_text("utf-8")


def test_the_redaction_log_stays_with_the_internal_records(outputs):
    home, made = outputs
    store = Store.open(Settings.from_env(home))
    with store.read() as tx:
        entries = [e for e in tx.custody() if e.action == "exported" and e.details.get("public")]
    store.close()
    assert len(entries) >= 5
    for entry in entries:
        log = store.settings.home / entry.details["redaction_log"]
        data = log.read_bytes()
        assert (
            entry.details["redaction_log_sha256"] == __import__("hashlib").sha256(data).hexdigest()
        )
        assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
        lines = [json.loads(x) for x in data.decode("utf-8").splitlines()]
        assert lines[0]["redactions"] == entry.details["redactions"] == len(lines) - 1
    event_log = next(e for e in entries if e.details["kind"] == "event")
    lines = (store.settings.home / event_log.details["redaction_log"]).read_text("utf-8")
    kinds = {json.loads(x).get("kind") for x in lines.splitlines()[1:]}
    assert {"name", "document", "quote", "victim_row"} <= kinds
    assert "Hamed Saffarzadeh" in lines  # the log says whom each pseudonym stands for
    # and none of it is in what was published
    for text in made.values():
        assert event_log.details["redaction_log"] not in text
