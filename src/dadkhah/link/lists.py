"""Reading and importing victim lists (CSV, XLSX, ODS).

``import_list`` reads the file, recognises its columns, normalises every row and stores the
list with its original file preserved as evidence, all or nothing: a file with bad rows is
reported row by row and nothing of it is kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import asdict
from pathlib import Path

from dadkhah.errors import InputError
from dadkhah.evidence import IngestOptions, ingest
from dadkhah.link.fields import FIELDS, BadValue, normalise, recognise
from dadkhah.link.names import is_persian
from dadkhah.parse.model import ParseError
from dadkhah.parse.text import decode
from dadkhah.store import Store

MAX_ROWS = 2_000_000


def read_table(path: Path) -> list[list[str]]:
    """The rows of the first sheet (or the CSV), as strings; the header is row 0."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = [
                ["" if v is None else _cell(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            book.close()
            return rows
        if suffix == ".ods":
            from odf import opendocument, table, text

            doc = opendocument.load(str(path))
            sheet = doc.spreadsheet.getElementsByType(table.Table)[0]
            rows = []
            for tr in sheet.getElementsByType(table.TableRow):
                cells = []
                for tc in tr.getElementsByType(table.TableCell):
                    repeat = int(tc.getAttribute("numbercolumnsrepeated") or 1)
                    value = "\n".join(str(p) for p in tc.getElementsByType(text.P))
                    cells.extend([value] * min(repeat, 200))
                rows.append(cells)
            return rows
        data = path.read_bytes()
    except (OSError, ValueError, KeyError, IndexError) as err:
        raise InputError(str(path), f"cannot be read as a spreadsheet: {err}") from err
    except Exception as err:  # the zip and XML readers raise their own types on bad files
        raise InputError(
            str(path), f"cannot be read as a spreadsheet: {type(err).__name__}: {err}"
        ) from err
    try:
        text_, _encoding = decode(data, path.name)
    except ParseError as err:
        raise InputError(str(path), f"is not text in a known encoding: {err}") from err
    try:
        return [row for row in csv.reader(io.StringIO(text_))]
    except csv.Error as err:
        raise InputError(str(path), f"is not valid CSV: {err}") from err


def _cell(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    return str(v)


def prepare(path: Path, mapping: dict[str, str]) -> tuple[dict, list[dict]]:
    """Columns (header -> field) and the normalised records; InputError lists bad rows."""
    rows = read_table(path)
    rows = [r for r in rows if any((c or "").strip() for c in r)]
    if not rows:
        raise InputError(str(path), "is empty")
    if len(rows) > MAX_ROWS:
        raise InputError(str(path), f"has {len(rows):,} rows; at most {MAX_ROWS:,} are read")
    for k, v in mapping.items():
        if v not in FIELDS:
            raise InputError(
                str(path), f"--map {k}={v}: the field must be one of {', '.join(FIELDS)}"
            )
    header = [str(h) for h in rows[0]]
    columns = recognise(header, mapping)
    named = set(columns.values())
    if not named & {"given_name", "family_name", "full_name"}:
        raise InputError(
            str(path),
            "no name column recognised (headers: "
            + ", ".join(header)
            + "); name one with --map COLUMN=full_name or given_name/family_name",
        )
    body = rows[1:]
    persian = sum(is_persian(" ".join(r)) for r in body) > len(body) / 2
    records, problems, seen = [], [], {}
    for n, row in enumerate(body, start=2):
        values = {f: (row[i] if i < len(row) else "") for i, f in columns.items()}
        try:
            rec = normalise(n, values, persian)
        except BadValue as err:
            problems.append(f"row {n}: {err}")
            continue
        if rec.record_id in seen:
            problems.append(
                f"row {n}: record id {rec.record_id!r} is also on row {seen[rec.record_id]}"
            )
            continue
        seen[rec.record_id] = n
        data = asdict(rec) | rec.keys()
        data["raw"] = {header[i]: (row[i] if i < len(row) else "") for i in range(len(header))}
        records.append(data)
    if problems:
        shown = "; ".join(problems[:20]) + (
            f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
        )
        raise InputError(str(path), f"{len(problems)} bad rows, nothing imported: {shown}")
    return {header[i]: f for i, f in columns.items()}, records


def import_list(
    store: Store,
    path: str | Path,
    name: str,
    actor: str,
    mapping: dict[str, str] | None = None,
    sensitivity: str = "restricted",
):
    """Import a list: preserve the file, then store the list and its records."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    columns, records = prepare(path, mapping or {})
    with store.read() as tx:
        if tx.find_victim_list(name) is not None:
            raise InputError(str(path), f"a list named {name!r} already exists")
    # the original is the list's evidence: the document that already holds these bytes, or a
    # new one
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with store.read() as tx:
        held = tx.documents_on_blobs([digest])
    if held:
        document_id = held[0].id
    else:
        report = ingest(store, [str(path)], IngestOptions(actor=actor, sensitivity=sensitivity))
        (outcome,) = report.outcomes
        if outcome.document_id is None:
            raise InputError(str(path), f"could not be preserved: {outcome.message}")
        document_id = outcome.document_id
    with store.write(actor) as tx:
        return tx.add_victim_list(name, path.name, columns, records, document_id, sensitivity)
