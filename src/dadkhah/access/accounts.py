"""Accounts: argon2id password hashes, sign-in, password changes, deactivation.

The store keeps users; this module is the only one that hashes or checks a password.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dadkhah.errors import AccessError, InputError
from dadkhah.store import Store
from dadkhah.store.records import UserRecord

MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# checked when the name is unknown, so that a wrong name costs as long as a wrong password
_DUMMY = _HASHER.hash("not a password of anyone")


def hash_password(password: str) -> str:
    """The argon2id hash of a password; InputError when it is too short to keep."""
    if len(password) < MIN_PASSWORD:
        raise InputError("password", f"needs at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def add_user(
    store: Store, name: str, role: str, password: str, actor: str, language: str = "en"
) -> UserRecord:
    """Create an account; StoreError for a taken name or unknown role, InputError for a short
    password."""
    digest = hash_password(password)
    with store.write(actor) as tx:
        return tx.add_user(name, role, digest, language)


def authenticate(store: Store, name: str, password: str) -> UserRecord:
    """The active user with this name and password; AccessError otherwise (the same message
    whether the name or the password was wrong)."""
    with store.read() as tx:
        user = tx.find_user(name) if name else None
    if user is None:
        check_password(_DUMMY, password)
        raise AccessError("unknown user or wrong password")
    if not check_password(user.password_hash, password):
        raise AccessError("unknown user or wrong password")
    if not user.active:
        raise AccessError(f"the account {user.name!r} is deactivated")
    if _HASHER.check_needs_rehash(user.password_hash):
        with store.write(user.name) as tx:
            tx.update_user(user.id, "parameters upgraded", password_hash=_HASHER.hash(password))
    return user


def change_password(store: Store, name: str, old: str, new: str) -> None:
    """A user's own change: the old password must be right."""
    user = authenticate(store, name, old)
    digest = hash_password(new)
    with store.write(user.name) as tx:
        tx.update_user(user.id, "changed by the user", password_hash=digest)


def set_password(store: Store, name: str, new: str, actor: str, reason: str) -> None:
    """An administrator's reset (or the command line's): no old password needed."""
    digest = hash_password(new)
    with store.write(actor) as tx:
        tx.update_user(name, reason, password_hash=digest)
