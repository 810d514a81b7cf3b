"""Redaction for public dossiers: stable pseudonyms, names found in either script, the key kept
private, a refusal when a protected name would still be shown; Persian runs marked up."""

import os
import stat

import pytest

from dadkhah.access import highest
from dadkhah.errors import IntegrityError
from dadkhah.report import Redactor, pseudonym_key
from dadkhah.report.render import bidi, is_persian


def test_pseudonyms_are_stable_per_record_and_secret_keyed(tmp_path):
    key = pseudonym_key(tmp_path)
    assert pseudonym_key(tmp_path) == key  # made once, then read
    assert stat.S_IMODE(os.stat(tmp_path / "pseudonym.key").st_mode) == 0o600
    a, b = Redactor(True, key), Redactor(True, key)
    assert a.pseudonym("per-1") == b.pseudonym("per-1")
    assert a.pseudonym("per-1") != a.pseudonym("per-2")
    assert Redactor(True, b"another store").pseudonym("per-1") != a.pseudonym("per-1")
    assert a.pseudonym("per-1").startswith("P-") and len(a.pseudonym("per-1")) == 11


def test_names_are_replaced_in_text_in_either_script_and_logged():
    red = Redactor(True, b"k" * 32)
    pseud = red.protect("per-1", ["Hamed Saffarzadeh", "حامد صفارزاده"], "a witness's cousin")
    red.protect("vct-2", ["Fatemeh Kazem-pour", "فاطمه کاظم‌پور"], "on a restricted list")
    text = "Hamed  SAFFARZADEH was shot; حامد صفارزاده (Arabic letters: حامد صفارزاده) died."
    scrubbed = red.scrub(text.replace("ی", "ي"), "quote")
    assert "Saffarzadeh".casefold() not in scrubbed.casefold()
    assert "صفارزاده" not in scrubbed
    assert scrubbed.count(f"[{pseud}]") == 3
    # a zero-width non-joiner, a space or a hyphen between the parts of a name: still found
    for form in ("فاطمه کاظم‌پور", "فاطمه کاظم پور", "Fatemeh Kazem Pour"):
        assert red.pseudonym("vct-2") in red.scrub(f"({form})")
    # but not a longer word that merely starts with the name
    assert red.scrub("Hamed Saffarzadehian") == "Hamed Saffarzadehian"
    kinds = {(e["kind"], e["record"]) for e in red.log}
    assert ("name_in_text", "per-1") in kinds and ("name_in_text", "vct-2") in kinds
    assert red.name("per-1", "Hamed Saffarzadeh", "acts") == pseud
    assert red.name("per-9", "Ebrahim Raisi", "acts") == "Ebrahim Raisi"


def test_a_public_text_still_naming_someone_is_refused():
    red = Redactor(True, b"k" * 32)
    red.protect("per-1", ["Mehdi Kianpour"], "known only through a testimony")
    with pytest.raises(IntegrityError, match="protected"):
        red.check("<p>Witness: Mehdi Kianpour</p>", "the test page")
    red.check("<p>Witness: [P-AAAA-BBBB]</p>", "the test page")
    assert red.names_in("mehdi kianpour") and not red.names_in("Mehdi")


def test_an_internal_redactor_changes_nothing():
    red = Redactor(False)
    assert red.protect("per-1", ["Mehdi Kianpour"], "x") is None
    assert red.scrub("Mehdi Kianpour") == "Mehdi Kianpour"
    red.check("Mehdi Kianpour", "internal")
    assert red.log == []


def test_sensitivity_is_the_highest_of_the_sources():
    assert highest(["public", "confidential", "restricted"]) == "confidential"
    assert highest(["public", None]) == "public"
    assert highest([]) == "public"


def test_persian_runs_are_isolated_and_everything_is_escaped():
    html = str(bidi("Amnesty (عفو بین‌الملل) said <b>304</b>"))
    assert '<bdi dir="auto" lang="fa">عفو بین‌الملل</bdi>' in html
    assert "&lt;b&gt;304&lt;/b&gt;" in html and "<b>" not in html
    assert str(bidi("<script>")) == "&lt;script&gt;"
    assert is_persian("شمار کشته‌شدگان اعتراضات (Tehran Monitor)") and not is_persian(
        "Tehran (تهران)"
    )
