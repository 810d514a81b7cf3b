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
is set aside, and the stated prior m values are used instead (the parameters say so).

The same plan runs on DuckDB (the default) or a local Spark: ``dadkhah.link.backends``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dadkhah.link.backends import COLUMNS, backend

__all__ = ["COLUMNS", "LinkResult", "Plan", "link", "settings", "train_and_predict", "victim_plan"]


@dataclass
class LinkResult:
    clusters: list[dict]  # list, record_id, cluster_id, probability
    pairs: list[dict]  # list_l, record_id_l, list_r, record_id_r, probability
    parameters: dict  # the trained model's m and u probabilities, per comparison level


# blocking: which pairs are scored at all. On a large list a rule is narrowed, one column at a
# time from REFINE, until it pairs at most BUDGET records (``fit_blocking``)
BLOCKING = [["family_key"], ["given_key", "date"], ["phonetic_key", "place"]]
EM_BLOCKS = [["family_key"], ["given_key", "date"]]
REFINE = ["given_key", "family_key", "place", "father_key", "date", "sex"]
BUDGET = 20_000_000
EM_BUDGET = 3_000_000


def settings(link_type: str = "link_and_dedupe", blocking: list[list[str]] | None = None):
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
        blocking_rules_to_generate_predictions=[block_on(*cols) for cols in (blocking or BLOCKING)],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["record_id"],
        probability_two_random_records_match=0.0001,
    )


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
    one_per_list: bool = False


def victim_plan(
    one_per_list: bool = False,
    blocking: list[list[str]] | None = None,
    em_blocks: list[list[str]] | None = None,
) -> Plan:
    return Plan(
        settings(blocking=blocking),
        deterministic=[["full_key", "date"], ["full_key", "father_key"]],
        em_blocks=em_blocks or EM_BLOCKS,
        check="family_key",
        one_per_list=one_per_list,
    )


def pair_count(engine, table, columns: list[str]) -> int:
    """How many pairs of records agree on every one of ``columns`` (none of them empty)."""
    cols = ", ".join(columns)
    present = " AND ".join(f"{c} IS NOT NULL AND {c} <> ''" for c in columns)
    sql = (
        f"SELECT SUM(n * (n - 1) / 2) FROM (SELECT COUNT(*) AS n FROM {table.physical_name} "
        f"WHERE {present} GROUP BY {cols}) AS blocks"
    )
    value = engine.query(sql)[0][0]
    return int(value or 0)


def fit_blocking(engine, table, rules: list[list[str]], budget: int) -> list[list[str]]:
    """Each rule, narrowed by further columns (``REFINE``) while it would pair more than
    ``budget`` records: on a million records the records sharing only a common family name
    run to billions of pairs, nearly all of them different people."""
    fitted = []
    for rule in rules:
        cols = list(rule)
        extra = [c for c in REFINE if c not in cols]
        while extra and pair_count(engine, table, cols) > budget:
            cols.append(extra.pop(0))
        if cols not in fitted:
            fitted.append(cols)
    return fitted


