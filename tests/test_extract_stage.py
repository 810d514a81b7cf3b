"""The extract stage and its commands: claims stored with exact spans, idempotent, audited."""

import json

import pytest
from sqlalchemy import text as sql

from dadkhah.evidence import IngestOptions
from dadkhah.extract import extract_documents, extractor_id
from dadkhah.pipeline import ingest_and_parse
from testing import EXAMPLES, open_store, raw_db, run_cli


@pytest.fixture
def corpus(env):
    store = open_store(env)
    items = [str(EXAMPLES / "articles"), str(EXAMPLES / "reports")]
    report, parsed = ingest_and_parse(store, items, IngestOptions(actor="tester"))
    assert not report.failed and all(p.status == "parsed" for p in parsed), parsed
    return store


def _docs(store):
    with store.read() as tx:
        return {d.original_filename: d for d in tx.documents()}


def test_parsed_documents_get_candidate_claims_with_exact_spans(corpus):
    store = corpus
    docs = _docs(store)
    article = docs["aban-1398-crackdown.html"]
    with store.read() as tx:
        claims = tx.claims(article.id)
        text = store.blob_path(article.text_blob_sha256).read_text("utf-8")
        entries = tx.custody_for([article.id])
    assert claims and all(c.status == "candidate" for c in claims)
    for c in claims:
        assert text[c.span.start : c.span.end] == c.span.text
        assert text[c.context.start : c.context.end] == c.context.text
        assert c.context.start <= c.span.start and c.span.end <= c.context.end
        assert c.extractor == extractor_id() and c.id.startswith("clm-")
    amnesty = [c for c in claims if (c.measure, c.low) == ("killed", 208)]
    assert amnesty and amnesty[0].qualifier == "at_least"
    assert amnesty[0].claimed_by == "Amnesty International"
    assert amnesty[0].reported_by_source_id == article.publisher_id
    assert entries[-1].action == "extracted"
    assert entries[-1].details["claims"] == [c.id for c in claims]
    # the PDF's claims know their page
    report = docs["ngo-report-2020.pdf"]
    with store.read() as tx:
        pages = {c.span.page for c in tx.claims(report.id)}
    assert pages and pages <= {1, 2} and None not in pages


def test_extracting_again_changes_nothing_and_a_new_run_keeps_reviewed_claims(corpus, env):
    store = corpus
    article = _docs(store)["aban-1398-crackdown.html"]
    with store.read() as tx:
        before = tx.claims(article.id)
        count = tx.custody_count()
    again = extract_documents(store, [article.id], "tester")
    assert [o.status for o in again] == ["unchanged"]
    with store.read() as tx:
        assert tx.custody_count() == count
    # an analyst accepted one claim: forcing a new extraction replaces only the candidates
    with raw_db(env) as conn:
        conn.execute(
            sql("UPDATE claim SET status = 'accepted' WHERE id = :id"), {"id": before[0].id}
        )
    forced = extract_documents(store, [article.id], "tester", force=True)
    assert forced[0].status == "extracted"
    with store.read() as tx:
        after = tx.claims(article.id)
        entry = tx.custody_for([article.id])[-1]
    assert before[0].id in {c.id for c in after}
    assert {c.id for c in after if c.status == "candidate"}.isdisjoint(c.id for c in before)
    assert set(entry.details["replaced"]) == {c.id for c in before[1:]}
    assert len(after) == len(before) + 1  # the accepted one, and a fresh set of candidates


def test_claims_command_lists_stored_claims(corpus, env):
    result = run_cli(["claims", "--format", "json"], env)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert any(r["measure"] == "killed" and r["low"] == 208 for r in rows)
    assert all(r["id"].startswith("clm-") and r["text"] for r in rows)
    table = run_cli(["claims"], env)
    assert "claims" in table.stdout and "killed" in table.stdout


