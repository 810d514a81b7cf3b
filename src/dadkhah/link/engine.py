"""Linkage with Splink: a Fellegi–Sunter model trained by expectation maximisation on the
normalised fields, then pairs scored and clustered.

The comparisons work on what ``dadkhah.link.fields`` made of each row, never on raw names:
the consonant keys of given, family and father's names (exact, then Jaro–Winkler), sex,
the date within days, the age within years, the place. Given and family keys carry a
term-frequency adjustment, so that two records both called Mohammad Ahmadi count for less
than two records both called Behnam Zare. Blocking rules pair records that share a family
key, a given key and a date, or a phonetic key and a place.

EM can collapse on lists full of namesakes (it finds no matches at all); the prior is set
from a deterministic rule before training and the trained m probabilities are checked: a
model in which agreeing on the family key is not more likely for matches than for non-matches
is refused with an error rather than used.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

COLUMNS = (
    "unique_id", "source_dataset", "record_id", "given_key", "family_key", "father_key",
    "full_key", "phonetic_key", "sex", "age", "date", "place",
)  # fmt: skip


@dataclass
class LinkResult:
    clusters: list[dict]  # list, record_id, cluster_id, probability
    pairs: list[dict]  # list_l, record_id_l, list_r, record_id_r, probability
    parameters: dict  # the trained model's m and u probabilities, per comparison level


def settings(link_type: str = "link_and_dedupe"):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # prior m probabilities (how often the true match of a record agrees at each level):
    # the model starts from them, and keeps them where the lists are too small for EM
    def name(col: str, tf: bool, exact: float):
        rest = 1 - exact
        return cl.CustomComparison(
            output_column_name=col,
            comparison_levels=[
                cll.Or(
                    cll.NullLevel(col), cll.CustomLevel(f"{col}_l = '' OR {col}_r = ''")
                ).configure(is_null_level=True),
                cll.ExactMatchLevel(col, term_frequency_adjustments=tf).configure(
                    m_probability=exact
                ),
                cll.JaroWinklerLevel(col, 0.92).configure(m_probability=rest * 0.5),
                cll.JaroWinklerLevel(col, 0.8).configure(m_probability=rest * 0.3),
                cll.ElseLevel().configure(m_probability=rest * 0.2),
            ],
        )

    age = cl.CustomComparison(
        output_column_name="age",
        comparison_levels=[
            cll.NullLevel("age"),
            cll.ExactMatchLevel("age").configure(m_probability=0.7),
            cll.AbsoluteDifferenceLevel("age", 1).configure(m_probability=0.2),
            cll.AbsoluteDifferenceLevel("age", 3).configure(m_probability=0.07),
            cll.ElseLevel().configure(m_probability=0.03),
        ],
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=[
            name("given_key", True, 0.9),
            name("family_key", True, 0.9),
            name("father_key", False, 0.8),
            cl.ExactMatch("sex").configure(m_probabilities=[0.98, 0.02]),
            cl.AbsoluteDateDifferenceAtThresholds(
                "date", input_is_string=True, metrics=["day", "day", "day"], thresholds=[1, 3, 30]
            ).configure(m_probabilities=[0.6, 0.15, 0.1, 0.1, 0.05]),
            age,
            cl.ExactMatch("place").configure(
                term_frequency_adjustments=True, m_probabilities=[0.85, 0.15]
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("family_key"),
            block_on("given_key", "date"),
            block_on("phonetic_key", "place"),
        ],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["record_id"],
        probability_two_random_records_match=0.0001,
    )


def _write_csv(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in COLUMNS})


@dataclass
class Plan:
    """How to train a model: the settings, the deterministic rules that set the prior, and
    the blocks EM trains on (each a list of columns). ``check`` names the comparison whose
    exact level must favour a match in the trained model."""

    settings: object
    deterministic: list[list[str]]
    em_blocks: list[list[str]]
    check: str | None = None
    recall: float = 0.7


def victim_plan() -> Plan:
    return Plan(
        settings(),
        deterministic=[["full_key", "date"], ["full_key", "father_key"]],
        em_blocks=[["family_key"], ["given_key", "date"]],
        check="family_key",
    )


def train_and_predict(con, table: str, plan: Plan, threshold: float, lower: float, seed: int = 1):
    """Train on a DuckDB table, score pairs at ``lower`` and cluster at ``threshold``;
    returns (predictions table, clusters table, parameters), names valid on ``con``."""
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    db = DuckDBAPI(con)
    linker = Linker(db.register(table), plan.settings, log_level=logging.ERROR)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on(*cols) for cols in plan.deterministic], recall=plan.recall
    )
    training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    trained = []
    for cols in plan.em_blocks:
        try:
            training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True
            )
            trained.append(True)
        except ValueError:  # a level never observed in a small list: keep the prior
            trained.append(False)
    parameters = _parameters(linker)
    parameters["trained_by_em"] = all(trained)
    if plan.check:
        _check(parameters, plan.check)
    predictions = linker.inference.predict(threshold_match_probability=lower)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    return predictions.physical_name, clusters.physical_name, parameters


def link(
    records: list[dict], threshold: float = 0.9, lower: float = 0.5, seed: int = 1
) -> LinkResult:
    """Link and deduplicate records (dicts with ``COLUMNS``; ``source_dataset`` is the list)."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="dadkhah-link-") as tmp:
        path = Path(tmp) / "records.csv"
        _write_csv(records, path)
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE records AS SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [str(path)],
        )
        con.execute(
            "CREATE TABLE records_typed AS SELECT unique_id, source_dataset, record_id, "
            "given_key, family_key, father_key, full_key, phonetic_key, NULLIF(sex, '') AS sex, "
            "TRY_CAST(NULLIF(age, '') AS INTEGER) AS age, NULLIF(date, '') AS date, "
            "NULLIF(place, '') AS place FROM records"
        )
        predictions, clusters, parameters = train_and_predict(
            con, "records_typed", victim_plan(), threshold, lower, seed
        )
        pair_rows = con.execute(
            f"SELECT source_dataset_l, record_id_l, source_dataset_r, record_id_r, "
            f"match_probability FROM {predictions} ORDER BY match_probability DESC"
        ).fetchall()
        cluster_rows = con.execute(
            f"SELECT source_dataset, record_id, cluster_id FROM {clusters}"
        ).fetchall()
        con.close()
    best: dict[tuple, float] = {}
    for a, ra, b, rb, p in pair_rows:
        if p >= threshold:
            for k in ((a, ra), (b, rb)):
                best[k] = max(best.get(k, 0.0), p)
    clusters_out = [
        {"list": s, "record_id": r, "cluster_id": c, "probability": round(best.get((s, r), 1.0), 4)}
        for s, r, c in sorted(cluster_rows)
    ]
    pairs_out = [
        {"list_l": a, "record_id_l": ra, "list_r": b, "record_id_r": rb, "probability": round(p, 6)}
        for a, ra, b, rb, p in pair_rows
    ]
    return LinkResult(clusters_out, pairs_out, parameters)


def _parameters(linker) -> dict:
    out = {}
    for comparison in linker._settings_obj.comparisons:
        levels = {}
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            levels[level.label_for_charts] = {"m": level.m_probability, "u": level.u_probability}
        out[comparison.output_column_name] = levels
    return out


def _check(parameters: dict, column: str) -> None:
    """Refuse a collapsed model: agreeing exactly on ``column`` must favour a match."""
    from dadkhah.errors import DadkhahError

    family = parameters.get(column, {})
    if not isinstance(family, dict):
        family = {}
    exact = next((v for k, v in family.items() if "exact" in k.lower()), None)
    if exact is None or exact["m"] is None or exact["u"] is None or exact["m"] <= exact["u"]:
        raise DadkhahError(
            "the linkage model did not learn that agreeing names mean the same person "
            f"({column} exact match: {exact}); the lists may be too small or too uniform"
        )
