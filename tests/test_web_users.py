"""Accounts and the sensitivity policy on both backends: users added from the command line
(password from standard input), argon2id hashes, deactivation without deletion, custody
entries that never hold a hash, the default policy and a store's own."""

import pytest

from dadkhah.access import (
    Levels,
    add_user,
    authenticate,
    change_password,
    highest,
    load_policy,
)
from dadkhah.errors import AccessError, ConfigError, InputError, StoreError
from testing import cheap_password_hashes, open_store, run_cli


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch):
    cheap_password_hashes(monkeypatch)


def test_user_add_reads_the_password_from_stdin_and_keeps_only_an_argon2_hash(env):
    result = run_cli(["user", "add", "shirin", "--role", "analyst"], env, input="a long secret\n")
    assert result.exit_code == 0, result.stderr
    assert "usr-" in result.stdout
    store = open_store(env)
    with store.read() as tx:
        user = tx.get_user("shirin")
        entries = tx.custody_for([user.id])
    assert user.role == "analyst" and user.active and user.language == "en"
    assert user.password_hash.startswith("$argon2id$")
    assert "a long secret" not in user.password_hash
    assert authenticate(store, "shirin", "a long secret").id == user.id
    # the custody log names the account and its role, never the hash
    assert [e.action for e in entries] == ["created"]
    assert entries[0].details["role"] == "analyst"
    assert "argon2" not in str(entries[0].details)
    listed = run_cli(["user", "list"], env)
    assert "shirin" in listed.stdout and "analyst" in listed.stdout
    store.close()


def test_bad_names_roles_short_passwords_and_duplicates_are_refused(env):
    assert run_cli(["user", "add", "x", "--role", "boss"], env, input="a long secret\n").exit_code
    short = run_cli(["user", "add", "kaveh", "--role", "viewer"], env, input="short\n")
    assert short.exit_code == 1 and "10 characters" in short.stderr
    store = open_store(env)
    add_user(store, "kaveh", "viewer", "a long secret", "tester")
    with pytest.raises(StoreError, match="already exists"):
        add_user(store, "Kaveh", "viewer", "a long secret", "tester")
    with pytest.raises(StoreError, match="user name"):
        add_user(store, "two words", "viewer", "a long secret", "tester")
    with pytest.raises(InputError):
        add_user(store, "leila", "viewer", "short", "tester")
    store.close()


def test_wrong_passwords_deactivated_users_and_password_changes(env):
    store = open_store(env)
    add_user(store, "nasrin", "viewer", "first password", "tester")
    with pytest.raises(AccessError, match="unknown user or wrong password"):
        authenticate(store, "nasrin", "not the password")
    with pytest.raises(AccessError, match="unknown user or wrong password"):
        authenticate(store, "nobody", "first password")
    with pytest.raises(AccessError):
        change_password(store, "nasrin", "not the password", "second password")
    change_password(store, "nasrin", "first password", "second password")
    assert authenticate(store, "nasrin", "second password").name == "nasrin"
    result = run_cli(["user", "deactivate", "nasrin", "--reason", "left the team"], env)
    assert result.exit_code == 0, result.stderr
    with pytest.raises(AccessError, match="deactivated"):
        authenticate(store, "nasrin", "second password")
    with store.read() as tx:
        user = tx.get_user("nasrin")
        history = [e.details.get("changes") for e in tx.custody_for([user.id])]
    assert not user.active and user.deactivated_at  # kept, never deleted
    assert history[1] == {"password_hash": ["…", "…"]}
    assert history[2] == {"active": [True, False]}
    # the name stays taken
    with pytest.raises(StoreError, match="already exists"):
        add_user(store, "nasrin", "viewer", "third password", "tester")
    assert run_cli(["user", "password", "nasrin"], env, input="fourth password\n").exit_code == 0
    store.close()


def test_the_default_policy_and_a_stores_own(tmp_path):
    policy = load_policy(tmp_path)
    assert policy.visible("viewer") == ("public",)
    assert policy.visible("analyst") == ("public", "restricted")
    assert policy.visible("admin") == ("public", "restricted", "confidential")
    assert policy.visible("stranger") == ()
    (tmp_path / "policy.toml").write_text(
        '[roles]\nviewer = []\nanalyst = ["public"]\nadmin = ["public", "restricted"]\n'
    )
    mine = load_policy(tmp_path)
    assert mine.visible("viewer") == () and not mine.allows("admin", "confidential")
    (tmp_path / "policy.toml").write_text('[roles]\nviewer = ["secret"]\n')
    with pytest.raises(ConfigError, match="viewer"):
        load_policy(tmp_path)
    assert highest([]) == "public"
    assert highest(["public", "restricted", None]) == "restricted"
    assert highest(["public", "typo"]) == "confidential"


def test_a_person_cited_from_a_confidential_document_is_confidential(store, tmp_path):
    from dadkhah.evidence import IngestOptions
    from dadkhah.pipeline import ingest_and_parse
    from testing import write_files

    (secret, public) = write_files(
        tmp_path, {"secret.txt": "The witness Arash Karimi saw it.", "news.txt": "Arash spoke."}
    )
    ingest_and_parse(store, [str(secret)], IngestOptions("tester", None, "confidential"))
    ingest_and_parse(store, [str(public)], IngestOptions("tester", None, "public"))
    with store.read() as tx:
        docs = {d.original_filename: d for d in tx.documents()}
    with store.write("tester") as tx:
        witness = tx.add_person(
            "Arash Karimi",
            [{"document_id": docs["secret.txt"].id, "start": 12, "end": 24, "text": "Arash"}],
        )
        speaker = tx.add_person(
            "Arash", [{"document_id": docs["news.txt"].id, "start": 0, "end": 5}]
        )
    with store.read() as tx:
        levels = Levels(tx)
        assert levels.person(witness) == "confidential"
        assert levels.person(speaker) == "public"
        hits = tx.search("Arash")
        by_id = levels.hits(hits)
    assert by_id[witness.id] == "confidential"
    assert by_id[docs["secret.txt"].id] == "confidential"
    assert by_id[docs["news.txt"].id] == "public"
