"""The demo: the main job on the example corpus, end to end, in the configured store.

Each issue that adds a stage adds its step here, so ``make demo`` always shows what dadkhah
can do today: preserve the examples with custody, parse them (text, metadata, languages,
social posts), extract candidate claims, import the example analyst's records (sources and
grades, events, people, postings, decisions on claims), propose events for the other claims,
corroborate the main event's figures, link the victim lists and estimate how many people were
killed from their overlap, write the event's dossier (internal and public, HTML and PDF),
verify everything, and export a bag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dadkhah.corroborate import EventCorroboration, corroborate_event, draw_chart
from dadkhah.errors import InputError
from dadkhah.estimate import EstimateOptions, draw_plots, estimate, read_histories
from dadkhah.evidence import IngestOptions, IngestReport, VerifyReport, export_bag, verify
from dadkhah.know import import_records, propose
from dadkhah.link import import_list
from dadkhah.link.run import histories, run_linkage, write_csv
from dadkhah.parse import ParseOutcome
from dadkhah.pipeline import ingest_and_parse
from dadkhah.report import ReportOptions, build_dossier, write_dossier
from dadkhah.store import Head, Store

# folder of the example corpus -> sensitivity it is ingested with
SENSITIVITY_BY_FOLDER = {
    "articles": "public",
    "reports": "public",
    "lists": "restricted",
    "testimonies": "confidential",
}


@dataclass
class DemoResult:
    ingests: dict[str, IngestReport] = field(default_factory=dict)
    parsed: dict[str, list[ParseOutcome]] = field(default_factory=dict)
    verify: VerifyReport | None = None
    bag: Path | None = None
    head: Head | None = None
    imported: dict = field(default_factory=dict)
    proposals: list = field(default_factory=list)
    corroboration: EventCorroboration | None = None
    charts: list = field(default_factory=list)
    linked: object = None  # the linkage of the example victim lists
    histories: tuple | None = None  # (list names, capture-history rows)
    histories_csv: Path | None = None
    estimates: list = field(default_factory=list)  # estimate.Estimate, one per method
    estimate_charts: list = field(default_factory=list)
    event_id: str | None = None  # the main event, corroborated and reported
    dossiers: list = field(default_factory=list)  # paths: internal HTML, PDF; public HTML, PDF


def _estimate(store: Store, result: DemoResult) -> None:
    """Multiple systems estimation over the linked lists: the log-linear model BIC picks and
    the latent-class model (seeded, so the demo prints the same figures every time)."""
    names, rows = result.histories
    path = store.settings.home / "exports" / "demo-histories.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(rows, path, [*names, "count"])
    result.histories_csv = path
    table = read_histories(path)
    folder = store.settings.home / "charts" / "estimate"
    for method in ("loglinear", "lcmcr"):
        est = estimate(table, EstimateOptions(method=method, seed=1398))
        result.estimates.append(est)
        # the lists' overlap is one chart, whichever method estimates from it
        first = len(result.estimates) == 1
        result.estimate_charts += draw_plots(est, folder, f"demo-{method}-", overlap=first)


def run_demo(store: Store, examples: Path, actor: str, on_step=None) -> DemoResult:
    """Ingest, parse, verify and bag the example corpus; raises InputError without one."""
    examples = Path(examples)
    if not examples.is_dir():
        raise InputError(
            str(examples), "the example corpus folder is missing (run from the repository)"
        )
    result = DemoResult()
    for folder, sensitivity in SENSITIVITY_BY_FOLDER.items():
        path = examples / folder
        if not path.is_dir():
            continue
        if on_step:
            on_step(f"ingesting {path} as {sensitivity}")
        options = IngestOptions(
            actor=actor, source="dadkhah example corpus", sensitivity=sensitivity
        )
        # notes about the corpus (README, answer keys in Markdown) are not material
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix != ".md")
        result.ingests[folder], result.parsed[folder] = ingest_and_parse(store, files, options)
    knowledge = examples / "knowledge" / "analyst-records.jsonl"
    if knowledge.is_file():
        with store.read() as tx:
            known = bool(tx.events())
        if not known:
            if on_step:
                on_step(f"importing the example analyst's records from {knowledge}")
            result.imported = import_records(store, knowledge, actor)
        if on_step:
            on_step("proposing events for the claims nobody has tied to one yet")
        result.proposals, _ = propose(store, actor)
        with store.read() as tx:
            main = [e for e in tx.events() if e.parent_id is None and e.start_date >= "2019"]
        if main:
            if on_step:
                on_step(f"corroborating the figures for {main[0].title}")
            result.corroboration = corroborate_event(store, main[0].id)
            result.event_id = main[0].id
            folder = store.settings.home / "charts"
            for m in result.corroboration.measures:
                result.charts += draw_chart(m, main[0].title, folder, f"{main[0].id}-{m.measure}")
    victim_lists = sorted((examples / "lists").glob("*.csv"))
    if len(victim_lists) >= 2:
        with store.read() as tx:
            have = {v.name for v in tx.victim_lists()}
        for path in victim_lists:
            if path.name not in have:
                if on_step:
                    on_step(f"importing the victim list {path.name}")
                import_list(store, path, path.name, actor)
        if on_step:
            on_step("linking the victim lists across scripts")
        _run, result.linked, _lists = run_linkage(store, [p.name for p in victim_lists], actor)
        result.histories = histories(store)
        if on_step:
            on_step("estimating how many people were killed, recorded or not")
        _estimate(store, result)
    if result.corroboration is not None:
        event_id = result.event_id
        for public in (False, True):
            if on_step:
                kind = "public" if public else "internal"
                on_step(f"writing the {kind} dossier of the event (HTML and PDF)")
            dossier = build_dossier(store, "event", event_id, ReportOptions(public=public))
            for fmt in ("html", "pdf"):
                result.dossiers.append(write_dossier(store, dossier, actor, fmt).path)
    if on_step:
        on_step("verifying every blob and the custody chain")
    result.verify = verify(store)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    bag_path = store.settings.home / "exports" / f"demo-bag-{stamp}"
    bag_path.parent.mkdir(parents=True, exist_ok=True)
    if on_step:
        on_step(f"exporting a BagIt bag to {bag_path}")
    result.bag = export_bag(store, bag_path, None, actor).path
    with store.read() as tx:
        result.head = tx.head()
    return result