def train_and_predict(
    engine,
    table,
    plan: Plan,
    threshold: float,
    lower: float,
    seed: int = 1,
    decisions: dict | None = None,
    model: dict | None = None,
):
    """Train on a table registered with ``engine`` (a backend of ``dadkhah.link.backends``),
    score pairs at ``lower`` and cluster at ``threshold``; returns (predictions, clusters,
    parameters), the first two Splink tables on the engine.

    The prior (probability two random records match) comes from the plan's deterministic
    rules and the u probabilities from random pairs. EM then refines the m probabilities; when
    it collapses (the exact level of ``plan.check`` ends up below 0.5, or no likelier for
    matches than for non-matches: EM found some other split of the pairs, as it does on lists
    full of namesakes), its result is thrown away and the stated prior m values are used.

    With ``model`` (a trained model, as ``parameters["model"]`` of an earlier run holds it)
    nothing is trained: the pairs are scored with that model's parameters and blocking."""
    from splink import Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)

    def start():
        linker = Linker(table, plan.settings, log_level=logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*cols) for cols in plan.deterministic], recall=plan.recall
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        return linker

    if model is not None:
        # the plan's settings in this engine's SQL dialect, with the model's parameters: a
        # saved model's SQL is in the dialect of the engine that trained it
        linker = Linker(table, plan.settings, log_level=logging.ERROR)
        _apply_model(linker, model)
        parameters = _parameters(linker) | {"trained_by_em": "reused"}
        return _score(engine, table, plan, linker, parameters, threshold, lower, decisions)
    linker = start()
    trained = []
    for cols in plan.em_blocks:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True
            )
            trained.append(True)
        except ValueError:  # a level never observed in a small list: keep the prior
            trained.append(False)
    parameters = _parameters(linker)
    problem = _collapsed(parameters, plan.check) if plan.check else None
    if problem:
        linker = start()  # the stated priors, with the data's u values
        parameters = _parameters(linker)
        parameters["em_rejected"] = problem
        trained = [False]
    parameters["trained_by_em"] = all(trained)
    return _score(engine, table, plan, linker, parameters, threshold, lower, decisions)


def _score(engine, table, plan, linker, parameters, threshold, lower, decisions):
    """Score the blocked pairs, apply the analysts' decisions and cluster."""
    parameters["model"] = linker.misc.save_model_to_json()
    predictions = linker.inference.predict(threshold_match_probability=lower)
    if decisions:
        # an analyst's decision overrides the model on a pair it scored
        predictions = engine.override(predictions, decisions)
    if plan.one_per_list:
        # a record joins a cluster only as the mutual best match, one record per list: no
        # chains of namesakes (duplicates inside a list stay apart)
        lists = [r[0] for r in engine.rows(table, "DISTINCT source_dataset")]
        clusters = linker.clustering.cluster_using_single_best_links(
            predictions, duplicate_free_datasets=lists, threshold_match_probability=threshold
        )
    else:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
    return predictions, clusters, parameters


def link(
    records: list[dict],
    threshold: float = 0.9,
    lower: float = 0.5,
    seed: int = 1,
    one_per_list: bool = True,
    decisions: dict | None = None,
    engine_name: str = "duckdb",
    model: dict | None = None,
    model_blocking: list[list[str]] | None = None,
) -> LinkResult:
    """Link and deduplicate records (dicts with ``COLUMNS``; ``source_dataset`` is the list).

    With ``one_per_list`` (the default) clusters form by mutual best links with at most one
    record per list, so namesakes do not chain into one cluster; two records of one list
    join only when their pair is almost certain (0.99), as duplicates inside a list do. Without
    it, clusters are the connected components of the pairs at ``threshold``. With ``model``
    (an earlier run's ``parameters["model"]``, and the ``blocking`` it was trained with as
    ``model_blocking``) nothing is trained."""
    # list names become plain identifiers inside the engine (Splink puts them in SQL names)
    names = sorted({r["source_dataset"] for r in records})
    alias = {n: f"list{i}" for i, n in enumerate(names)}
    back = {v: k for k, v in alias.items()}
    records = [r | {"source_dataset": alias[r["source_dataset"]]} for r in records]
    engine = backend(engine_name)
    try:
        table = engine.load(records)
        if model is None:
            blocking = fit_blocking(engine, table, BLOCKING, BUDGET)
            em_blocks = fit_blocking(engine, table, EM_BLOCKS, EM_BUDGET)
        else:  # the blocking the model was trained with
            blocking, em_blocks = model_blocking or BLOCKING, []
        plan = victim_plan(one_per_list, blocking, em_blocks)
        predictions, clusters, parameters = train_and_predict(
            engine, table, plan, threshold, lower, seed, decisions, model
        )
        parameters["blocking"], parameters["em_blocks"] = blocking, em_blocks
        pair_rows = engine.rows(
            predictions,
            "source_dataset_l, record_id_l, source_dataset_r, record_id_r, match_probability, "
            "unique_id_l, unique_id_r",
            order="match_probability DESC, unique_id_l, unique_id_r",
        )
        cluster_rows = engine.rows(clusters, "source_dataset, record_id, cluster_id")
    finally:
        engine.close()
    uncertain = [
        [ul, ur, round(p, 6)] for *_rest, p, ul, ur in pair_rows if lower <= p < threshold
    ][:5000]
    pair_rows = [row[:5] for row in pair_rows]
    pair_rows = [(back[a], ra, back[b], rb, p) for a, ra, b, rb, p in pair_rows]
    cluster_rows = [(back[s], r, c) for s, r, c in cluster_rows]
    if one_per_list:
        key = {r["unique_id"]: (back[r["source_dataset"]], r["record_id"]) for r in records}
        apart = {
            frozenset((key[a], key[b]))
            for (a, b), same in (decisions or {}).items()
            if not same and a in key and b in key
        }
        cluster_rows = _merge_duplicates(cluster_rows, pair_rows, max(threshold, 0.99), apart)
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
    parameters["uncertain"] = uncertain  # for clerical review (dadkhah link review)
    return LinkResult(clusters_out, pairs_out, parameters)


