"""`dadkhah estimate`: reading capture-history tables, the JSON and table outputs, strata,
charts, and errors as exit codes."""

import csv
import json

import numpy as np
import pytest

from dadkhah.errors import InputError
from dadkhah.estimate import read_histories, read_strata
from testing import REPO, run_cli, write_files

DATA = REPO / "tests" / "data" / "mse"
KOSOVO = DATA / "kosovo_aggregate_patterns.csv"
KEYS = {
    "method", "lists", "observed", "estimate", "ci_low", "ci_high", "level", "se", "model",
    "settings", "seed", "diagnostics", "plots",
}  # fmt: skip


def estimate_json(*args: str) -> dict:
    result = run_cli(["estimate", *map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_link_histories_end_to_end(tmp_path):
    # the file `dadkhah link histories` writes for the example lists (tests/test_link_run.py):
    # one 0/1 column per list, named as the lists are, and a `count` column
    from dadkhah.link.run import write_csv

    order = ["A", "list-b-fa.csv"]
    rows = [
        {"A": 1, "list-b-fa.csv": 1, "count": 25},
        {"A": 1, "list-b-fa.csv": 0, "count": 13},
        {"A": 0, "list-b-fa.csv": 1, "count": 14},
    ]
    path = tmp_path / "h.csv"
    write_csv(rows, path, [*order, "count"])
    record = estimate_json(path, "--method", "chapman")
    assert set(record) == KEYS
    assert record["lists"] == order and record["observed"] == 52
    assert record["estimate"] == pytest.approx(39 * 40 / 26 - 1)
    assert 52 < record["ci_low"] < record["estimate"] < record["ci_high"]
    assert record["se"] > 0 and record["model"] is None and record["seed"] is None
    assert record["diagnostics"]["both"] == 25
    lp = estimate_json(path, "--method", "lincoln-petersen")
    assert lp["estimate"] == pytest.approx(38 * 39 / 25)
    shown = run_cli(["estimate", str(path), "--method", "chapman"])
    assert shown.exit_code == 0 and "59.0 people in all" in shown.stdout


def test_loglinear_json_reproduces_kosovo():
    record = estimate_json(KOSOVO, "--method", "loglinear")
    assert set(record) == KEYS
    assert record["model"]["name"] == "[123,14,34]"
    assert record["model"]["selection"] == "search"
    assert round(record["estimate"], 1) == 10356.5
    assert (round(record["ci_low"], 1), round(record["ci_high"], 1)) == (8994.3, 12110.4)
    assert round(record["se"], 1) == 785.9
    assert record["diagnostics"]["models_fitted"] == 113
    assert record["diagnostics"]["ranking"][1]["name"] == "[123,134]"
    fixed = estimate_json(KOSOVO, "--method", "loglinear", "--model", "independence")
    assert round(fixed["estimate"], 1) == 7394.6 and fixed["model"]["selection"] == "fixed"
    named = estimate_json(
        KOSOVO, "--method", "loglinear", "--model", "EXH*ABA*OSCE+EXH*HRW+OSCE*HRW"
    )
    assert named["estimate"] == pytest.approx(record["estimate"])


def test_table_output_and_charts(tmp_path):
    result = run_cli(["estimate", str(KOSOVO), "--method", "loglinear", "--plot", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "10,357 people in all (95% interval 8,994 to 12,110)" in result.stdout
    assert "[123,14,34]" in result.stdout and "best by BIC of 113 models" in result.stdout
    for stem in ("overlap", "profile"):
        assert (tmp_path / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in (tmp_path / f"{stem}.svg").read_bytes()[:1000]
        assert f"{tmp_path / stem}.png" in result.stdout


def test_lists_are_chosen_and_other_columns_ignored(tmp_path):
    (path,) = write_files(
        tmp_path,
        {"h.csv": "id,A,B,C,province,Count\nx1,1,1,0,Tehran,4\nx2,1,0,1,Tehran,6\n"
         "x3,0,1,1,Fars,5\nx4,1,0,0,Fars,9\nx5,0,1,0,Fars,7\nx6,0,0,1,Fars,3\n"},
    )  # fmt: skip
    hist = read_histories(path)
    assert hist.lists == ("A", "B", "C") and hist.ignored == ("id", "province")
    assert hist.observed == 34
    # people only on list C drop out when A and B are chosen
    assert read_histories(path, lists=["A", "B"]).observed == 34 - 3
    record = estimate_json(path, "--method", "chapman", "--lists", "A,B")
    assert record["lists"] == ["A", "B"] and record["observed"] == 4 + 6 + 5 + 9 + 7
    assert record["diagnostics"]["both"] == 4
    many = run_cli(["estimate", str(path), "--method", "chapman"])
    assert many.exit_code == 1 and "exactly two lists" in many.stderr


def test_one_row_per_person_gives_the_same_table(tmp_path):
    patterns = read_histories(KOSOVO)
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(patterns.lists)
        for pattern, count in zip(patterns.patterns, patterns.counts, strict=True):
            w.writerows([pattern.tolist()] * int(count))
    people = read_histories(path)
    assert people.observed == 4400
    assert np.array_equal(people.cells(), patterns.cells())


def test_strata_give_a_total(tmp_path):
    lines = ["A,B,C,region,n"]
    for region, scale in (("north", 1), ("شمال", 2)):
        for pattern, count in (("1,1,1", 5), ("1,1,0", 20), ("1,0,1", 15), ("0,1,1", 18),
                               ("1,0,0", 60), ("0,1,0", 55), ("0,0,1", 70)):  # fmt: skip
            lines.append(f"{pattern},{region},{count * scale}")
    (path,) = write_files(tmp_path, {"s.csv": "\n".join(lines) + "\n"})
    tables = read_strata(path, "region")
    assert list(tables) == ["north", "شمال"] and tables["شمال"].observed == 2 * 243
    record = estimate_json(
        path, "--method", "loglinear", "--model", "independence", "--strata", "region",
        "--plot", tmp_path / "charts",
    )  # fmt: skip
    north, south = record["strata"]["north"], record["strata"]["شمال"]
    assert record["estimate"] == pytest.approx(north["estimate"] + south["estimate"])
    assert record["se"] == pytest.approx(np.hypot(north["se"], south["se"]))
    assert record["observed"] == 3 * 243
    assert record["ci_low"] < record["estimate"] < record["ci_high"]
    assert "quadrature" in record["diagnostics"]["combination"]
    assert (tmp_path / "charts" / "شمال-overlap.svg").exists()
    assert (tmp_path / "charts" / "total-overlap.png").exists()
    assert any(p.endswith("north-profile.png") for p in north["plots"])


def test_a_stratum_that_fails_leaves_no_total(tmp_path):
    (path,) = write_files(
        tmp_path,
        {"s.csv": "A,B,where,count\n1,1,x,5\n1,0,x,9\n0,1,x,7\n1,0,y,3\n0,1,y,4\n"},
    )
    result = run_cli(["estimate", str(path), "--method", "chapman", "--strata", "where",
                      "--format", "json"])  # fmt: skip
    assert result.exit_code == 1
    assert "stratum y" in result.stderr and "nobody in common" in result.stderr
    record = json.loads(result.stdout)
    assert record["estimate"] is None and record["strata"]["x"]["estimate"] > 21
    assert "nobody in common" in record["diagnostics"]["problems"]["y"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A,B,count\n1,1,3\n1,x,2\n", "line 3: list column 'B' holds 'x', not 0 or 1"),
        ("A,B,count\n1,1,3\n1,0,-2\n", "line 3: count column 'count' holds '-2'"),
        ("A,B,count\n1,1,3\n0,0,5\n", "line 3: a row on no list"),
        ("A,B,count\n1,1,3\n1,0\n", "line 3 has 2 fields where the header has 3"),
        ("A,B,Freq,n\n1,1,3,3\n", "more than one count column"),
        ("A,name\n1,x\n0,y\n", "needs at least two list columns"),
        ("A,B,count\n", "no rows"),
        ("", "is empty"),
    ],
)
def test_bad_tables_are_named_with_the_line(tmp_path, content, message):
    (path,) = write_files(tmp_path, {"bad.csv": content})
    with pytest.raises(InputError, match="bad.csv"):
        read_histories(path, lists=["A", "B"] if "x" in content else None)
    chosen = ["--lists", "A,B"] if "'B' holds" in message else []
    result = run_cli(["estimate", str(path), "--method", "chapman", *chosen])
    assert result.exit_code == 1
    assert message in result.stderr and "bad.csv" in result.stderr


def test_errors_become_exit_codes(tmp_path):
    missing = run_cli(["estimate", str(tmp_path / "none.csv"), "--method", "chapman"])
    assert missing.exit_code == 1 and "cannot be read" in missing.stderr
    level = run_cli(["estimate", str(KOSOVO), "--method", "loglinear", "--level", "1.5"])
    assert level.exit_code == 2
    method = run_cli(["estimate", str(KOSOVO), "--method", "petersen"])
    assert method.exit_code == 2
    lists = run_cli(["estimate", str(KOSOVO), "--method", "chapman", "--lists", "EXH,ICRC"])
    assert lists.exit_code == 1 and "no list column 'ICRC'" in lists.stderr
    model = run_cli(["estimate", str(KOSOVO), "--method", "loglinear", "--model", "1*7"])
    assert model.exit_code == 1 and "no list 7" in model.stderr
    art = DATA / "sparsemse_Artificial_3.csv"
    no_mle = run_cli(["estimate", str(art), "--method", "loglinear", "--model", "A*B"])
    assert no_mle.exit_code == 1 and "does not exist" in no_mle.stderr


def test_lcmcr_through_the_command(tmp_path):
    pytest.importorskip("dadkhah.estimate.lcmcr")
    quick = ["--method", "lcmcr", "--burnin", "200", "--samples", "100", "--thinning", "2"]
    first = estimate_json(KOSOVO, *quick, "--seed", "11", "--plot", tmp_path)
    again = estimate_json(KOSOVO, *quick, "--seed", "11")
    assert set(first) == KEYS and first["seed"] == 11
    assert first["estimate"] == again["estimate"] and first["ci_low"] == again["ci_low"]
    assert 4400 < first["ci_low"] < first["estimate"] < first["ci_high"]
    assert first["se"] is None and first["settings"]["K"] == 10
    assert "ess" in first["diagnostics"] and "posterior_sd" in first["diagnostics"]
    assert (tmp_path / "posterior.png").exists() and (tmp_path / "posterior.svg").exists()
    two = run_cli(["estimate", str(DATA / "sparsemse_Artificial_3.csv"), *quick, "--lists", "A,B"])
    assert two.exit_code == 1 and "3 lists" in two.stderr


def test_the_estimate_package_stays_pure():
    # numbers in, numbers out: no store, no linkage, no web, no command line
    import ast

    banned = ("dadkhah.store", "dadkhah.link", "dadkhah.web", "dadkhah.cli", "sqlalchemy")
    for path in (REPO / "src" / "dadkhah" / "estimate").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.startswith(banned)], path.name
