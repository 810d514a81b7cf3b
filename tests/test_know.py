"""Knowledge end to end on both backends: review, events, people and postings with citations,
corroboration of the example corpus, event matching, search, import and export."""

import json

import pytest

from dadkhah.corroborate import corroborate_event, to_json
from dadkhah.demo import run_demo
from dadkhah.errors import InputError, StoreError
from dadkhah.evidence import BlobStore
from dadkhah.know import export_records, import_records, person_view, propose, write_records
from testing import EXAMPLES, open_store, run_cli, write_files


def stored_text(store, doc_id: str) -> str:
    with store.read() as tx:
        doc = tx.get_document(doc_id)
    return BlobStore(store.settings.blob_dir).path(doc.text_blob_sha256).read_text("utf-8")


def test_the_example_corpus_corroborates_with_sources_spans_conflicts_and_revisions(store):
    run_demo(store, EXAMPLES, "tester")
    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
        (mahshahr,) = tx.find_events("Mahshahr")
    assert mahshahr.parent_id == aban.id
    data = to_json(corroborate_event(store, aban.id))
    killed = next(m for m in data["measures"] if m["measure"] == "killed")
    # every figure names its source and points at its exact span of the stored text
    texts = {}
    for f in killed["figures"]:
        assert f["source"] and f["grade"][0] in "ABCDEF"
        texts.setdefault(f["document"], stored_text(store, f["document"]))
        assert texts[f["document"]][f["start"] : f["end"]] == f["text"]
    sources = {f["source"] for f in killed["figures"]}
    assert len(sources) >= 4
    # Amnesty's revisions in order: 106, then 208, then 304; only the last is current
    amnesty = [f for f in killed["figures"] if f["source"] == "Amnesty International"]
    assert [f["low"] for f in amnesty] == [106, 208, 304]
    assert [f["current"] for f in amnesty] == [False, False, True]
    index = killed["figures"].index(amnesty[2])
    assert amnesty[2]["revision_of"] == index - 1
    # the Observatory's 250 against Amnesty's "at least 304": both credible, independent
    pairs = [{killed["figures"][i]["source"] for i in c["figures"]} for c in killed["conflicts"]]
    assert {"Amnesty International", "Gulf Rights Observatory"} in pairs
    assert killed["consensus"] == 250
    assert (killed["range_low"], killed["range_high"]) == (30, 1500)
    assert killed["independent_sources"] == 5  # the spokeswoman counts with her Observatory
    # a person's postings, before and after the crackdown, each with its source
    with store.read() as tx:
        (raisi,) = tx.find_people("ابراهیم رئیسی")
        (ejei,) = tx.find_people("Mohseni-Ejei")
    view = person_view(store, raisi.id)
    dates = [(p.start_date, p.title) for p, _org, _cites in view.postings]
    assert ("1988-08", "member (deputy prosecutor)") in dates
    assert ("2019-03", "Head of the Judiciary") in dates
    for _posting, _org, cites in view.postings:
        assert cites and all(c.span is not None for c in cites)
        for c in cites:
            assert stored_text(store, c.span.document_id)[c.span.start : c.span.end] == c.span.text
    judiciary = next(p for p, o, _ in view.postings if o.name.startswith("Judiciary"))
    assert judiciary.real_start and judiciary.start_context == "appointed"
    assert judiciary.start_precision == "month"
    assert [inv.degree for inv, *_ in view.involvements] == ["gave_orders"]
    after = [p for p, _o, _c in person_view(store, ejei.id).postings if p.start_date > "2019-11"]
    assert after
    # the demo again changes nothing it already holds
    run_demo(store, EXAMPLES, "tester")
    with store.read() as tx:
        assert len(tx.events()) == 3


