"""Write a dossier to a file and record it: an ``exported`` custody entry per dossier (which
documents it cites, which confidential ones it showed, the file's SHA-256), and for a public
dossier the redaction log, kept in ``$DADKHAH_HOME/redactions/`` with its hash in the entry."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dadkhah.errors import InputError
from dadkhah.report.dossier import Dossier, ReportOptions
from dadkhah.report.event import event_dossier
from dadkhah.report.lists import list_dossier
from dadkhah.report.person import person_dossier
from dadkhah.report.render import render_html, render_pdf
from dadkhah.store import CustodyRecord, Store

KINDS = {"event": event_dossier, "person": person_dossier, "list": list_dossier}
FORMATS = ("html", "pdf")


@dataclass
class ReportResult:
    path: Path
    format: str
    sha256: str
    dossier: Dossier
    custody: CustodyRecord
    redaction_log: Path | None


def build_dossier(store: Store, kind: str, ref: str, options: ReportOptions) -> Dossier:
    """The dossier of an event, a person or a list (``kind``) named by ``ref``."""
    if kind not in KINDS:
        raise InputError(kind, f"is not a kind of dossier ({', '.join(KINDS)})")
    return KINDS[kind](store, ref, options)


def render(dossier: Dossier, fmt: str) -> bytes:
    """The dossier's bytes in ``fmt`` (html or pdf)."""
    if fmt not in FORMATS:
        raise InputError(fmt, f"is not a dossier format ({', '.join(FORMATS)})")
    page = render_html(dossier)
    return page.encode("utf-8") if fmt == "html" else render_pdf(page)


def default_path(store: Store, dossier: Dossier, fmt: str) -> Path:
    stem = re.sub(r"[^\w.-]+", "-", f"{dossier.kind}-{dossier.subject_id}")
    suffix = "-public" if dossier.public else ""
    return store.settings.home / "reports" / f"{stem}{suffix}.{fmt}"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_redaction_log(store: Store, dossier: Dossier) -> tuple[Path, str]:
    """The redaction log of a public dossier, as JSON lines in the store's home."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = store.settings.home / "redactions" / f"{stamp}-{dossier.subject_id}.jsonl"
    head = {"dossier": dossier.subject_id, "kind": dossier.kind, "time": dossier.generated_at,
            "custody_head": dossier.head, "redactions": len(dossier.redactions)}  # fmt: skip
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in dossier.redactions]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    write_atomic(path, data)
    os.chmod(path, 0o600)
    return path, hashlib.sha256(data).hexdigest()


def export_details(store: Store, dossier: Dossier, files: dict[str, tuple[Path, str]]) -> dict:
    """What an ``exported`` entry says about a dossier, and its redaction log's place."""
    levels = {c["document_id"]: c["level"] for c in dossier.citations if c["document_id"]}
    details = {
        "format": "dossier",
        "kind": dossier.kind,
        "public": dossier.public,
        "files": {f: {"path": str(p.absolute()), "sha256": sha} for f, (p, sha) in files.items()},
        "cited_documents": dossier.cited_documents,
        "custody_head": dossier.head,
    }
    if dossier.public:
        log, sha = write_redaction_log(store, dossier)
        details |= {"redactions": len(dossier.redactions),
                    "redaction_log": str(log.relative_to(store.settings.home)),
                    "redaction_log_sha256": sha}  # fmt: skip
    else:  # reads of confidential records are logged: these were shown in full
        details["confidential_documents"] = sorted(
            d for d, level in levels.items() if level == "confidential"
        )
    return details


def write_dossier(
    store: Store, dossier: Dossier, actor: str, fmt: str = "html", out: Path | None = None
) -> ReportResult:
    """Render a built dossier to ``out`` (default ``$DADKHAH_HOME/reports/``) and record an
    ``exported`` custody entry; a dossier built once can be written as HTML and as PDF.

    Raises IntegrityError when a public dossier would name a protected person (nothing is
    written then)."""
    data = render(dossier, fmt)
    path = Path(out) if out else default_path(store, dossier, fmt)
    write_atomic(path, data)
    sha = hashlib.sha256(data).hexdigest()
    details = export_details(store, dossier, {fmt: (path, sha)})
    with store.write(actor) as tx:
        entry = tx.log("exported", dossier.subject_id, sha, details)
    log = store.settings.home / details["redaction_log"] if "redaction_log" in details else None
    return ReportResult(path, fmt, sha, dossier, entry, log)


def write_report(
    store: Store,
    kind: str,
    ref: str,
    actor: str,
    fmt: str = "html",
    out: Path | None = None,
    options: ReportOptions | None = None,
) -> ReportResult:
    """Build, render and write a dossier of an event, a person or a list; record it.

    Raises NotFound / InputError for what ``ref`` names, IntegrityError when a public dossier
    would name a protected person (nothing is written then)."""
    dossier = build_dossier(store, kind, ref, options or ReportOptions())
    return write_dossier(store, dossier, actor, fmt, out)
