"""Victim lists in dossiers: which lists an event's victims come from, who is documented on
them, what linkage did (with its settings), and how many people the overlap implies in all.

An event has no stored tie to a list; the lists of the latest linkage run count for an event
when most of their dated records fall within the event's dates (or when the user names them).
The documented count is the run's canonical victims on those lists, less those whose date
falls outside the event's; the estimate is ``dadkhah.estimate`` on their capture histories.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from dadkhah.access import highest
from dadkhah.errors import EstimateError, InputError
from dadkhah.estimate import EstimateOptions, Histories, draw_plots, estimate
from dadkhah.report.cite import Citations
from dadkhah.report.dossier import (
    ESTIMATE_METHOD,
    Dossier,
    ReportOptions,
    finish,
    image_uri,
    list_level,
    new_redactor,
    number,
    protect_lists,
    protect_people,
    within,
)
from dadkhah.report.redact import Redactor
from dadkhah.store import Store, Tx

MAX_ROWS = 2000  # victims shown one per row; the counts always cover everyone
SHARE_IN_PERIOD = 0.5  # a list counts for an event when more than this share of its dated
# records fall within the event's dates


def run_settings(tx: Tx, run: dict) -> dict:
    """What the linkage run used: lists, threshold, backend (from its custody entry), blocking
    rules, the comparisons with their m and u, and the analysts' decisions it applied."""
    params = tx.link_run_parameters(run["id"])
    created = next(
        (e for e in tx.custody_for([run["id"]]) if e.details.get("record") == "link_run"), None
    )
    details = created.details if created else {}
    records = {r for r, _ in run["members"]}
    decisions = [pair for pair in tx.link_decisions() if set(pair) & records]
    comparisons = []
    for name, levels in params.items():
        if isinstance(levels, dict):
            comparisons.append(
                {"field": name, "levels": [
                    {"level": level, "m": values.get("m"), "u": values.get("u")}
                    for level, values in levels.items() if isinstance(values, dict)]}
            )  # fmt: skip
    return {
        "run": run["id"],
        "time": created.time if created else "",
        "custody_seq": created.seq if created else None,
        "threshold": details.get("threshold"),
        "backend": details.get("backend"),
        "records": len(run["members"]),
        "clusters": len({c for _, c in run["members"]}),
        "blocking": [" and ".join(rule) for rule in params.get("blocking") or []],
        "em_blocks": [" and ".join(rule) for rule in params.get("em_blocks") or []],
        "trained_by_em": params.get("trained_by_em"),
        "comparisons": comparisons,
        "decisions": len(decisions),
        "uncertain": len(params.get("uncertain") or []),
    }


def choose_lists(
    tx: Tx, run: dict, span: tuple[str, str] | None, names: tuple[str, ...]
) -> tuple[list, dict]:
    """The run's lists that count for the event, and each list's share of dated records in
    its period (the reason it was or was not chosen)."""
    lists = [tx.get_victim_list(i) for i in run["lists"]]
    shares = {}
    for vl in lists:
        dated = [r.date for r in tx.victim_records(vl.id) if r.date]
        inside = sum(1 for d in dated if span and within(d, span))
        shares[vl.id] = inside / len(dated) if dated else 0.0
    if names:
        chosen = [tx.get_victim_list(n) for n in names]
        outside = [vl.name for vl in chosen if vl.id not in run["lists"]]
        if outside:
            raise InputError(", ".join(outside), "not in the latest linkage run (dadkhah link run)")
        return chosen, shares
    return [vl for vl in lists if shares[vl.id] > SHARE_IN_PERIOD], shares