def test_review_from_the_command_line_keeps_every_decision_and_its_history(env, tmp_path):
    (path,) = write_files(
        tmp_path, {"a.txt": "Amnesty International said at least 304 people were killed."}
    )
    assert run_cli(["ingest", str(path)]).exit_code == 0
    queue = json.loads(run_cli(["review", "--format", "json"]).stdout)
    (claim,) = queue
    assert (claim["low"], claim["status"]) == (304, "candidate")
    cid = claim["id"]
    # a conflict needs a note; an edit needs a reason
    refused = run_cli(["claim", "conflict", cid, "--note", " "])
    assert refused.exit_code == 1 and "note" in refused.stderr
    edited = run_cli(["claim", "edit", cid, "--low", "305", "--high", "305", "--reason", "typo"])
    assert edited.exit_code == 0 and "304" in edited.stdout
    assert (
        run_cli(["claim", "accept", cid, "--reason", "checked", "--credibility", "2"]).exit_code
        == 0
    )
    shown = json.loads(run_cli(["claim", "show", cid, "--format", "json"]).stdout)
    assert (shown["low"], shown["status"], shown["credibility"]) == (305, "accepted", 2)
    # extracting again does not replace a reviewed claim
    assert run_cli(["parse", "--all"]).exit_code == 0
    assert json.loads(run_cli(["claim", "show", cid, "--format", "json"]).stdout)["low"] == 305
    assert run_cli(["claim", "reject", cid, "--reason", "duplicate"]).exit_code == 0
    assert json.loads(run_cli(["claims", "--format", "json"]).stdout)[0]["status"] == "rejected"
    history = run_cli(["history", cid, "--format", "json"])
    entries = json.loads(history.stdout)
    changes = [e["details"].get("changes") for e in entries if e["action"] == "edited"]
    assert {"low": [304, 305], "high": [304, 305]} in changes
    assert {"status": ["accepted", "rejected"]} in changes
    assert all(e["actor"] == "tester" for e in entries if e["action"] == "edited")


def test_manual_facts_need_a_source_span_or_a_written_reason(store, tmp_path):
    with store.write("ana") as tx:
        with pytest.raises(StoreError, match="source span or a written reason"):
            tx.add_person("Someone", [])
        person = tx.add_person("Someone", [{"reason": "named by a witness we met"}])
        with pytest.raises(StoreError, match="reason"):
            tx.add_event("protests", "A protest", [{"reason": "  "}])
        with pytest.raises(StoreError, match="before it starts"):
            tx.add_event("protests", "Backwards", [{"reason": "x"}], "2020-02-02", None, "2020-01")
        org = tx.add_organization("A Ministry", [{"reason": "public fact"}])
        posting = tx.add_posting(
            person.id, org.id, [{"reason": "decree"}], title="minister",
            start_date="2019-03", real_start=True, start_context="appointed",
        )  # fmt: skip
        assert posting.start_precision == "month"
        with pytest.raises(StoreError, match="note"):
            tx.update_posting(posting.id, "disputed", status="conflict")
        tx.update_posting(posting.id, "second source", end_date="2021-07-01", real_end=True)
    with store.read() as tx:
        entries = tx.custody_for([posting.id])
    assert [e.action for e in entries] == ["created", "edited"]
    assert entries[1].details["changes"]["end_date"] == [None, "2021-07-01"]
    assert entries[0].details["citations"][0]["reason"] == "decree"


def test_event_matching_proposes_by_date_place_type_and_wording(store, tmp_path):
    files = write_files(
        tmp_path,
        {
            "mahshahr.txt": "Published: 4 December 2019\n\nResidents said security forces killed "
            "at least 40 protesters in Mahshahr on 18 November 2019.",
            "old.txt": "Published: 19 July 2020\n\nBetween 2,800 and 3,800 prisoners were "
            "executed in Tehran in 1988, a former official wrote.",
        },
    )
    from dadkhah.evidence import IngestOptions
    from dadkhah.pipeline import ingest_and_parse

    ingest_and_parse(store, [str(f) for f in files], IngestOptions(actor="ana"))
    with store.write("ana") as tx:
        event = tx.add_event(
            "mass_killing", "Mahshahr killings", [{"reason": "widely reported"}],
            "2019-11-18", None, "2019-11-18", None, [{"name": "Mahshahr"}],
        )  # fmt: skip
    proposals, new_events = propose(store, "ana")
    assert [(p.event_id, round(p.score, 2) >= 0.6) for p in proposals] == [(event.id, True)]
    assert any("Mahshahr" in r for r in proposals[0].reasons)
    with store.read() as tx:
        (claim,) = tx.claims(ids=[proposals[0].claim_id])
        assert claim.low == 40
        # the 1988 executions match nothing: proposed as a new event instead
    assert any(g.measure == "executed" for g in new_events)
    # proposals wait for the analyst; a confirmed link moves the claim into corroboration
    assert corroborate_event(store, event.id).measures == []
    assert len(corroborate_event(store, event.id, proposed=True).measures) == 1
    result = run_cli(["claim", "link", claim.id, event.id])
    assert result.exit_code == 0 and "confirmed" in result.stdout
    data = json.loads(run_cli(["corroborate", event.id, "--format", "json"]).stdout)
    (killed,) = data["measures"]
    assert killed["figures"][0]["grade"] == "F6"  # "Residents" is no registered source
    assert all(p.endswith((".png", ".svg")) for p in data["charts"])


