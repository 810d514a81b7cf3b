"""Capture histories: who was recorded on which list, read from a CSV and counted by pattern.

A capture-history table has one 0/1 column per list (1 = on that list) and either a count
column (``count``, ``Freq``, ``freq``, ``n`` or ``frequency``, in any case) giving how many
people share the row's pattern, or no count column and one row per person. The output of
``dadkhah link histories`` is such a table. Nobody can be on no list: the people never
recorded are what estimation is for, so an all-zero row with a count is refused.

Problems with the file raise ``InputError`` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dadkhah.errors import InputError

COUNT_COLUMNS = ("count", "freq", "n", "frequency")
"""Header names (compared without case) taken as the number of people with a row's pattern."""

_ONE = {"1", "1.0"}
_ZERO = {"0", "0.0"}


@dataclass(frozen=True, eq=False)
class Histories:
    """People counted by capture pattern: ``patterns[i]`` (0/1 per list) was seen
    ``counts[i]`` times. Patterns are distinct and never all zero; counts may be zero."""

    lists: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray
    source: str = ""
    ignored: tuple[str, ...] = field(default=())

    @classmethod
    def from_patterns(cls, lists: Sequence[str], patterns, counts, source: str = "") -> Histories:
        """Build from any patterns and counts: repeated patterns are added together.

        Raises InputError for fewer than two lists, values other than 0/1, negative counts or
        people on no list."""
        names = tuple(str(x) for x in lists)
        item = source or "capture histories"
        if len(names) < 2:
            raise InputError(item, "a capture-history table needs at least two lists")
        if len(set(names)) != len(names):
            raise InputError(item, f"list names repeat: {', '.join(names)}")
        x = np.asarray(patterns)
        c = np.asarray(counts)
        if x.ndim != 2 or x.shape[1] != len(names) or c.shape != (x.shape[0],):
            raise InputError(item, "patterns must be one row of 0/1 per count, one column per list")
        if not np.isin(x, (0, 1)).all():
            raise InputError(item, "patterns may hold only 0 and 1")
        if (c < 0).any() or not np.equal(np.mod(c, 1), 0).all():
            raise InputError(item, "counts must be whole numbers, zero or more")
        x = x.astype(np.int8)
        c = c.astype(np.int64)
        nobody = ~x.any(axis=1)
        if (c[nobody] > 0).any():
            raise InputError(
                item, "people counted on no list: the unrecorded are what is estimated"
            )
        x, c = x[~nobody], c[~nobody]
        codes = x @ (1 << np.arange(len(names), dtype=np.int64))
        uniq, inverse = np.unique(codes, return_inverse=True)
        summed = np.bincount(inverse, weights=c, minlength=len(uniq)).astype(np.int64)
        bits = ((uniq[:, None] >> np.arange(len(names))) & 1).astype(np.int8)
        return cls(names, bits, summed, source)

    @property
    def observed(self) -> int:
        """People recorded on at least one list."""
        return int(self.counts.sum())

    def list_totals(self) -> dict[str, int]:
        """People on each list (wherever else they are)."""
        totals = self.counts @ self.patterns
        return {name: int(t) for name, t in zip(self.lists, totals, strict=True)}

    def cells(self) -> np.ndarray:
        """Counts of all ``2**k - 1`` observable patterns, zeros included. Cell ``c - 1``
        holds pattern ``c``, whose bit ``j`` says whether list ``j`` recorded it."""
        k = len(self.lists)
        out = np.zeros(2**k - 1, dtype=np.int64)
        codes = self.patterns.astype(np.int64) @ (1 << np.arange(k, dtype=np.int64))
        np.add.at(out, codes - 1, self.counts)
        return out

    def select(self, lists: Sequence[str]) -> Histories:
        """The same people seen through some of the lists only (those on none drop out)."""
        missing = [x for x in lists if x not in self.lists]
        if missing:
            raise InputError(self.source or "capture histories", f"no list {missing[0]!r}")
        idx = [self.lists.index(x) for x in lists]
        return Histories.from_patterns(
            lists, self.patterns[:, idx], self.counts, self.source
        ).with_ignored(self.ignored)

    def with_ignored(self, ignored: Sequence[str]) -> Histories:
        return Histories(self.lists, self.patterns, self.counts, self.source, tuple(ignored))


def read_histories(path: str | Path, *, lists: Sequence[str] | None = None) -> Histories:
    """Read a capture-history CSV (see the module docstring) and count people by pattern.

    ``lists`` names the list columns; without it every 0/1 column other than the count is a
    list. With it, people recorded only on lists left out are left out too. Raises InputError
    naming the file and line for anything unreadable."""
    names, rows, ignored = _read(Path(path), lists, None)
    patterns = [r[0] for r in rows] or np.zeros((0, len(names)), dtype=np.int8)
    hist = Histories.from_patterns(names, patterns, [r[1] for r in rows], str(path))
    return hist.with_ignored(ignored)