def _apply_model(linker, model: dict) -> None:
    """Set a trained model's prior and its m and u values on ``linker``, whose comparisons
    must be the same (the same settings, maybe another SQL dialect)."""
    saved = {c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]}
    settings = linker._settings_obj
    for comparison in settings.comparisons:
        levels = saved.get(comparison.output_column_name)
        if levels is None or len(levels) != len(comparison.comparison_levels):
            raise ValueError(f"the model has no comparison {comparison.output_column_name!r}")
        for level, values in zip(comparison.comparison_levels, levels, strict=True):
            if level.is_null_level:
                continue
            for key in ("m_probability", "u_probability"):
                if values.get(key) is not None:
                    setattr(level, key, values[key])
    settings._probability_two_random_records_match = model["probability_two_random_records_match"]


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


def _collapsed(parameters: dict, column: str) -> str | None:
    """Why a trained model looks collapsed, or None: most true matches agree exactly on
    ``column``, so its exact level's m must be at least 0.5 and above its u."""
    levels = parameters.get(column, {})
    exact = next((v for k, v in levels.items() if "exact" in k.lower()), None)
    if exact is None or exact["m"] is None or exact["u"] is None:
        return f"no trained exact level for {column}"
    if exact["m"] < 0.5 or exact["m"] <= exact["u"]:
        return f"EM gave {column} exact match m={exact['m']:.3f}, u={exact['u']:.3f}"
    return None


def _merge_duplicates(cluster_rows, pair_rows, at: float, apart: set | None = None):
    """Clusters made one record per list, joined again where two records of one list are
    almost surely one person (a duplicate inside the list), unless an analyst decided that
    two of the records they would bring together are different people (``apart``)."""
    parent = {(s, r): c for s, r, c in cluster_rows}
    root = {c: c for c in parent.values()}
    members: dict = {}
    for k, c in parent.items():
        members.setdefault(c, set()).add(k)
    apart = apart or set()

    def find(c):
        while root[c] != c:
            root[c] = root[root[c]]
            c = root[c]
        return c

    for a, ra, b, rb, p in pair_rows:
        if a == b and p >= at and (a, ra) in parent and (b, rb) in parent:
            x, y = find(parent[(a, ra)]), find(parent[(b, rb)])
            if x == y or any(frozenset((m, n)) in apart for m in members[x] for n in members[y]):
                continue
            low, high = min(x, y), max(x, y)
            root[high] = low
            members[low] |= members.pop(high)
    return [(s, r, find(c)) for s, r, c in cluster_rows]