def test_search_finds_documents_claims_people_and_events_with_snippets(store, tmp_path):
    files = write_files(
        tmp_path,
        {
            "fa.txt": "به گزارش عفو بین‌الملل، دست‌کم ۳۰۴ نفر در ماهشهر کشته شدند.",
            "en.txt": "Witnesses in Mahshahr said dozens of protesters were shot dead in the "
            "marshes.",
        },
    )
    from dadkhah.evidence import IngestOptions
    from dadkhah.pipeline import ingest_and_parse

    ingest_and_parse(store, [str(f) for f in files], IngestOptions(actor="ana"))
    with store.write("ana") as tx:
        tx.add_person("Leila Nourbakhsh", [{"reason": "spokeswoman"}], names=["لیلا نوربخش"])
    with store.read() as tx:
        hits = tx.search("marshes")
        assert {h.kind for h in hits} == {"document", "claim"}
        assert any("[marshes]" in h.snippet for h in hits)
        assert [h.kind for h in tx.search("ماهشهر", kinds=["document"])] == ["document"]
        assert [h.title for h in tx.search("نوربخش")] == ["Leila Nourbakhsh"]
        assert tx.search("nothing-like-this") == []
    shown = run_cli(["search", "Mahshahr", "--format", "json"])
    assert shown.exit_code == 0 and len(json.loads(shown.stdout)) >= 2


def test_import_is_all_or_nothing_and_export_imports_again(store, tmp_path):
    (doc,) = write_files(
        tmp_path, {"a.txt": "Published: 2 July 2021\n\nX was appointed head of the court."}
    )
    from dadkhah.evidence import IngestOptions
    from dadkhah.pipeline import ingest_and_parse

    ingest_and_parse(store, [str(doc)], IngestOptions(actor="ana"))
    good = {"type": "person", "ref": "x", "name": "X",
            "citations": [{"document": "a.txt", "quote": "X was appointed"}]}  # fmt: skip
    bad = {"type": "posting", "person": "x", "organization": "Nowhere", "citations": [
        {"reason": "r"}]}  # fmt: skip
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (good, bad)), encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        import_records(store, path, "ana")
    with store.read() as tx:
        assert tx.people() == []  # nothing of the file was kept
    missing = dict(good, citations=[{"document": "a.txt", "quote": "never said"}])
    path.write_text(json.dumps(missing), encoding="utf-8")
    with pytest.raises(InputError, match="line 1.*does not contain"):
        import_records(store, path, "ana")
    csv_path = tmp_path / "people.csv"
    csv_path.write_text(
        "name,names,cite_document,cite_quote\nX,Ex; اکس,a.txt,X was appointed\n", encoding="utf-8"
    )
    assert import_records(store, csv_path, "ana", "person") == {"person": 1}
    org = {"type": "organization", "ref": "court", "name": "The Court",
           "citations": [{"document": "a.txt", "quote": "head of the court"}]}  # fmt: skip
    posting = {"type": "posting", "person": "X", "organization": "court", "title": "head",
               "start": "2021-07",
               "citations": [{"document": "a.txt", "quote": "appointed"}]}  # fmt: skip
    path.write_text(json.dumps(org) + "\n" + json.dumps(posting), encoding="utf-8")
    assert import_records(store, path, "ana") == {"organization": 1, "posting": 1}
    records = export_records(store)
    kinds = [r["type"] for r in records]
    assert kinds.count("person") == 1 and kinds.count("posting") == 1
    (person,) = [r for r in records if r["type"] == "person"]
    assert person["names"] == ["Ex", "اکس"]
    assert person["citations"] == [{"document": person["citations"][0]["document"],
                                    "quote": "X was appointed"}]  # fmt: skip
    written = write_records(records, tmp_path / "csv", "csv")
    assert {p.name for p in written} >= {"person.csv", "posting.csv", "organization.csv"}
    # the export goes into a fresh store that holds the same document
    other_env = {"DADKHAH_HOME": str(tmp_path / "other"), "DADKHAH_USER": "bo"}
    other = open_store(other_env)
    try:
        ingest_and_parse(other, [str(doc)], IngestOptions(actor="bo"))
        out = write_records(records, tmp_path / "all.jsonl")[0]
        counts = import_records(other, out, "bo")
        assert counts["person"] == 1 and counts["posting"] == 1
        with other.read() as tx:
            (p,) = tx.postings()
            assert (p.title, p.start_date, p.start_precision) == ("head", "2021-07", "month")
    finally:
        other.close()


