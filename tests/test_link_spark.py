"""The Spark backend: the same settings on a local Spark (local[2]) give the same people as
DuckDB, trained there or given the model DuckDB trained, and an analyst's decision is applied
there too. One Spark session for the suite (a run takes about a minute on two cores)."""

import csv
import json

import pytest

from testing import EXAMPLES, run_cli

pytest.importorskip("pyspark")


def partition(path) -> set[frozenset]:
    groups: dict = {}
    for r in csv.DictReader(path.open(encoding="utf-8")):
        groups.setdefault(r["cluster_id"], set()).add((r["list"], r["record_id"]))
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("env", ["sqlite"], indirect=True)
def test_spark_links_like_duckdb_and_applies_decisions(env, tmp_path):
    for name in ("list-a-en.csv", "list-b-fa.csv"):
        assert run_cli(["list", "import", str(EXAMPLES / "lists" / name),
                        "--name", name[:6]]).exit_code == 0  # fmt: skip
    duck = tmp_path / "duckdb.csv"
    assert run_cli(["link", "run", "list-a", "list-b", "--out", str(duck)]).exit_code == 0
    victims = json.loads(run_cli(["link", "victims", "--format", "json"]).stdout)
    joined = next(v for v in victims if v["records"] == 2 and len(v["lists"]) == 2)
    shown = json.loads(run_cli(["link", "victim", joined["id"], "--format", "json"]).stdout)
    a, b = (s["record"] for s in shown["sources"])
    assert run_cli(["link", "decide", a, b, "--different", "--reason", "test"]).exit_code == 0
    assert run_cli(["link", "run", "list-a", "list-b", "--out", str(duck)]).exit_code == 0
    spark = tmp_path / "spark.csv"
    result = run_cli(["link", "run", "list-a", "list-b", "--out", str(spark),
                      "--backend", "spark"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert partition(spark) == partition(duck)
    assert len(partition(spark)) == 53  # 52 people, one of them split by the decision
    probabilities = {
        (r["list"], r["record_id"]): float(r["probability"])
        for r in csv.DictReader(spark.open(encoding="utf-8"))
    }
    for r in csv.DictReader(duck.open(encoding="utf-8")):
        assert probabilities[(r["list"], r["record_id"])] == pytest.approx(
            float(r["probability"]), abs=1e-3
        )
    runs = json.loads(run_cli(["link", "victims", "--format", "json"]).stdout)
    assert joined["id"] not in {v["id"] for v in runs}
    # given the model a DuckDB run trained, Spark trains nothing and scores every pair alike
    assert run_cli(["link", "run", "list-a", "list-b", "--out", str(duck)]).exit_code == 0
    again = tmp_path / "spark-model.csv"
    result = run_cli(["link", "run", "list-a", "list-b", "--out", str(again),
                      "--backend", "spark", "--model-from", "latest"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "scored with the model trained by lrn-" in result.stdout
    assert partition(again) == partition(duck)
    reused = {
        (r["list"], r["record_id"]): float(r["probability"])
        for r in csv.DictReader(again.open(encoding="utf-8"))
    }
    for r in csv.DictReader(duck.open(encoding="utf-8")):
        assert reused[(r["list"], r["record_id"])] == pytest.approx(float(r["probability"]), 1e-6)
    missing = run_cli(["link", "run", "list-a", "--out", str(again), "--model-from", "lrn-none"])
    assert missing.exit_code == 1