def test_extract_command_is_stateless_and_exact(tmp_path):
    src = tmp_path / "wire.txt"
    body = (
        "Caf\u0065\u0301 owners in Karaj said nothing.\r\n"
        "Amnesty International said at least 304 people were killed, including 23 children.\r\n"
        "The group later raised its toll from 304 to 321.\r\n"
    )
    src.write_bytes(body.encode("utf-8"))
    result = run_cli(["extract", str(src)], {"DADKHAH_HOME": str(tmp_path / "nowhere")})
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    import unicodedata

    stored = unicodedata.normalize("NFC", body.replace("\r\n", "\n"))
    for r in rows:
        assert stored[r["start"] : r["end"]] == r["text"]
        assert r["file"] == str(src)
    figures = [(r["measure"], r["low"], r["qualifier"], r["revision_of"]) for r in rows]
    assert figures == [
        ("killed", 304, "at_least", None),
        ("killed", 23, "exact", None),
        ("killed", 304, "exact", None),
        ("killed", 321, "exact", 2),
    ]
    assert rows[0]["claimed_by"] == "Amnesty International"
    assert not (tmp_path / "nowhere").exists()  # nothing stored


def test_extract_command_reports_bad_files_and_languages(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Police arrested 12 students.", encoding="utf-8")
    result = run_cli(["extract", str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and json.loads(result.stdout)["low"] == 12
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    result = run_cli(["extract", str(broken)])
    assert result.exit_code == 1 and "broken.pdf" in result.stderr
    result = run_cli(["extract", "--lang", "xx", str(good)])
    assert result.exit_code == 1 and "no lexicon" in result.stderr


def test_eval_claims_scores_a_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    passages = [
        {
            "id": "a",
            "language": "en",
            "text": "Officials said 40 people were killed and 300 were arrested.",
            "claims": [
                {"measure": "killed", "low": 40, "high": 40, "qualifier": "exact",
                 "claimed_by": "officials"},
                {"measure": "detained", "low": 300, "high": 300, "qualifier": "exact",
                 "claimed_by": "officials"},
            ],
        },
        {
            "id": "b",
            "language": "en",
            "text": "A 22-year-old was shot in 2019.",
            "claims": [{"measure": "injured", "low": 1, "high": 1, "qualifier": "exact",
                        "claimed_by": None}],
        },
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(p) for p in passages), encoding="utf-8")
    result = run_cli(["eval", "claims", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    # both figures of "a" are found (arrested and detained count as one measure); "b" is missed
    assert scores["en"]["claims"] == {
        "tp": 2, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.6667, "f1": 0.8
    }  # fmt: skip
    assert scores["en"]["claimed_by"]["tp"] == 2
    table = run_cli(["eval", "claims", str(gold)])
    assert "0.800" in table.stdout
    gold.write_text('{"text": "no claims list"}\n', encoding="utf-8")
    result = run_cli(["eval", "claims", str(gold)])
    assert result.exit_code == 1 and "line 1" in result.stderr


def test_many_documents_are_read_by_worker_processes_with_the_same_result(
    env, tmp_path, monkeypatch
):
    from dadkhah.extract import stage

    folder = tmp_path / "wires"
    folder.mkdir()
    for i in range(stage.PARALLEL_FROM + 4):
        (folder / f"wire-{i:02d}.txt").write_text(
            f"Rights monitors said at least {100 + i} protesters were killed in city {i}, "
            f"and more than {1000 + i} people were arrested.\n",
            encoding="utf-8",
        )
    store = open_store(env | {"DADKHAH_PARSE_WORKERS": "2"})
    report, _ = ingest_and_parse(store, [str(folder)], IngestOptions(actor="tester"))
    with store.read() as tx:
        parallel = sorted((c.document_id, c.measure, c.low, c.span.text) for c in tx.claims())
    assert len(parallel) == 2 * (stage.PARALLEL_FROM + 4)
    monkeypatch.setattr(stage, "PARALLEL_FROM", 10_000)  # now all in this process
    ids = [o.document_id for o in report.outcomes]
    assert {o.status for o in extract_documents(store, ids, "tester", force=True)} == {"extracted"}
    with store.read() as tx:
        alone = sorted((c.document_id, c.measure, c.low, c.span.text) for c in tx.claims())
    assert alone == parallel


def test_extract_command_can_add_entities_and_quotes(tmp_path):
    src = tmp_path / "wire.txt"
    src.write_text(
        "Amnesty International said at least 304 people were killed in Tehran.\n"
        "The judiciary spokesman said: \u201cNo protester was killed by the police.\u201d\n",
        encoding="utf-8",
    )
    result = run_cli(["extract", "--entities", str(src)])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = src.read_text(encoding="utf-8")
    assert {r["type"] for r in rows} == {"claim", "entity", "quote"}
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
    kinds = {(r["kind"], r["name"]) for r in rows if r["type"] == "entity"}
    assert ("organisation", "Amnesty International") in kinds and ("place", "Tehran") in kinds
    quote = next(r for r in rows if r["type"] == "quote")
    assert quote["text"] == "No protester was killed by the police."
    claims = [r for r in rows if r["type"] == "claim"]
    assert [(c["low"], c["place"]) for c in claims] == [(304, "Tehran")]  # the quote's is none


def test_an_installed_spacy_pipeline_adds_its_entities(tmp_path, monkeypatch):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Kashef"}])
    nlp.to_disk(tmp_path / "pipeline")
    src = tmp_path / "wire.txt"
    src.write_text("On Friday Kashef said 14 fishermen were detained.\n", encoding="utf-8")
    from dadkhah.extract import entities_hook

    entities_hook._pipeline.cache_clear()
    monkeypatch.setenv("DADKHAH_SPACY_MODEL", str(tmp_path / "pipeline"))
    rows = [json.loads(x) for x in run_cli(["extract", "--entities", str(src)]).stdout.splitlines()]
    assert {"kind": "organisation", "source": "spacy", "text": "Kashef"}.items() <= next(
        r for r in rows if r["type"] == "entity"
    ).items()
    assert [r["claimed_by"] for r in rows if r["type"] == "claim"] == ["Kashef"]
    monkeypatch.setenv("DADKHAH_SPACY_MODEL", str(tmp_path / "no-such-pipeline"))
    rows = run_cli(["extract", str(src)]).stdout.splitlines()
    assert len(rows) == 1  # without the pipeline, the rules still read the claim
    entities_hook._pipeline.cache_clear()


def test_an_altered_text_is_not_read_for_claims(corpus):
    store = corpus
    article = _docs(store)["1988-prison-killings.txt"]
    path = store.blob_path(article.text_blob_sha256)
    path.chmod(0o644)
    path.write_text("Someone rewrote this: 9,999 people were killed.", encoding="utf-8")
    outcome = extract_documents(store, [article.id], "tester", force=True)[0]
    assert outcome.status == "failed" and "no longer matches its hash" in outcome.message
    with store.read() as tx:
        assert all(c.low != 9999 for c in tx.claims(article.id))


def test_a_new_extraction_keeps_candidates_an_analyst_tied_to_an_event(corpus):
    store = corpus
    article = _docs(store)["aban-1398-crackdown.html"]
    with store.write("ana") as tx:
        first, second, third = tx.claims(article.id)[:3]
        event = tx.add_event("crackdown", "November 2019", [{"reason": "widely reported"}])
        tx.link_claim_event(first.id, event.id, "confirmed", reason="about it")
        tx.link_claim_event(second.id, event.id, "rejected", reason="not about it")
        tx.link_claim_event(third.id, event.id, "proposed", 0.7)
    extract_documents(store, [article.id], "tester", force=True)
    with store.read() as tx:
        kept = {c.id for c in tx.claims(article.id)}
        links = {(link.claim_id, link.status) for link in tx.claim_events(event_id=event.id)}
    assert {first.id, second.id} <= kept and third.id not in kept
    assert links == {(first.id, "confirmed"), (second.id, "rejected")}
