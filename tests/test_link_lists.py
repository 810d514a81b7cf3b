"""Victim lists: names keyed across scripts, values normalised, lists imported all or nothing."""

import csv
import json
import re

import pytest

from dadkhah.errors import InputError
from dadkhah.link import import_list, key, phonetic_key, prepare, split_full_name
from dadkhah.link.fields import BadValue, day, number, sex
from testing import EXAMPLES, open_store, run_cli, write_files


@pytest.mark.parametrize(
    ("latin", "persian"),
    [
        ("Mohammed Rezaee", "محمد رضایی"),
        ("Mohamad Rezaei", "محمد رضائی"),
        ("Mohammad Reza Ahmad Zadeh", "محمدرضا احمدزاده"),
        ("Mohammad-Hossein Karimi", "محمد حسین کریمی"),
        ("Seyed Mahdi Musavi", "سید مهدی موسوی"),
        ("Seyyed Mehdi Mousavi", "مهدی موسوی"),
        ("Aliakbar Heydari", "علی‌اکبر حیدری"),
        ("Hamid Ali Pour", "حمید علی‌پور"),
        ("Qorbanali Ghorbani", "قربانعلی قربانی"),
        ("Pezhman Saffarzade", "پژمان صفارزاده"),
        ("Fatemeh Jafari", "فاطمه جعفری"),
        ("Esmaeil Saeidi", "اسماعیل سعیدی"),
    ],
)
def test_a_latin_spelling_and_the_persian_script_share_one_key(latin, persian):
    assert key(latin) == key(persian) != ""
    assert phonetic_key(latin) == phonetic_key(persian)


def test_different_names_keep_different_keys_except_where_only_vowels_differ():
    names = ["Mohammad Rezaei", "Ali Rezaei", "Reza Ahmadi", "Hamid Ahmadi", "Zahra Azizi"]
    assert len({key(n) for n in names}) == len(names)
    # a consonant key cannot tell names apart that differ only in their vowels: the linkage
    # compares father's name, date, age and place for those
    assert key("Mahmoud Rezaei") == key("Mohammad Rezaei")
    assert key("Zohreh Azizi") == key("Zahra Azizi")


def test_full_names_split_into_given_and_family_with_honorifics_aside():
    n = split_full_name("Sayed Mohammad Reza Ahmad Zadeh")
    assert (n.given, n.family, n.honorifics) == ("Mohammad Reza", "Ahmad Zadeh", ("Sayed",))
    assert split_full_name("حاج علی کریمی").honorifics == ("حاج",)
    assert split_full_name("Karimi").family == ""


def test_every_cross_script_pair_of_the_example_lists_agrees_on_its_name_keys():
    _, a = prepare(EXAMPLES / "lists" / "list-a-en.csv", {})
    _, b = prepare(EXAMPLES / "lists" / "list-b-fa.csv", {})
    a, b = {r["record_id"]: r for r in a}, {r["record_id"]: r for r in b}
    pairs = []
    for line in (EXAMPLES / "lists" / "TRUTH.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| P\d+ \| ([^|]+) \| ([^|]+) \|", line)
        if m:
            pairs += [(x, y) for x in re.findall(r"A\d+", m.group(1))
                      for y in re.findall(r"B\d+", m.group(2))]  # fmt: skip
    assert len(pairs) == 27
    for x, y in pairs:
        assert (a[x]["given_key"], a[x]["family_key"]) == (b[y]["given_key"], b[y]["family_key"])


def test_values_are_normalised_in_either_script_and_calendar():
    assert [sex(v) for v in ("F", "m", "زن", "مرد", "female", "")] == [
        "female", "male", "female", "male", "female", None]  # fmt: skip
    with pytest.raises(BadValue, match="sex"):
        sex("x")
    assert number("۴۲", "age", 0, 120) == 42
    with pytest.raises(BadValue, match="out of range"):
        number("430", "age", 0, 120)
    assert day("۱۳۹۸/۰۸/۲۷", True) == ("2019-11-18", "day")
    assert day("۹۸/۸/۲۷", True) == ("2019-11-18", "day")  # a two-digit Solar Hijri year
    assert day("۲۶ آبان ۱۳۹۸", True) == ("2019-11-17", "day")
    assert day("2019-11-16", False) == ("2019-11-16", "day")
    with pytest.raises(BadValue, match="date"):
        day("soon", False)


