"""What every dossier shares: its options, its record, who is protected, and small formats.

A ``Dossier`` is plain data (dicts, lists, strings, numbers) that the templates show; in a
public dossier every string in it has passed through the redactor, so a template cannot show
a protected name by mistake.
"""

from __future__ import annotations

import base64
import calendar
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dadkhah.access import highest
from dadkhah.report.cite import Citations
from dadkhah.report.redact import Redactor, pseudonym_key
from dadkhah.store import Store, Tx, now_iso

ESTIMATE_METHOD = "loglinear"
"""Dossiers estimate with the log-linear model BIC chooses among every hierarchical model
(deterministic, under a second for five lists); ``dadkhah estimate`` offers the others."""

QUALIFIER_WORDS = {
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "up_to": "up to ",
    "estimated": "an estimated ",
}


@dataclass(frozen=True)
class ReportOptions:
    """How to build a dossier.

    ``public``: the redacted version for publication. ``lists``: victim lists (names or ids)
    whose linked victims count for an event (default: the lists of the latest linkage run
    most of whose dated records fall within the event's dates). ``charts``: draw charts."""

    public: bool = False
    lists: tuple[str, ...] = ()
    charts: bool = True


@dataclass
class Dossier:
    kind: str  # event, person, list
    subject_id: str
    title: str
    public: bool
    sections: dict
    methods: dict
    citations: list[dict] = field(default_factory=list)
    charts: dict = field(default_factory=dict)  # name -> data: URI of a PNG
    generated_at: str = field(default_factory=now_iso)
    head: str = ""
    redactor: Redactor | None = field(default=None, repr=False)
    cited_documents: list[str] = field(default_factory=list)
    levels: dict = field(default_factory=dict)  # sensitivity -> citations at that level

    @property
    def redactions(self) -> list[dict]:
        return self.redactor.log if self.redactor else []


def new_redactor(store: Store, options: ReportOptions) -> Redactor:
    key = pseudonym_key(store.settings.home) if options.public else None
    return Redactor(options.public, key)


def finish(
    dossier: Dossier, tx: Tx, cites: Citations, redactor: Redactor, charts: Callable | None
) -> Dossier:
    """Number the citations in reading order, resolve them, redact a public dossier's text,
    then draw its charts."""
    _renumber(dossier, cites)
    dossier.citations = cites.resolve()
    dossier.head = str(tx.head())
    dossier.cited_documents = sorted({c["document_id"] for c in cites.items if c["document_id"]})
    for c in dossier.citations:
        dossier.levels[c["level"]] = dossier.levels.get(c["level"], 0) + 1
    dossier.redactor = redactor
    if redactor.public:
        dossier.title = redactor.scrub(dossier.title, "title")
        dossier.sections = redactor.scrub_tree(dossier.sections)
        dossier.methods = redactor.scrub_tree(dossier.methods, "methods")
        dossier.citations = redactor.scrub_tree(dossier.citations, "citations")
    if charts is not None:
        with tempfile.TemporaryDirectory(prefix="dadkhah-charts-") as folder:
            dossier.charts = charts(Path(folder), redactor)
    return dossier


def _walk_cites(value, visit) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if (k == "cites" or k.endswith("_cites")) and isinstance(v, list):
                value[k] = visit(v)
            else:
                _walk_cites(v, visit)
    elif isinstance(value, list | tuple):
        for v in value:
            _walk_cites(v, visit)


def _renumber(dossier: Dossier, cites: Citations) -> None:
    """Citations numbered in the order a reader meets them (sections, then methods)."""
    order: dict[int, int] = {}

    def collect(numbers: list[int]) -> list[int]:
        for n in numbers:
            order.setdefault(n, len(order) + 1)
        return numbers

    _walk_cites(dossier.sections, collect)
    _walk_cites(dossier.methods, collect)
    for item in cites.items:
        order.setdefault(item["n"], len(order) + 1)
    _walk_cites(dossier.sections, lambda ns: sorted({order[n] for n in ns}))
    _walk_cites(dossier.methods, lambda ns: sorted({order[n] for n in ns}))
    for item in cites.items:
        item["n"] = order[item["n"]]
    cites.items.sort(key=lambda item: item["n"])


def image_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


# ---- protection -----------------------------------------------------------------------------


