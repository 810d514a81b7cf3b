"""A linkage run over stored lists: link, keep the clusters, write the CSVs, and build the
capture-history table that estimation reads."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from dadkhah.errors import InputError
from dadkhah.link.engine import LinkResult, link
from dadkhah.link.lists import import_list
from dadkhah.link.victims import canonical_victims
from dadkhah.store import Store


def resolve_lists(store: Store, refs: list[str], actor: str) -> list:
    """Stored lists by name or id; a path to a file is imported first, named after it."""
    out = []
    for ref in refs:
        with store.read() as tx:
            found = tx.find_victim_list(ref)
        if found is None and Path(ref).is_file():
            found = import_list(store, ref, Path(ref).name, actor)
        if found is None:
            raise InputError(ref, "is neither a stored list nor a file")
        out.append(found)
    if len({v.id for v in out}) != len(out):
        raise InputError(", ".join(refs), "names one list twice")
    return out


def run_linkage(
    store: Store,
    refs: list[str],
    actor: str,
    threshold: float = 0.9,
    lower: float = 0.5,
    backend: str = "duckdb",
    model_from: str | None = None,
    on_step: Callable[..., None] | None = None,
) -> tuple[str, LinkResult, list]:
    """Link stored lists (or files, imported first) and store the run with its canonical
    victims. With ``model_from`` (a run id, or ``latest``) the model that run trained scores
    the pairs and nothing is trained, so another backend or a new list is scored alike.
    ``on_step(name, **values)`` hears of each step done: ``read`` (records, lists),
    ``linked`` (pairs, clusters), ``stored`` (run)."""
    step = on_step or (lambda name, **values: None)
    lists = resolve_lists(store, refs, actor)
    records, ids, stored = [], {}, {}
    with store.read() as tx:
        for vl in lists:
            for r in tx.victim_records(vl.id):
                ids[(vl.name, r.record_id)] = r.id
                stored[r.id] = (vl.id, r)
                records.append({**r.__dict__, "unique_id": r.id, "source_dataset": vl.name})
    if len(records) < 2:
        raise InputError(", ".join(refs), "hold fewer than two records: nothing to link")
    step("read", records=len(records), lists=len(lists))
    model = model_blocking = None
    with store.read() as tx:
        decisions = tx.link_decisions()
        if model_from:
            run = tx.latest_link_run() if model_from == "latest" else {"id": model_from}
            if run is None:
                raise InputError("--model-from latest", "no linkage run yet")
            earlier = tx.link_run_parameters(run["id"])
            model, model_blocking = earlier.get("model"), earlier.get("blocking")
            if model is None:
                raise InputError(f"--model-from {run['id']}", "that run kept no trained model")
    result = link(
        records, threshold=threshold, lower=lower, decisions=decisions, engine_name=backend,
        model=model, model_blocking=model_blocking,
    )  # fmt: skip
    if model_from:
        result.parameters["model_from"] = run["id"]
    members = [
        (ids[(c["list"], c["record_id"])], str(c["cluster_id"]), c["probability"])
        for c in result.clusters
    ]
    step("linked", pairs=len(result.pairs), clusters=len({m[1] for m in members}))
    victims = canonical_victims([(rid, cluster) for rid, cluster, _ in members], stored)
    with store.write(actor) as tx:
        run_id = tx.add_link_run(
            [v.id for v in lists], threshold, backend, result.parameters, members, victims
        )
    step("stored", run=run_id)
    return run_id, result, lists


def write_csv(rows: list[dict], path: str | Path, columns: list[str]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def histories(store: Store) -> tuple[list[str], list[dict]]:
    """The latest run's capture histories: one 0/1 column per list and a ``count`` column,
    one row per pattern of lists that people appear on."""
    with store.read() as tx:
        run = tx.latest_link_run()
        if run is None:
            raise InputError("link histories", "no linkage run yet (dadkhah link run)")
        names = {}
        list_of = {}
        for list_id in run["lists"]:
            vl = tx.get_victim_list(list_id)
            names[list_id] = vl.name
            for r in tx.victim_records(list_id):
                list_of[r.id] = vl.name
    order = [names[i] for i in run["lists"]]
    on: dict[str, set] = {}
    for record_id, cluster in run["members"]:
        on.setdefault(cluster, set()).add(list_of[record_id])
    patterns = Counter(tuple(int(n in lists) for n in order) for lists in on.values())
    rows = [
        dict(zip(order, p, strict=True)) | {"count": n}
        for p, n in sorted(patterns.items(), reverse=True)
    ]
    return order, rows
