"""Victim lists in the store: a list and all its records arrive in one transaction."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from dadkhah.errors import NotFound, StoreError
from dadkhah.ids import new_id
from dadkhah.store.custody import now_iso
from dadkhah.store.models import (
    LinkDecision,
    LinkRun,
    Victim,
    VictimClusterMember,
    VictimList,
    VictimRecord,
)
from dadkhah.store.records import VictimListRecord, VictimRec, VictimRecordRecord

_RECORD_FIELDS = [f for f in VictimRecordRecord.__dataclass_fields__ if f not in ("id", "list_id")]


def _list_rec(r: VictimList, count: int = 0) -> VictimListRecord:
    return VictimListRecord(
        r.id, r.name, r.document_id, r.filename, dict(r.columns), r.script, r.sensitivity,
        r.created_at, r.created_by, count,
    )  # fmt: skip


def _record_rec(r: VictimRecord) -> VictimRecordRecord:
    values = {f: getattr(r, f) for f in VictimRecordRecord.__dataclass_fields__}
    values["honorifics"] = tuple(values["honorifics"] or ())
    return VictimRecordRecord(**values)


class _VictimsMixin:
    _s: Session

    def add_victim_list(
        self,
        name: str,
        filename: str,
        columns: dict,
        records: list[dict],
        document_id: str | None = None,
        sensitivity: str = "restricted",
    ) -> VictimListRecord:
        """Store a list and its records (dicts with the VictimRecord fields)."""
        actor = self._need_writer()
        name = name.strip()
        if not name:
            raise StoreError("a list needs a name")
        if self.find_victim_list(name) is not None:
            raise StoreError(f"a list named {name!r} already exists")
        scripts = {r["script"] for r in records}
        row = VictimList(
            id=new_id("vls"),
            name=name,
            document_id=document_id,
            filename=filename,
            columns=columns,
            script=scripts.pop() if len(scripts) == 1 else "mixed",
            sensitivity=sensitivity,
            created_at=now_iso(),
            created_by=actor,
        )
        self._s.add(row)
        self._s.flush()
        rows = [
            {"id": new_id("vrc"), "list_id": row.id, **{f: r.get(f) for f in _RECORD_FIELDS}}
            for r in records
        ]
        for r in rows:
            r["honorifics"] = list(r["honorifics"] or [])
        for i in range(0, len(rows), 1000):
            self._s.execute(insert(VictimRecord), rows[i : i + 1000])
        self.log(
            "created",
            row.id,
            None,
            {"record": "victim_list", "name": name, "file": filename, "document_id": document_id,
             "columns": columns, "records": len(rows)},
        )  # fmt: skip
        return _list_rec(row, len(rows))

    def find_victim_list(self, name_or_id: str) -> VictimListRecord | None:
        key = name_or_id.strip()
        row = (
            self._s.get(VictimList, key)
            or self._s.execute(
                select(VictimList).where(func.lower(VictimList.name) == key.lower())
            ).scalar_one_or_none()
        )
        if row is None:
            return None
        count = self._s.scalar(
            select(func.count()).select_from(VictimRecord).where(VictimRecord.list_id == row.id)
        )
        return _list_rec(row, count or 0)

    def get_victim_list(self, name_or_id: str) -> VictimListRecord:
        found = self.find_victim_list(name_or_id)
        if found is None:
            raise NotFound(f"no victim list {name_or_id!r} (see dadkhah list show)")
        return found

    def victim_lists(self) -> list[VictimListRecord]:
        rows = self._s.execute(select(VictimList).order_by(VictimList.name)).scalars()
        return [self.find_victim_list(r.id) for r in rows]

    def victim_records(self, list_id: str) -> list[VictimRecordRecord]:
        rows = self._s.execute(
            select(VictimRecord).where(VictimRecord.list_id == list_id).order_by(VictimRecord.row)
        ).scalars()
        return [_record_rec(r) for r in rows]

    def add_link_run(
        self,
        list_ids: list[str],
        threshold: float,
        backend: str,
        parameters: dict,
        members: list[tuple[str, str, float]],
        victims: list[dict] | None = None,
    ) -> str:
        """Store a linkage run, each record's cluster (victim record id, cluster id,
        probability) and the canonical victim of each cluster (dicts with the Victim
        fields but ``run_id``). Returns the run's id."""
        actor = self._need_writer()
        run = LinkRun(
            id=new_id("lrn"),
            lists=list(list_ids),
            threshold=threshold,
            backend=backend,
            parameters=parameters,
            created_at=now_iso(),
            created_by=actor,
        )
        self._s.add(run)
        self._s.flush()
        rows = [
            {"run_id": run.id, "record_id": r, "cluster_id": c, "probability": p}
            for r, c, p in members
        ]
        for i in range(0, len(rows), 1000):
            self._s.execute(insert(VictimClusterMember), rows[i : i + 1000])
        victim_rows = [{"run_id": run.id, **v} for v in victims or []]
        for i in range(0, len(victim_rows), 1000):
            self._s.execute(insert(Victim), victim_rows[i : i + 1000])
        clusters = len({c for _, c, _ in members})
        self.log(
            "created",
            run.id,
            None,
            {"record": "link_run", "lists": list(list_ids), "threshold": threshold,
             "backend": backend, "records": len(rows), "clusters": clusters,
             "victims": len(victim_rows)},
        )  # fmt: skip
        return run.id

    def latest_link_run(self) -> dict | None:
        row = self._s.execute(
            select(LinkRun).order_by(LinkRun.created_at.desc()).limit(1)
        ).scalar_one_or_none()
        if row is None:
            return None
        members = self._s.execute(
            select(VictimClusterMember.record_id, VictimClusterMember.cluster_id).where(
                VictimClusterMember.run_id == row.id
            )
        ).all()
        return {"id": row.id, "lists": list(row.lists), "members": [tuple(m) for m in members]}

    def decide_pair(self, record_a: str, record_b: str, same: bool, reason: str | None) -> None:
        """Record that two records are (or are not) one person; later runs apply it."""
        actor = self._need_writer()
        if record_a == record_b:
            raise StoreError("a record is always the same person as itself")
        for rid in (record_a, record_b):
            if self._s.get(VictimRecord, rid) is None:
                raise NotFound(f"no victim record {rid}")
        left, right = sorted((record_a, record_b))
        row = self._s.get(LinkDecision, (left, right))
        old = None if row is None else row.same
        if row is None:
            row = LinkDecision(record_l=left, record_r=right, same=same, reason=reason,
                               created_at=now_iso(), created_by=actor)  # fmt: skip
            self._s.add(row)
        else:
            row.same, row.reason = same, reason
        self._s.flush()
        self.log(
            "created" if old is None else "edited",
            f"{left}|{right}",
            None,
            {"record": "link_decision", "same": same, "was": old, "reason": reason},
        )

    def link_decisions(self) -> dict[tuple[str, str], bool]:
        rows = self._s.execute(select(LinkDecision)).scalars()
        return {(r.record_l, r.record_r): r.same for r in rows}

    def victim_record(self, record_id: str) -> VictimRecordRecord:
        row = self._s.get(VictimRecord, record_id)
        if row is None:
            raise NotFound(f"no victim record {record_id}")
        return _record_rec(row)

    def link_run_parameters(self, run_id: str) -> dict:
        row = self._s.get(LinkRun, run_id)
        if row is None:
            raise NotFound(f"no linkage run {run_id}")
        return dict(row.parameters)

    def victims(self, run_id: str | None = None) -> list[VictimRec]:
        """The canonical victims of a run (the latest when none is named), by name."""
        run_id = run_id or self._latest_run_id()
        rows = self._s.execute(
            select(Victim).where(Victim.run_id == run_id).order_by(Victim.name, Victim.id)
        ).scalars()
        return [_victim_rec(v) for v in rows]

    def victim(self, victim_id: str, run_id: str | None = None) -> tuple[VictimRec, list]:
        """A canonical victim and its source records: (victim, [(list, record)...]). Without
        a run, the latest run that has this victim."""
        query = select(Victim).where(Victim.id == victim_id)
        if run_id:
            query = query.where(Victim.run_id == run_id)
        query = query.join(LinkRun, LinkRun.id == Victim.run_id).order_by(LinkRun.created_at.desc())
        row = self._s.execute(query.limit(1)).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no victim {victim_id} (see dadkhah link victims)")
        record_ids = self._s.execute(
            select(VictimClusterMember.record_id).where(
                VictimClusterMember.run_id == row.run_id,
                VictimClusterMember.cluster_id == row.cluster_id,
            )
        ).scalars()
        records = [self.victim_record(rid) for rid in record_ids]
        lists = {lid: self.find_victim_list(lid) for lid in {r.list_id for r in records}}
        records.sort(key=lambda r: (row.lists.index(r.list_id) if r.list_id in row.lists else 99,
                                    r.row))  # fmt: skip
        return _victim_rec(row), [(lists[r.list_id], r) for r in records]

    def _latest_run_id(self) -> str:
        run = self._s.execute(
            select(LinkRun.id).order_by(LinkRun.created_at.desc()).limit(1)
        ).scalar_one_or_none()
        if run is None:
            raise NotFound("no linkage run yet (dadkhah link run)")
        return run


def _victim_rec(v: Victim) -> VictimRec:
    return VictimRec(
        v.id, v.run_id, v.cluster_id, v.name, v.name_fa, v.sex, v.age, v.birth_year, v.date,
        v.place, tuple(v.lists), v.records, dict(v.conflicts),
    )  # fmt: skip