def read_strata(
    path: str | Path, column: str, *, lists: Sequence[str] | None = None
) -> dict[str, Histories]:
    """Read a capture-history CSV with a strata column (a province, a month): one table per
    stratum, in the order strata first appear. The strata column is never a list."""
    names, rows, ignored = _read(Path(path), lists, column)
    grouped: dict[str, list] = {}
    for pattern, count, stratum in rows:
        grouped.setdefault(stratum, []).append((pattern, count))
    out = {}
    for stratum, members in grouped.items():
        hist = Histories.from_patterns(
            names, [m[0] for m in members], [m[1] for m in members], f"{path} [{stratum}]"
        )
        out[stratum] = hist.with_ignored(ignored)
    return out


def _read(path: Path, lists: Sequence[str] | None, strata: str | None):
    item = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(item, f"cannot be read ({err.strerror or err})") from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(item, f"is not UTF-8 text (byte {err.start})") from err
    if not text.strip():
        raise InputError(item, "is empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    header = [h.strip() for h in table[0]]
    body = table[1:]
    if not body:
        raise InputError(item, "has a header but no rows")
    for i, h in enumerate(header):
        if not h:
            raise InputError(item, f"column {i + 1} has no name in the header")
        if header.index(h) != i:
            raise InputError(item, f"two columns are named {h!r}")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise InputError(
                item, f"line {number} has {len(row)} fields where the header has {len(header)}"
            )

    counted = [h for h in header if h.lower() in COUNT_COLUMNS and h != strata]
    if len(counted) > 1:
        raise InputError(item, f"more than one count column ({', '.join(counted)}); keep one")
    count_col = counted[0] if counted else None
    if strata is not None and strata not in header:
        raise InputError(item, f"no strata column {strata!r} (columns: {', '.join(header)})")
    reserved = {count_col, strata}

    if lists:
        chosen = [x.strip() for x in lists]
        for name in chosen:
            if name not in header:
                raise InputError(item, f"no list column {name!r} (columns: {', '.join(header)})")
            if name in reserved:
                raise InputError(item, f"{name!r} is the count or strata column, not a list")
        if len(set(chosen)) != len(chosen):
            raise InputError(item, "a list is named twice in --lists")
        ignored = [h for h in header if h not in chosen and h not in reserved]
    else:
        candidates = [h for h in header if h not in reserved]
        chosen = [h for h in candidates if _all_binary(body, header.index(h))]
        ignored = [h for h in candidates if h not in chosen]
        if len(chosen) < 2:
            found = ", ".join(chosen) or "none"
            raise InputError(
                item,
                f"needs at least two list columns of 0 and 1; found {found}"
                + (f" (other columns: {', '.join(ignored)})" if ignored else ""),
            )
    if len(chosen) < 2:
        raise InputError(item, "a capture-history table needs at least two lists")

    idx = [header.index(h) for h in chosen]
    others = [header.index(h) for h in ignored if _all_binary(body, header.index(h))]
    cidx = header.index(count_col) if count_col else None
    sidx = header.index(strata) if strata is not None else None
    rows = []
    for number, row in enumerate(body, start=2):
        pattern = []
        for name, j in zip(chosen, idx, strict=True):
            value = row[j].strip()
            if value in _ONE:
                pattern.append(1)
            elif value in _ZERO:
                pattern.append(0)
            else:
                shown = repr(value) if value else "nothing"
                raise InputError(
                    item, f"line {number}: list column {name!r} holds {shown}, not 0 or 1"
                )
        count = 1 if cidx is None else _count(row[cidx], item, number, count_col)
        if not any(pattern) and any(row[j].strip() in _ONE for j in others):
            continue  # recorded only on lists left out: not in this table's population
        if not any(pattern) and count > 0:
            raise InputError(
                item,
                f"line {number}: a row on no list (all zeros) with count {count}; "
                "people never recorded are what is estimated and cannot be counted",
            )
        stratum = None
        if sidx is not None:
            stratum = row[sidx].strip()
            if not stratum:
                raise InputError(item, f"line {number}: the strata column {strata!r} is empty")
        rows.append((pattern, count, stratum))
    return chosen, rows, ignored


def _all_binary(body: list[list[str]], j: int) -> bool:
    return all(row[j].strip() in _ONE or row[j].strip() in _ZERO for row in body)


def _count(value: str, item: str, number: int, column: str) -> int:
    text = value.strip()
    try:
        number_value = float(text)
    except ValueError:
        number_value = float("nan")
    if not np.isfinite(number_value) or number_value < 0 or number_value != int(number_value):
        shown = repr(text) if text else "nothing"
        raise InputError(
            item, f"line {number}: count column {column!r} holds {shown}, not a whole number"
        )
    return int(number_value)