def test_facts_added_by_hand_from_the_command_line(env, tmp_path):
    (path,) = write_files(
        tmp_path,
        {"decree.txt": "Published: 2 July 2021\n\nThe court of appeal, which answers to the "
         "judiciary, got a new chief: A. Rahimi was appointed on 1 July 2021."},
    )  # fmt: skip
    assert run_cli(["ingest", str(path)]).exit_code == 0
    no_source = run_cli(["add", "person", "A. Rahimi"])
    assert no_source.exit_code == 1 and "--reason" in no_source.stderr
    wrong = run_cli(["add", "person", "A. Rahimi", "--cite-document", "decree.txt",
                     "--cite-quote", "never written"])  # fmt: skip
    assert wrong.exit_code == 1 and "does not contain" in wrong.stderr
    cite = ["--cite-document", "decree.txt", "--cite-quote", "A. Rahimi was appointed"]
    person = run_cli(["add", "person", "A. Rahimi", "--also", "ع. رحیمی", *cite])
    assert person.exit_code == 0, person.stderr
    court = run_cli(["add", "org", "Court of Appeal", "--cite-document", "decree.txt",
                     "--cite-quote", "The court of appeal"])  # fmt: skip
    judiciary = run_cli(["add", "org", "Judiciary", "--reason", "public institution"])
    assert court.exit_code == judiciary.exit_code == 0
    chain = run_cli(["add", "org-parent", "--org", "Court of Appeal", "--parent", "Judiciary",
                     "--start", "2021", "--cite-document", "decree.txt", "--cite-quote",
                     "which answers to the judiciary"])  # fmt: skip
    assert chain.exit_code == 0, chain.stderr
    posting = run_cli(["add", "posting", "--person", "ع. رحیمی", "--org", "Court of Appeal",
                       "--title", "chief", "--start", "2021-07-01", "--real-start",
                       "--start-context", "appointed", *cite])  # fmt: skip
    assert posting.exit_code == 0, posting.stderr
    shown = run_cli(["person", "Rahimi"])
    assert "2021-07-01 appointed" in shown.stdout and "Court of Appeal" in shown.stdout
    assert "A. Rahimi was appointed" in shown.stdout
    org = run_cli(["org", "court of appeal"])
    assert "under Judiciary, 2021 (year)" in org.stdout and "A. Rahimi" in org.stdout
    seen = ["--reason", "seen by our staff"]
    a = run_cli(["add", "event", "--type", "protests", "--title", "Court protest",
                 "--start", "2021-07-02", *seen]).stdout.strip()  # fmt: skip
    b = run_cli(["add", "event", "--type", "arbitrary_arrest", "--title", "Arrests after it",
                 "--start", "2021-07-03", *seen]).stdout.strip()  # fmt: skip
    linked = run_cli(["add", "event-link", "--event", a, "--relation", "causes", "--related", b,
                      "--reason", "the arrests followed the protest"])  # fmt: skip
    assert linked.exit_code == 0, linked.stderr
    assert "causes Arrests after it" in run_cli(["event", "show", a]).stdout
    events = json.loads(run_cli(["events", "--format", "json"]).stdout)
    assert [(e["title"], e["type"]) for e in events] == [
        ("Court protest", "protests"), ("Arrests after it", "arbitrary_arrest")]  # fmt: skip
    assert set(events[0]) >= {"id", "type", "title", "start", "end", "places", "parent"}
    out = tmp_path / "records.jsonl"
    assert run_cli(["export", "knowledge", str(out)]).exit_code == 0
    kinds = [json.loads(line)["type"] for line in out.read_text("utf-8").splitlines()]
    assert {"event", "event_link", "organization", "org_parent", "person", "posting"} <= set(kinds)


def test_the_search_index_can_be_rebuilt_from_the_store(env, tmp_path):
    (path,) = write_files(tmp_path, {"a.txt": "Residents said 40 people were killed in Ahvaz."})
    assert run_cli(["ingest", str(path)]).exit_code == 0
    store = open_store(env)
    with store.write("tester") as tx:
        tx.unindex_search([d.id for d in tx.documents()] + [c.id for c in tx.claims()])
        assert tx.search("Ahvaz") == []
    rebuilt = run_cli(["search", "--reindex", "Ahvaz", "--format", "json"])
    assert rebuilt.exit_code == 0, rebuilt.stderr
    kinds = sorted(h["kind"] for h in json.loads(rebuilt.stdout.split("\n", 1)[1]))
    assert kinds == ["claim", "document"]
    assert run_cli(["search"]).exit_code == 2
