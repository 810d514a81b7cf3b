"""Canonical victims: what the records of one cluster agree on, and where they differ.

A cluster of a linkage run is one person seen by one or more lists. Its canonical values are
the most common value among its records for each field (on a tie, the value of the earliest
list, then the earliest row); a field whose records disagree keeps every value under
``conflicts``, so an analyst sees that one list says 1998-11-16 and another 1998-11-17. The
display name is the Latin-script spelling most records use, with the Persian-script spelling
beside it when a list wrote one. The victim's id is derived from its records' ids, so the same
cluster keeps the same id from one run to the next.
"""

from __future__ import annotations

import hashlib
from collections import Counter

FIELDS = ("sex", "age", "birth_year", "date", "place")


def victim_id(record_ids: list[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(record_ids)).encode()).hexdigest()
    return f"vct-{digest[:16]}"


def _name(r) -> str:
    return " ".join(x for x in (r.given_name, r.family_name) if x) or (r.notes or "").strip()


def _most_common(values: list) -> object:
    present = [v for v in values if v not in (None, "")]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)  # the earliest among the most common


def canonical(cluster_id: str, members: list[tuple[str, object]]) -> dict:
    """The canonical victim of one cluster. ``members`` are (list id, victim record) in list
    order; a record has the fields of ``VictimRecordRecord``."""
    records = [r for _, r in members]
    latin = [_name(r) for r in records if r.script != "persian" and _name(r)]
    persian = [_name(r) for r in records if r.script == "persian" and _name(r)]
    name_fa = _most_common(persian)
    out = {
        "id": victim_id([r.id for r in records]),
        "cluster_id": str(cluster_id),
        "name": _most_common(latin) or name_fa or "(no name)",
        "name_fa": name_fa,
        "lists": list(dict.fromkeys(list_id for list_id, _ in members)),
        "records": len(records),
        "conflicts": {},
    }
    for field in FIELDS:
        values = [getattr(r, field) for r in records]
        out[field] = _most_common(values)
        distinct = list(dict.fromkeys(v for v in values if v not in (None, "")))
        if len(distinct) > 1:
            out["conflicts"][field] = distinct
    return out


def canonical_victims(
    members: list[tuple[str, str]], records: dict[str, tuple[str, object]]
) -> list[dict]:
    """Canonical victims of a run: ``members`` are (record id, cluster id); ``records`` maps
    a record id to (list id, record), in list order."""
    order = {rid: i for i, rid in enumerate(records)}
    clusters: dict[str, list[str]] = {}
    for rid, cluster in members:
        clusters.setdefault(cluster, []).append(rid)
    out = []
    for cluster, rids in clusters.items():
        rids.sort(key=order.__getitem__)
        out.append(canonical(cluster, [records[rid] for rid in rids]))
    return sorted(out, key=lambda v: (v["name"].casefold(), v["id"]))