def protect_people(tx: Tx, cites: Citations, redactor: Redactor) -> None:
    """Mark every protected person in the store (rules in ``dadkhah.report.redact``)."""
    if not redactor.public:
        return
    acts = [a for a in tx.acts() if a.victim_person_id]
    victims: dict[str, list[str]] = {}
    for act in acts:
        levels = [_citation_level(cites, c) for c in tx.citations(act.id)]
        victims.setdefault(act.victim_person_id, []).append(highest(levels))
    for p in tx.people():
        names = [p.name, *(n["name"] for n in p.names)]
        if p.sensitivity != "public":
            redactor.protect(p.id, names, f"the person's record is marked {p.sensitivity}")
            continue
        levels = [_citation_level(cites, c) for c in tx.citations(p.id) if c.span]
        if levels and all(x != "public" for x in levels):
            redactor.protect(p.id, names, "known only through restricted or confidential sources")
        elif any(x != "public" for x in victims.get(p.id, ())):
            redactor.protect(p.id, names, "victim of an act resting on a non-public source")


def _citation_level(cites: Citations, c) -> str:
    return cites.level_of(c.span.document_id) if c.span else "public"


def protect_lists(tx: Tx, cites: Citations, redactor: Redactor, run: dict | None) -> None:
    """Everyone on a restricted or confidential list: each name as written, and the canonical
    names linkage gave them; the pseudonym is the canonical victim's where there is one."""
    if not redactor.public:
        return
    lists = [vl for vl in tx.victim_lists() if _list_level(cites, vl) != "public"]
    if not lists:
        return
    cluster_of, victim_of = {}, {}
    if run is not None:
        cluster_of = dict(run["members"])
        for v in tx.victims(run["id"]):
            victim_of[v.cluster_id] = v
            if any(lid in {vl.id for vl in lists} for lid in v.lists):
                redactor.protect(v.id, [v.name, v.name_fa], "on a restricted victim list")
    for vl in lists:
        for r in tx.victim_records(vl.id):
            victim = victim_of.get(cluster_of.get(r.id))
            names = [" ".join(x for x in (r.given_name, r.family_name) if x)]
            names += [str(r.raw[c]) for c, f in vl.columns.items() if f == "full_name" and
                      r.raw.get(c)]  # fmt: skip
            given = [str(r.raw[c]) for c, f in vl.columns.items() if f == "given_name"]
            family = [str(r.raw[c]) for c, f in vl.columns.items() if f == "family_name"]
            if given and family:
                names.append(f"{given[0]} {family[0]}")
            redactor.protect(victim.id if victim else r.id, names, f"on the {vl.sensitivity} "
                             f"victim list {vl.name}")  # fmt: skip


def list_level(cites: Citations, vl) -> str:
    """A list's sensitivity: its own, or its file's when that is higher."""
    return _list_level(cites, vl)


def _list_level(cites: Citations, vl) -> str:
    return highest([vl.sensitivity, cites.level_of(vl.document_id) if vl.document_id else None])


def protect_claimants(redactor: Redactor, cites: Citations, figures) -> None:
    """A name a non-public document gives as a figure's source, when no source is registered
    under it, may be a witness's: it is protected."""
    if not redactor.public:
        return
    for f in figures:
        if f.source_id is None and f.claimed_by and cites.level_of(f.document_id) != "public":
            key = "name:" + " ".join(f.claimed_by.casefold().split())
            redactor.protect(key, [f.claimed_by], "named as a source in a non-public document")


# ---- formats --------------------------------------------------------------------------------


def when(date: str | None, precision: str | None = None) -> str:
    """A date as precise as it is known: 2019-11-15; 2019-11 (month); 1988 (year)."""
    if not date:
        return ""
    if precision in (None, "day") or len(date) == 10:
        return date
    return f"{date} ({precision})"


def period(start: str | None, end: str | None) -> tuple[str, str] | None:
    """The first and last day an event's dates cover (None without a start)."""
    if not start:
        return None
    return first_day(start), last_day(end or start)


def first_day(value: str) -> str:
    parts = value.split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def last_day(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{days:02d}"
    return value


def within(date: str | None, span: tuple[str, str]) -> bool:
    """Whether a date (of any precision) overlaps the period."""
    if not date:
        return False
    return first_day(date) <= span[1] and last_day(date) >= span[0]


def figure_text(low: int, high: int, qualifier: str, vague_word: str | None = None) -> str:
    number = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if qualifier == "vague" and vague_word:
        return f"{vague_word} ({number})"
    return QUALIFIER_WORDS.get(qualifier, "") + number


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "unbounded"
    return f"{value:,.{digits}f}"
