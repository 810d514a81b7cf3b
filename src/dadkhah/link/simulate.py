"""A generator of realistic Persian victim lists with a known truth, for tests and benchmarks.

A population of people (Persian names drawn with the skew real names have: many Mohammads,
many Ahmadis), then several lists that each record some of them, in Persian script or in one
of several Latin transliterations, with the noise real lists carry: spelling variants, typos,
compound names joined or spaced, honorifics, fathers' names missing, ages off by one, dates in
the other calendar or a day off, duplicates inside a list. Every record keeps the id of the
person it describes, so pairwise precision and recall can be computed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import jdatetime

# Persian spelling, then Latin spellings seen in lists, "|" between them (the first is the
# most common)
GIVEN_MALE = [
    ("محمد", "Mohammad|Mohammed|Muhammad|Mohamad"),
    ("علی", "Ali"),
    ("حسین", "Hossein|Hosein|Hussein"),
    ("رضا", "Reza"),
    ("مهدی", "Mahdi|Mehdi"),
    ("حسن", "Hasan|Hassan"),
    ("امیر", "Amir"),
    ("محمدرضا", "Mohammadreza|Mohammad-Reza|Mohammad Reza"),
    ("علیرضا", "Alireza|Ali-Reza"),
    ("امیرحسین", "Amirhossein|Amir-Hossein|Amir Hossein"),
    ("سعید", "Saeed|Saeid|Said"),
    ("جواد", "Javad"),
    ("مجید", "Majid"),
    ("حمید", "Hamid"),
    ("بهنام", "Behnam"),
    ("پژمان", "Pezhman|Pejman"),
    ("سجاد", "Sajjad|Sajad"),
    ("اسماعیل", "Esmaeil|Esmail|Ismail"),
    ("قاسم", "Ghasem|Qasem"),
    ("کاظم", "Kazem"),
    ("یوسف", "Yousef|Yusef"),
    ("نوید", "Navid"),
    ("وحید", "Vahid"),
    ("پویا", "Pouya|Puya"),
    ("آرش", "Arash"),
    ("بهروز", "Behrouz|Behrooz"),
    ("فرهاد", "Farhad"),
    ("کیان", "Kian"),
    ("مصطفی", "Mostafa|Mustafa"),
    ("ابراهیم", "Ebrahim|Ibrahim"),
]
GIVEN_FEMALE = [
    ("فاطمه", "Fatemeh|Fateme|Fatima"),
    ("زهرا", "Zahra"),
    ("مریم", "Maryam"),
    ("نرگس", "Narges"),
    ("سارا", "Sara|Sarah"),
    ("نیلوفر", "Niloufar|Niloofar"),
    ("مهسا", "Mahsa"),
    ("نگین", "Negin"),
    ("الهام", "Elham"),
    ("شیرین", "Shirin"),
    ("معصومه", "Masoumeh|Masoume"),
    ("لیلا", "Leila|Leyla"),
]
FAMILY = [
    ("احمدی", "Ahmadi"),
    ("محمدی", "Mohammadi|Mohamadi"),
    ("حسینی", "Hosseini|Hoseini|Husseini"),
    ("رضایی", "Rezaei|Rezaee|Rezaie"),
    ("کریمی", "Karimi"),
    ("موسوی", "Mousavi|Musavi|Moosavi"),
    ("جعفری", "Jafari|Jafary"),
    ("قربانی", "Ghorbani|Qorbani"),
    ("صادقی", "Sadeghi|Sadeqi"),
    ("حیدری", "Heydari|Heidari"),
    ("نوروزی", "Nowruzi|Norouzi|Nourozi"),
    ("زارع", "Zare|Zarei"),
    ("احمدزاده", "Ahmadzadeh|Ahmad Zadeh|Ahmadzade"),
    ("صفارزاده", "Saffarzadeh|Safarzade"),
    ("علی‌پور", "Alipour|Ali Pour|Alipoor"),
    ("کرمی", "Karami"),
    ("عزیزی", "Azizi"),
    ("نظری", "Nazari"),
    ("رحیمی", "Rahimi"),
    ("کاظمی", "Kazemi"),
    ("یوسفی", "Yousefi|Yusefi"),
    ("اکبری", "Akbari"),
    ("قاسمی", "Ghasemi|Qasemi"),
    ("باقری", "Bagheri|Baqeri"),
    ("سلیمانی", "Soleimani|Solaimani"),
    ("طاهری", "Taheri"),
    ("فتحی", "Fathi"),
    ("شریفی", "Sharifi"),
    ("رستمی", "Rostami"),
    ("ملکی", "Maleki"),
    ("امیری", "Amiri"),
    ("بهرامی", "Bahrami"),
    ("نجفی", "Najafi"),
    ("خسروی", "Khosravi"),
    ("عباسی", "Abbasi"),
    ("مرادی", "Moradi"),
]
PLACES = [
    ("تهران", "Tehran"),
    ("شیراز", "Shiraz"),
    ("ماهشهر", "Mahshahr"),
    ("کرج", "Karaj"),
    ("اصفهان", "Isfahan"),
    ("بهبهان", "Behbahan"),
    ("اهواز", "Ahvaz"),
    ("کرمانشاه", "Kermanshah"),
    ("زاهدان", "Zahedan"),
    ("سنندج", "Sanandaj"),
]


# family names built the way many Persian ones are, a root and an ending (Ahmadpour,
# Karimzadeh, Tehrani, Rahimnejad): hundreds of names, for lists large enough to need them
ROOTS = [(fa, latin) for fa, latin in GIVEN_MALE if " " not in latin and len(fa) <= 5] + [
    ("صفار", "Saffar|Safar"), ("نجار", "Najjar|Najar"), ("آهنگر", "Ahangar"),
    ("عطار", "Attar|Atar"),
    ("تهران", "Tehran"), ("شیراز", "Shiraz"), ("کرمان", "Kerman"), ("تبریز", "Tabriz"),
    ("قزوین", "Ghazvin|Qazvin"), ("رحمان", "Rahman"), ("کریم", "Karim"), ("رحیم", "Rahim"),
    ("جهان", "Jahan"), ("شاه", "Shah"), ("میر", "Mir"), ("نور", "Nour|Noor"), ("مهر", "Mehr"),
    ("خدا", "Khoda"), ("یزدان", "Yazdan"), ("بهار", "Bahar"), ("اکبر", "Akbar"),
    ("اصغر", "Asghar"), ("جعفر", "Jafar"), ("صادق", "Sadegh|Sadeq"), ("باقر", "Bagher|Baqer"),
    ("عباس", "Abbas"), ("حیدر", "Heydar|Heidar"), ("منصور", "Mansour|Mansur"),
    ("فرج", "Faraj"), ("نصر", "Nasr"), ("بهمن", "Bahman"), ("کیا", "Kia"),
]  # fmt: skip
ENDINGS = [
    ("ی", "i|ee"), ("زاده", "zadeh|zade| Zadeh"), ("\u200cپور", "pour|poor|pur"),
    ("\u200cنژاد", "nejad|nezhad"), ("فر", "far"), ("نیا", "nia"), ("وند", "vand"),
    ("لو", "lou|lu"), ("خانی", "khani"), ("یان", "ian|iyan"),
]  # fmt: skip


def composed_family(rng: random.Random) -> tuple[str, str]:
    root = _zipf(rng, ROOTS, 0.6)
    ending = _zipf(rng, ENDINGS, 0.5)
    roots = root[1].split("|")
    latin = "|".join(r + e for r in roots for e in ending[1].split("|"))
    return (root[0] + ending[0], latin)


@dataclass
class Person:
    pid: int
    given: tuple[str, str]
    family: tuple[str, str]
    father: tuple[str, str]
    sex: str
    age: int
    day: str  # ISO
    place: tuple[str, str]


def _zipf(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights)[0]


def population(n: int, rng: random.Random, days: int = 5, varied: float = 0.0) -> list[Person]:
    """``n`` people killed over ``days`` days from 2019-11-15; a share ``varied`` of them
    have a composed family name (``composed_family``) instead of one of the most common."""
    out = []
    start = date(2019, 11, 15)
    for pid in range(n):
        female = rng.random() < 0.15
        given = _zipf(rng, GIVEN_FEMALE if female else GIVEN_MALE)
        family = composed_family(rng) if rng.random() < varied else _zipf(rng, FAMILY, 0.8)
        day = start + timedelta(days=rng.randrange(days))
        out.append(
            Person(
                pid,
                given,
                family,
                _zipf(rng, GIVEN_MALE),
                "female" if female else "male",
                rng.randint(14, 70),
                day.isoformat(),
                _zipf(rng, PLACES, 0.7),
            )
        )
    return out


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return (
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if rng.random() < 0.5
        else word[:i] + word[i + 1 :]
    )


def _latin(rng: random.Random, pair: tuple[str, str], variants: bool) -> str:
    """A Latin spelling: the most common one, or with ``variants`` any of those seen."""
    spellings = pair[1].split("|")
    return rng.choice(spellings) if variants and rng.random() < 0.5 else spellings[0]


def render(p: Person, script: str, rng: random.Random, noise: float) -> dict:
    """One record of a person in a list, in ``script`` (persian or latin)."""
    if script == "persian":
        jd = jdatetime.date.fromgregorian(date=date.fromisoformat(p.day))
        rec = {"given_name": p.given[0], "family_name": p.family[0], "father_name": p.father[0],
               "sex": "زن" if p.sex == "female" else "مرد", "age": str(p.age),
               "date": f"{jd.year}/{jd.month:02d}/{jd.day:02d}", "place": p.place[0]}  # fmt: skip
        digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
        if rng.random() < 0.7:
            rec["age"], rec["date"] = rec["age"].translate(digits), rec["date"].translate(digits)
    else:
        rec = {"given_name": _latin(rng, p.given, True), "family_name": _latin(rng, p.family, True),
               "father_name": _latin(rng, p.father, True), "sex": "F" if p.sex == "female" else "M",
               "age": str(p.age), "date": p.day, "place": p.place[1]}  # fmt: skip
        if rng.random() < noise:
            field = rng.choice(["given_name", "family_name"])
            rec[field] = _typo(rng, rec[field])
        if rng.random() < noise / 2:
            rec["given_name"] = "Seyed " + rec["given_name"]
    if rng.random() < noise:
        rec["father_name"] = ""
    if rng.random() < noise:
        rec["age"] = str(p.age + rng.choice((-1, 1)))
    if rng.random() < noise / 2:
        rec["age"] = ""
    if rng.random() < noise / 2 and script == "latin":
        d = date.fromisoformat(p.day)
        rec["date"] = (d + timedelta(days=rng.choice((-1, 1)))).isoformat()
    return rec


def lists(people: list[Person], specs: list[tuple[str, str, float]], rng: random.Random,
          noise: float = 0.15, duplicates: float = 0.02) -> dict[str, list[dict]]:  # fmt: skip
    """Lists named in ``specs`` (name, script, capture probability); each record has
    ``record_id``, ``person`` (the truth) and the fields of ``render``."""
    out = {}
    for name, script, capture in specs:
        rows = []
        for p in people:
            if rng.random() < capture:
                rows.append(render(p, script, rng, noise) | {"person": p.pid})
                if rng.random() < duplicates:
                    rows.append(render(p, script, rng, noise) | {"person": p.pid})
        rng.shuffle(rows)
        for i, r in enumerate(rows, 1):
            r["record_id"] = f"{name}-{i:06d}"
        out[name] = rows
    return out


def raw_name_keys(rec) -> dict:
    """Keys that are the names as written (lower case): the baseline a matcher without
    cross-script keys has."""
    given, family = (rec.given_name or "").casefold(), (rec.family_name or "").casefold()
    return {
        "given_key": given,
        "family_key": family,
        "father_key": (rec.father_name or "").casefold(),
        "full_key": f"{given} {family}",
        "phonetic_key": f"{given} {family}",
        "script": "mixed",
    }


def evaluate(
    generated: dict[str, list[dict]], persian_lists: set[str], keys=None, **link_options
) -> dict:
    """Link generated lists with the engine; pairwise precision, recall and F1 against the
    truth, and how many of the true cross-script pairs were found."""
    from dataclasses import asdict

    from dadkhah.link.engine import link
    from dadkhah.link.fields import normalise

    records, person = [], {}
    for name, rows in generated.items():
        for i, r in enumerate(rows, 2):
            values = {k: v for k, v in r.items() if k != "person"}
            rec = normalise(i, values, name in persian_lists)
            records.append(
                asdict(rec) | (keys(rec) if keys else rec.keys())
                | {"unique_id": f"{name}|{r['record_id']}", "source_dataset": name}
            )  # fmt: skip
            person[(name, r["record_id"])] = r["person"]
    result = link(records, **link_options)
    members: dict = {}
    for c in result.clusters:
        members.setdefault(c["cluster_id"], []).append((c["list"], c["record_id"]))
    by_person: dict = {}
    for k, pid in person.items():
        by_person.setdefault(pid, []).append(k)

    def pairs(groups):
        return {frozenset([a, b]) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]}

    predicted, truth = pairs(members.values()), pairs(by_person.values())
    found = predicted & truth
    p = len(found) / len(predicted) if predicted else 0.0
    r = len(found) / len(truth) if truth else 0.0

    def cross(ps):
        return {x for x in ps if len({k[0] in persian_lists for k in x}) == 2}

    return {
        "records": len(records),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "cross_found": len(cross(found)),
        "cross_true": len(cross(truth)),
        "trained_by_em": result.parameters.get("trained_by_em"),
    }
