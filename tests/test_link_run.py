"""Linking the example lists end to end, against the answers in examples/lists/TRUTH.md."""

import csv
import re

from testing import EXAMPLES, run_cli

LISTS = EXAMPLES / "lists"


def truth_pairs() -> set[frozenset]:
    pairs = set()
    for line in (LISTS / "TRUTH.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| P\d+ \| ([^|]+) \| ([^|]+) \|", line)
        if m:
            ids = [("A", x) for x in re.findall(r"A\d+", m.group(1))]
            ids += [("B", x) for x in re.findall(r"B\d+", m.group(2))]
            pairs |= {frozenset([a, b]) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return pairs


def test_the_example_lists_link_across_scripts(env, tmp_path):
    assert run_cli(["list", "import", str(LISTS / "list-a-en.csv"), "--name", "A"]).exit_code == 0
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    # a list can also be a file, imported on the fly under its file name
    result = run_cli(["link", "run", "A", str(LISTS / "list-b-fa.csv"), "--out", str(out),
                      "--pairs", str(pairs)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["list", "record_id", "cluster_id", "probability"]
    assert len(rows) == 80  # every record, singletons included
    members: dict = {}
    for r in rows:
        name = "A" if r["list"] == "A" else "B"
        members.setdefault(r["cluster_id"], []).append((name, r["record_id"]))
    predicted = {
        frozenset([a, b]) for m in members.values() for i, a in enumerate(m) for b in m[i + 1 :]
    }
    truth = truth_pairs()
    found = predicted & truth
    precision, recall = len(found) / len(predicted), len(found) / len(truth)
    assert recall == 1.0 and precision >= 0.95, (precision, recall)
    cross = [p for p in found if {x[0] for x in p} == {"A", "B"}]
    assert len(cross) == 27  # every Persian-script record found its transliterated twin
    scored = list(csv.DictReader(pairs.open(encoding="utf-8")))
    assert list(scored[0]) == ["list_l", "record_id_l", "list_r", "record_id_r", "probability"]
    assert all(0.5 <= float(p["probability"]) <= 1 for p in scored)
    h = tmp_path / "h.csv"
    assert run_cli(["link", "histories", "--out", str(h)]).exit_code == 0
    table = list(csv.DictReader(h.open(encoding="utf-8")))
    counts = {(r["A"], r["list-b-fa.csv"]): int(r["count"]) for r in table}
    # TRUTH.md: 25 people on both lists, 13 only on A, 14 only on B
    assert counts == {("1", "1"): 25, ("1", "0"): 13, ("0", "1"): 14}


def four_list_truth() -> dict:
    """(list, id as in the file) -> person, from TRUTH.md's table of lists A to D."""
    out = {}
    text = (LISTS / "TRUTH.md").read_text(encoding="utf-8")
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for line in text.split("## Lists C and D")[1].splitlines():
        m = re.match(r"\| (Q\d+) [^|]*((?:\|[^|]+){4})\|", line)
        if not m:
            continue
        for name, cell in zip("abcd", m.group(2).strip("|").split("|"), strict=True):
            for rid in re.findall(r"[ABCD]\d+", cell):
                own = {"c": str(int(rid[1:])), "d": str(int(rid[1:])).translate(persian)}
                out[(name, own.get(name, rid))] = m.group(1)
    return out


def test_four_lists_in_two_scripts_link_into_the_people_of_truth(env, tmp_path):
    for name in "abcd":
        path = next(LISTS.glob(f"list-{name}-*.csv"))
        assert run_cli(["list", "import", str(path), "--name", name]).exit_code == 0
    out = tmp_path / "clusters.csv"
    assert run_cli(["link", "run", "a", "b", "c", "d", "--out", str(out)]).exit_code == 0
    truth = four_list_truth()
    assert len(truth) == 148 and len(set(truth.values())) == 60
    groups: dict = {}
    for r in csv.DictReader(out.open(encoding="utf-8")):
        groups.setdefault(r["cluster_id"], []).append((r["list"], r["record_id"]))
    assert sum(len(g) for g in groups.values()) == 148

    def pairs(gs):
        return {frozenset([a, b]) for g in gs for i, a in enumerate(g) for b in g[i + 1 :]}

    by_person: dict = {}
    for k, person in truth.items():
        by_person.setdefault(person, []).append(k)
    predicted, true = pairs(groups.values()), pairs(by_person.values())
    precision = len(predicted & true) / len(predicted)
    recall = len(predicted & true) / len(true)
    assert precision >= 0.97 and recall >= 0.98, (precision, recall)
    h = tmp_path / "h.csv"
    assert run_cli(["link", "histories", "--out", str(h)]).exit_code == 0
    rows = list(csv.DictReader(h.open(encoding="utf-8")))
    assert list(rows[0]) == ["a", "b", "c", "d", "count"]
    on_all = next(
        int(r["count"]) for r in rows if (r["a"], r["b"], r["c"], r["d"]) == tuple("1111")
    )
    assert on_all == 13  # TRUTH.md: 13 people on all four lists


def test_linking_needs_lists_it_can_find(env, tmp_path):
    missing = run_cli(["link", "run", "nowhere", "--out", str(tmp_path / "c.csv")])
    assert missing.exit_code == 1 and "neither a stored list nor a file" in missing.stderr
    assert run_cli(["link", "histories", "--out", str(tmp_path / "h.csv")]).exit_code == 1
    unknown = run_cli(["link", "run", "A", "--out", str(tmp_path / "c.csv"), "--backend", "r"])
    assert unknown.exit_code == 2
    assert run_cli(["link", "victims"]).exit_code == 1


def test_clusters_become_canonical_victims_with_their_source_records(env, tmp_path):
    import json

    for name in ("list-a-en.csv", "list-b-fa.csv"):
        run_cli(["list", "import", str(LISTS / name), "--name", name[:6]])
    assert (
        run_cli(["link", "run", "list-a", "list-b", "--out", str(tmp_path / "c.csv")]).exit_code
        == 0
    )
    victims = json.loads(run_cli(["link", "victims", "--format", "json"]).stdout)
    assert len(victims) == 52  # one per cluster: TRUTH.md's 25 + 13 + 14 people
    both = [v for v in victims if len(v["lists"]) == 2]
    assert len(both) == 25
    # a victim on both lists has its Latin spelling as name, the Persian one beside it
    assert all(v["name_fa"] and re.search("[\u0600-\u06ff]", v["name_fa"]) for v in both)
    assert all(not re.search("[\u0600-\u06ff]", v["name"]) for v in both)
    # where the records disagree the victim says so, with every value
    karimi = next(v for v in victims if v["name"] == "Hussein Karimi")
    assert karimi["records"] == 3 and sorted(karimi["conflicts"]["age"]) == [30, 31]
    shown = json.loads(run_cli(["link", "victim", karimi["id"], "--format", "json"]).stdout)
    assert sorted(s["record_id"] for s in shown["sources"]) == ["A004", "A018", "B008"]
    assert all(s["document_id"].startswith("doc-") for s in shown["sources"])
    # the same clusters keep their ids in a later run; a decision that splits one changes it
    assert (
        run_cli(["link", "run", "list-a", "list-b", "--out", str(tmp_path / "c.csv")]).exit_code
        == 0
    )
    again = json.loads(run_cli(["link", "victims", "--format", "json"]).stdout)
    assert {v["id"] for v in again} == {v["id"] for v in victims}
    assert {v["run_id"] for v in again} != {v["run_id"] for v in victims}
    a004, b008 = (next(s["record"] for s in shown["sources"] if s["record_id"] == x)
                  for x in ("A004", "B008"))  # fmt: skip
    assert run_cli(["link", "decide", a004, b008, "--different"]).exit_code == 0
    assert (
        run_cli(["link", "run", "list-a", "list-b", "--out", str(tmp_path / "c.csv")]).exit_code
        == 0
    )
    split = json.loads(run_cli(["link", "victims", "--format", "json"]).stdout)
    assert karimi["id"] not in {v["id"] for v in split}
    csv_out = tmp_path / "victims.csv"
    assert run_cli(["link", "victims", "--out", str(csv_out)]).exit_code == 0
    assert len(list(csv.DictReader(csv_out.open(encoding="utf-8")))) == len(split)


def test_generated_lists_in_both_scripts_link_with_high_f1():
    import random

    from dadkhah.link.simulate import evaluate, lists, population

    rng = random.Random(23)  # settings not used while the engine was tuned
    people = population(1500, rng)
    generated = lists(
        people,
        [("fa1", "persian", 0.5), ("en1", "latin", 0.45), ("en2", "latin", 0.35),
         ("fa2", "persian", 0.3)],
        rng,
    )  # fmt: skip
    score = evaluate(generated, {"fa1", "fa2"})
    assert score["f1"] >= 0.9, score
    assert score["cross_found"] >= 0.9 * score["cross_true"], score


def test_an_analysts_decision_on_a_pair_is_applied_by_later_runs(env, tmp_path):
    from testing import open_store

    for name in ("list-a-en.csv", "list-b-fa.csv"):
        assert run_cli(["list", "import", str(LISTS / name), "--name", name[:6]]).exit_code == 0
    out = tmp_path / "clusters.csv"
    assert run_cli(["link", "run", "list-a", "list-b", "--out", str(out)]).exit_code == 0

    def cluster_of(record_id):
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        return next(r["cluster_id"] for r in rows if r["record_id"] == record_id)

    # A005 and A037 are deliberately similar different people (TRUTH.md); say so
    assert cluster_of("A005") == cluster_of("A037")
    store = open_store(env)
    with store.read() as tx:
        (a,) = [v for v in tx.victim_lists() if v.name == "list-a"]
        ids = {r.record_id: r.id for r in tx.victim_records(a.id)}
    decided = run_cli(["link", "decide", ids["A005"], ids["A037"], "--different",
                       "--reason", "different fathers on the family's list"])  # fmt: skip
    assert decided.exit_code == 0, decided.stderr
    assert run_cli(["link", "run", "list-a", "list-b", "--out", str(out)]).exit_code == 0
    assert cluster_of("A005") != cluster_of("A037")
    review = run_cli(["link", "review", "--list"])
    assert review.exit_code == 0
    assert "probability" in review.stdout or "no undecided pairs" in review.stdout
    with store.read() as tx:
        entries = [e for e in tx.custody() if e.details.get("record") == "link_decision"]
    assert entries and entries[0].details["same"] is False