def list_labels(cites: Citations, redactor: Redactor, lists: list) -> dict[str, str]:
    """How each list is named: its name, or in a public dossier "restricted list A" for a
    list that is not public (a list's name can say where it came from)."""
    labels, hidden = {}, 0
    for vl in lists:
        level = list_level(cites, vl)
        labels[vl.id] = vl.name
        if redactor.public and level != "public":
            hidden += 1
            labels[vl.id] = f"{level} list {_letters(hidden)}"
            redactor.note("list_name", vl.id, "lists", f"the name of a {level} list",
                          original=vl.name, label=labels[vl.id])  # fmt: skip
    return labels


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def victims_section(
    tx: Tx,
    cites: Citations,
    redactor: Redactor,
    run: dict,
    lists: list,
    span: tuple[str, str] | None,
    labels: dict[str, str],
) -> tuple[dict, object]:
    """The documented victims on ``lists`` (within ``span`` when given) and the estimate;
    returns the section and the estimate (None when there is none). ``labels`` name the
    lists (``list_labels``)."""
    chosen = {vl.id for vl in lists}
    list_cites, list_rows, levels = {}, [], {}
    for vl in lists:
        levels[vl.id] = list_level(cites, vl)
        n = [cites.document(vl.document_id, f"victim list {vl.name}")] if vl.document_id else []
        list_cites[vl.id] = n
        list_rows.append({"id": vl.id, "name": labels[vl.id], "records": vl.records,
                          "script": vl.script, "level": levels[vl.id], "cites": n})  # fmt: skip
    names = {vl.id: labels[vl.id] for vl in lists}
    where: dict[str, list[str]] = {}
    for vl in lists:
        for r in tx.victim_records(vl.id):
            where[r.id] = [labels[vl.id], str(r.row)]
    rows_of: dict[str, list[str]] = {}
    for record_id, cluster in run["members"]:
        if record_id in where:
            rows_of.setdefault(cluster, []).append(" row ".join(where[record_id]))
    victims, outside = [], 0
    for v in tx.victims(run["id"]):
        if not chosen & set(v.lists):
            continue
        if span and v.date and not within(v.date, span):
            outside += 1
            continue
        victims.append(v)
    every = sorted({n for ns in list_cites.values() for n in ns})
    rows, withheld = [], 0
    for v in victims:
        level = highest(levels.get(lid) for lid in v.lists if lid in chosen)
        v_cites = sorted({n for lid in v.lists for n in list_cites.get(lid, [])})
        if redactor.public and level != "public":
            withheld += 1
            why = f"on a {level} list: the row is left out, the person is counted"
            redactor.note("victim_row", v.id, "victims", why, pseudonym=redactor.protected(v.id))
            continue
        if len(rows) >= MAX_ROWS:
            continue
        rows.append({
            "id": v.id, "name": redactor.name(v.id, v.name, "victims"),
            "name_fa": None if redactor.protected(v.id) else v.name_fa,
            "sex": v.sex or "", "age": "" if v.age is None else str(v.age), "date": v.date or "",
            "place": v.place or "", "lists": [names[i] for i in v.lists if i in names],
            "rows": sorted(rows_of.get(v.cluster_id, [])), "level": level, "cites": v_cites,
        })  # fmt: skip
    section = {
        "lists": list_rows,
        "count": len(victims),
        "outside": outside,
        "rows": rows,
        "more": max(0, len(victims) - withheld - len(rows)),
        "withheld": withheld,
        "by_place": _counts(v.place for v in victims),
        "by_date": _counts((v.date for v in victims), by_key=True),
        "by_sex": _counts(v.sex for v in victims),
        "cites": every,
        "level": highest(levels.values()),
    }
    est, problem, hist = None, None, None
    if len(lists) < 2:
        problem = "one list alone cannot show how many people no list recorded"
    elif victims:
        order = [vl.id for vl in lists]
        patterns = Counter(tuple(int(i in v.lists) for i in order) for v in victims)
        hist = Histories.from_patterns(
            [names[i] for i in order], list(patterns), list(patterns.values()), "linked lists"
        )
        try:
            est = estimate(hist, EstimateOptions(method=ESTIMATE_METHOD))
        except EstimateError as err:
            problem = str(err)
    section["histories"] = (
        [{"pattern": [bool(x) for x in p], "count": int(c)}
         for p, c in zip(hist.patterns.tolist(), hist.counts.tolist(), strict=True)]
        if hist is not None else []
    )  # fmt: skip
    section["estimate"] = _estimate_view(est, every) if est else None
    section["estimate_problem"] = problem
    return section, est


def _counts(values, by_key: bool = False) -> list[dict]:
    counted = Counter(v or "unknown" for v in values)
    items = sorted(counted.items()) if by_key else counted.most_common()
    return [{"value": k, "count": n} for k, n in items]