def test_lists_import_all_or_nothing_with_their_file_preserved(env, tmp_path):
    ok = run_cli(["list", "import", str(EXAMPLES / "lists" / "list-b-fa.csv"), "--name", "B"])
    assert ok.exit_code == 0, ok.stderr
    assert "40 records" in ok.stdout
    bad = write_files(tmp_path, {"bad.csv": "id,full_name,sex,age,date\n1,Ali Karimi,M,30,"
                                 "2019-11-16\n2,,M,31,2019-11-16\n3,Reza Nazari,X,30,2019-11-16\n"
                                 "1,Hamid Ahmadi,M,abc,2019-11-17\n"})[0]  # fmt: skip
    refused = run_cli(["list", "import", str(bad), "--name", "Bad"])
    assert refused.exit_code == 1
    for problem in ("row 3: no name", "row 4: sex 'X'", "row 5: age 'abc'", "nothing imported"):
        assert problem in refused.stderr
    no_names = write_files(tmp_path, {"odd.csv": "victim_id,nombre\n1,Ali\n"})[0]
    unknown = run_cli(["list", "import", str(no_names), "--name", "Odd"])
    assert unknown.exit_code == 1 and "--map" in unknown.stderr
    mapped = run_cli(["list", "import", str(no_names), "--name", "Odd", "--map", "nombre=full_name",
                      "--map", "victim_id=record_id"])  # fmt: skip
    assert mapped.exit_code == 0, mapped.stderr
    store = open_store(env)
    with store.read() as tx:
        lists = {v.name: v for v in tx.victim_lists()}
        assert set(lists) == {"B", "Odd"}
        doc = tx.get_document(lists["B"].document_id)
        assert doc.original_filename == "list-b-fa.csv" and doc.sensitivity == "restricted"
        (odd,) = tx.victim_records(lists["Odd"].id)
        assert (odd.record_id, odd.given_name, odd.raw) == (
            "1",
            "Ali",
            {"victim_id": "1", "nombre": "Ali"},
        )
        entries = tx.custody_for([lists["B"].id])
    assert entries[0].details["records"] == 40
    again = run_cli(["list", "import", str(EXAMPLES / "lists" / "list-b-fa.csv"), "--name", "B"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    shown = json.loads(run_cli(["list", "show", "B", "--format", "json"]).stdout)
    assert shown["records"] == 40 and shown["scripts"] == {"persian": 40}
    assert shown["dates"] == ["2019-11-16", "2019-11-18"]
    assert shown["places"]["Mahshahr"] >= 5


def test_spreadsheets_import_like_csv(store, tmp_path):
    import openpyxl
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    rows = [["شناسه", "نام", "نام خانوادگی", "جنسیت", "سن", "تاریخ"],
            ["B1", "رضا", "نظری", "مرد", "۴۲", "۱۳۹۸/۰۸/۲۷"],
            ["B2", "زهرا", "عزیزی", "زن", 22, "1398/8/26"]]  # fmt: skip
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    book.save(tmp_path / "list.xlsx")
    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="list")
    for r in rows:
        tr = TableRow()
        for v in r:
            cell = TableCell()
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        sheet.addElement(tr)
    doc.spreadsheet.addElement(sheet)
    doc.save(str(tmp_path / "list.ods"))
    for name in ("list.xlsx", "list.ods"):
        made = import_list(store, tmp_path / name, name, "ana")
        with store.read() as tx:
            recs = tx.victim_records(made.id)
        assert [(r.record_id, r.sex, r.age, r.date) for r in recs] == [
            ("B1", "male", 42, "2019-11-18"), ("B2", "female", 22, "2019-11-17")]  # fmt: skip
        assert recs[0].full_key == key("Reza Nazari")
    broken = write_files(tmp_path, {"broken.xlsx": b"not a zip"})[0]
    with pytest.raises(InputError, match="broken.xlsx: cannot be read as a spreadsheet"):
        import_list(store, broken, "broken", "ana")
    with store.read() as tx:
        assert {v.name for v in tx.victim_lists()} == {"list.xlsx", "list.ods"}


def test_the_example_latin_list_reads_its_full_names(tmp_path):
    columns, records = prepare(EXAMPLES / "lists" / "list-a-en.csv", {})
    assert columns["full_name"] == "full_name" and columns["date_of_death"] == "date"
    rows = list(csv.DictReader((EXAMPLES / "lists" / "list-a-en.csv").open(encoding="utf-8")))
    assert len(records) == len(rows) == 40
    a009 = next(r for r in records if r["record_id"] == "A009")
    assert a009["honorifics"] and a009["given_key"] == key("مهدی")


def test_headers_with_punctuation_and_a_lone_name_column_are_recognised():
    from dadkhah.link.fields import recognise

    # "No." is the list's id; a lone "Name" (or نام) with no family-name column holds whole names
    assert recognise(["No.", "Name", "Age:"], {}) == {0: "record_id", 1: "full_name", 2: "age"}
    assert recognise(["نام", "سن"], {}) == {0: "full_name", 1: "age"}
    # beside a family-name column, "Name" is the given name; --map always wins
    assert recognise(["Name", "Surname"], {}) == {0: "given_name", 1: "family_name"}
    assert recognise(["Name", "x"], {"Name": "given_name"}) == {0: "given_name"}
    assert recognise(["", "#"], {}) == {1: "record_id"}
