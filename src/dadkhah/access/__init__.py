"""Access: accounts (argon2id hashes, sign-in, password changes), roles, and the sensitivity
policy that decides which role sees which records, with the derived sensitivity of each
record (the highest of its sources).

    accounts.add_user / authenticate / change_password ──▶ store (users, custody)
    policy.load_policy(home) ──▶ Policy.visible(role) ──▶ what the web UI and API show
    levels.Levels(tx) ──▶ a record's sensitivity, raised to that of its sources

Errors: AccessError for a refused sign-in; InputError for a password too short to keep;
ConfigError for a malformed policy file.
"""

from dadkhah.access.accounts import (
    MIN_PASSWORD,
    add_user,
    authenticate,
    change_password,
    check_password,
    hash_password,
    set_password,
)
from dadkhah.access.levels import Levels
from dadkhah.access.policy import (
    ROLES,
    SENSITIVITIES,
    Policy,
    highest,
    load_policy,
    read_policy,
)

__all__ = [
    "MIN_PASSWORD",
    "ROLES",
    "SENSITIVITIES",
    "Levels",
    "Policy",
    "add_user",
    "authenticate",
    "change_password",
    "check_password",
    "hash_password",
    "highest",
    "load_policy",
    "read_policy",
    "set_password",
]