def _estimate_view(est, cites: list[int]) -> dict:
    model = est.model or {}
    diag = est.diagnostics or {}
    return {
        "method": "log-linear model",
        "observed": est.observed,
        "estimate": number(est.estimate, 1),
        "low": number(est.ci_low),
        "high": number(est.ci_high),
        "level": f"{est.level:.0%}",
        "se": number(est.se, 1) if est.se is not None else "",
        "unrecorded": number(max(0.0, est.estimate - est.observed), 1),
        "model": model.get("name", ""),
        "formula": model.get("formula", ""),
        "selection": f"{model.get('selection', '')} by {est.settings.get('chosen_by', '')}",
        "interval": est.settings.get("interval", ""),
        "deviance": number(diag.get("deviance"), 2),
        "df": diag.get("df"),
        "aic": number(diag.get("aic"), 2),
        "bic": number(diag.get("bic"), 2),
        "fitted": diag.get("models_fitted"),
        "refused": diag.get("models_refused"),
        "warnings": list(diag.get("warnings") or []),
        "ranking": [
            {
                "model": r.get("name"),
                "estimate": number(r.get("estimate"), 1),
                "bic": number(r.get("bic"), 2),
            }
            for r in (diag.get("ranking") or [])[:5]
        ],  # fmt: skip
        "cites": cites,
    }


def estimate_charts(est, folder: Path, redactor: Redactor) -> dict:
    """The overlap chart and the profile likelihood, as data: URIs (list names redacted)."""
    if est is None or est.histories is None:
        return {}
    hist = est.histories
    named = Histories.from_patterns(
        [redactor.scrub(n, "charts") for n in hist.lists], hist.patterns, hist.counts
    )
    paths = draw_plots(dataclasses.replace(est, histories=named), folder, prefix="estimate")
    return {p.stem: image_uri(p) for p in paths if p.suffix == ".png"}


def estimation_methods() -> dict:
    return {
        "method": "log-linear models of the capture histories (Rcapture's parameterisation)",
        "selection": "every hierarchical model of the lists (stepwise selection beyond five "
        "lists) ranked by BIC; the best is reported",
        "interval": "95% multinomial profile-likelihood interval of the chosen model; it does "
        "not carry the uncertainty of choosing the model",
        "reproduce": "dadkhah link histories --out H.csv, then dadkhah estimate H.csv "
        "--method loglinear (the lists as columns)",
    }


# ---- the list dossier -----------------------------------------------------------------------


def list_dossier(store: Store, ref: str, options: ReportOptions | None = None) -> Dossier:
    """A victim list: its file, the linkage it took part in, the overlap and the estimate.

    Raises NotFound for an unknown list; InputError when no linkage run includes it."""
    options = options or ReportOptions()
    redactor = new_redactor(store, options)
    with store.read() as tx:
        vl = tx.get_victim_list(ref)
        run = tx.latest_link_run()
        if run is None or vl.id not in run["lists"]:
            raise InputError(vl.name, "no linkage run includes this list (dadkhah link run)")
        cites = Citations(tx, redactor)
        protect_people(tx, cites, redactor)
        protect_lists(tx, cites, redactor, run)
        lists = [tx.get_victim_list(i) for i in run["lists"]]
        labels = list_labels(cites, redactor, lists)
        settings = run_settings(tx, run)
        own = [cites.document(vl.document_id, f"victim list {vl.name}")] if vl.document_id else []
        columns = [{"column": c, "field": f} for c, f in vl.columns.items()]
        linked, est = victims_section(tx, cites, redactor, run, lists, None, labels)
        on_list = [v for v in tx.victims(run["id"]) if vl.id in v.lists]
        only = sum(1 for v in on_list if len(v.lists) == 1)
        level = list_level(cites, vl)
        sections = {
            "list": {
                "name": labels[vl.id], "id": vl.id, "records": vl.records,
                "file": vl.filename if labels[vl.id] == vl.name else "(withheld)",
                "script": vl.script, "level": level, "columns": columns, "cites": own,
                "imported": vl.created_at[:10], "imported_by": vl.created_by,
            },
            "linkage": {
                "run": run["id"], "records": settings["records"], "clusters": settings["clusters"],
                "on_this_list": len(on_list), "only_this_list": only,
                "decisions": settings["decisions"], "uncertain": settings["uncertain"],
                "lists": linked["lists"], "cites": sorted({*own, *linked["cites"]}),
            },
            "victims": linked,
        }  # fmt: skip
        dossier = Dossier(
            kind="list",
            subject_id=vl.id,
            title=f"Victim list {labels[vl.id]}",
            public=options.public,
            sections=sections,
            methods={"linkage": settings, "estimation": estimation_methods()},
        )

        def charts(folder: Path, red: Redactor) -> dict:
            return estimate_charts(est, folder, red) if options.charts else {}

        return finish(dossier, tx, cites, redactor, charts)
