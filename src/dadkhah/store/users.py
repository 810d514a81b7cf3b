"""Users of the web UI: accounts with a role and a UI language, deactivated, never deleted.

The store keeps the argon2 hash it is given and never sees a password; ``dadkhah.access``
hashes and checks them. Every change is a custody entry, without the hash.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dadkhah.errors import NotFound, StoreError
from dadkhah.ids import new_id
from dadkhah.store.custody import now_iso
from dadkhah.store.models import UserAccount
from dadkhah.store.records import UserRecord

ROLES = ("admin", "analyst", "viewer")
LANGUAGES = ("en", "fa")
_NAME = re.compile(r"^[\w.@+-]{1,200}$")


def _user_rec(r: UserAccount) -> UserRecord:
    return UserRecord(
        r.id, r.name, r.role, r.password_hash, r.language, bool(r.active), r.created_at,
        r.created_by, r.password_changed_at, r.deactivated_at,
    )  # fmt: skip


class _UsersMixin:
    _s: Session

    def add_user(
        self, name: str, role: str, password_hash: str, language: str = "en"
    ) -> UserRecord:
        """A new account; raises StoreError for a taken or malformed name, role or language."""
        actor = self._need_writer()
        name = name.strip()
        if not _NAME.match(name):
            raise StoreError(
                f"a user name is letters, digits and . @ + - _ (no spaces), not {name!r}"
            )
        if role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if language not in LANGUAGES:
            raise StoreError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        if self.find_user(name) is not None:
            raise StoreError(f"a user named {name!r} already exists (users are never deleted)")
        now = now_iso()
        row = UserAccount(
            id=new_id("usr"), name=name, role=role, password_hash=password_hash,
            language=language, active=True, created_at=now, created_by=actor,
            password_changed_at=now, deactivated_at=None,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        self.log(
            "created", row.id, None,
            {"record": "user", "name": name, "role": role, "language": language},
        )  # fmt: skip
        return _user_rec(row)

    def find_user(self, name_or_id: str) -> UserRecord | None:
        key = name_or_id.strip()
        row = self._s.execute(
            select(UserAccount).where(func.lower(UserAccount.name) == key.lower())
        ).scalar_one_or_none()
        if row is None and key.startswith("usr-"):
            row = self._s.get(UserAccount, key)
        return _user_rec(row) if row else None

    def get_user(self, name_or_id: str) -> UserRecord:
        found = self.find_user(name_or_id)
        if found is None:
            raise NotFound(f"no user {name_or_id!r}")
        return found

    def users(self) -> list[UserRecord]:
        rows = self._s.execute(select(UserAccount).order_by(UserAccount.name)).scalars()
        return [_user_rec(r) for r in rows]

    def user_count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(UserAccount)) or 0

    def update_user(self, name_or_id: str, reason: str, **changes) -> dict:
        """Change a user's role, language or password hash; returns the changed fields (a new
        hash is logged as changed, never written to the log)."""
        self._need_writer()
        user = self.get_user(name_or_id)
        row = self._s.get(UserAccount, user.id)
        done, logged = {}, {}
        for field, new in changes.items():
            if field == "role" and new not in ROLES:
                raise StoreError(f"role must be one of {', '.join(ROLES)}, not {new!r}")
            if field == "language" and new not in LANGUAGES:
                raise StoreError(f"language must be one of {', '.join(LANGUAGES)}, not {new!r}")
            if field not in ("role", "language", "password_hash"):
                raise StoreError(f"user field {field!r} cannot be changed")
            old = getattr(row, field)
            if old == new:
                continue
            setattr(row, field, new)
            done[field] = [old, new]
            logged[field] = ["…", "…"] if field == "password_hash" else [old, new]
        if "password_hash" in done:
            row.password_changed_at = now_iso()
        if done:
            self._s.flush()
            self.log(
                "edited", row.id, None,
                {"record": "user", "name": row.name, "changes": logged, "reason": reason},
            )  # fmt: skip
        return logged

    def deactivate_user(self, name_or_id: str, reason: str) -> UserRecord:
        """The account can no longer sign in; its name stays taken and its history kept."""
        self._need_writer()
        if not (reason or "").strip():
            raise StoreError("deactivating a user needs a reason")
        user = self.get_user(name_or_id)
        row = self._s.get(UserAccount, user.id)
        if row.active:
            row.active = False
            row.deactivated_at = now_iso()
            self._s.flush()
            self.log(
                "edited", row.id, None,
                {"record": "user", "name": row.name, "changes": {"active": [True, False]},
                 "reason": reason},
            )  # fmt: skip
        return _user_rec(row)
