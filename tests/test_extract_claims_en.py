"""English claims: the pitfalls the issue lists, and the shapes of real wire and NGO copy."""

import pytest

from dadkhah.extract import extract_claims


def claims(text: str, publisher: str | None = None):
    found = extract_claims(text, "en", publisher=publisher)
    for c in found:
        assert text[c.start : c.end] == c.text
    return found


def brief(text: str, publisher: str | None = None):
    return [(c.measure, c.low, c.high, c.qualifier) for c in claims(text, publisher)]


@pytest.mark.parametrize(
    "text",
    [
        "A 22-year-old woman died in custody in 2022, three days after her arrest.",
        "The report [59] was published on 2019-11-27 and runs to 304 pages.",
        "Protesters set fire to 731 banks and 140 government buildings.",
        "No one was killed in the clashes, the governor said.",
        "Police denied that 50 people had been killed.",
        "He was sentenced to 10 years in prison and 74 lashes under Article 500.",
        "Turnout was 42 percent, and prices rose by 300 percent overnight.",
        "The summer of 1988 saw the worst of it.",
        "The three-day conference heard from a five-member panel.",
    ],
)
def test_pitfalls_are_not_claims(text):
    assert brief(text) == []


def test_numbers_spelled_out_are_counts():
    assert brief("Five protesters were shot dead.") == [("killed", 5, 5, "exact")]
    assert brief("Two dozen people were arrested.") == [("arrested", 24, 24, "exact")]
    assert brief("Three hundred and four people died.") == [("killed", 304, 304, "exact")]


def test_sentenced_to_death_is_not_killed():
    assert brief("Eleven protesters were sentenced to death.") == [("sentenced", 11, 11, "exact")]


def test_two_claims_of_different_measures_in_one_sentence():
    text = "The death toll nears 300, with over 7,000 detained."
    assert brief(text) == [("killed", 300, 300, "about"), ("detained", 7000, 7000, "more_than")]


def test_a_subgroup_is_a_claim_of_its_own():
    text = "At least 304 people were killed, including 23 children and 10 women."
    assert brief(text) == [
        ("killed", 304, 304, "at_least"),
        ("killed", 23, 23, "exact"),
        ("killed", 10, 10, "exact"),
    ]
    assert [c.subgroup for c in claims(text)] == [False, True, True]


def test_the_measure_word_far_from_the_number():
    text = "The group has confirmed the identities of 41 of the dead."
    assert brief(text) == [("killed", 41, 41, "exact")]
    text = "Amnesty raised its toll of confirmed deaths from 208 to 304."
    found = claims(text)
    assert brief(text) == [("killed", 208, 208, "exact"), ("killed", 304, 304, "exact")]
    assert found[1].revision_of == 0 and found[1].claimed_by == "Amnesty"


def test_the_source_named_in_an_earlier_sentence():
    text = (
        "Amnesty International published its findings on Monday. "
        "It said at least 304 people had been killed."
    )
    found = claims(text)
    assert [(c.low, c.claimed_by, c.attribution) for c in found] == [
        (304, "Amnesty International", "earlier")
    ]


def test_ranges_are_one_claim():
    assert brief("Nearly 200 to 225 people were killed.") == [("killed", 200, 225, "range")]
    assert brief("Between 200 and 300 protesters were detained.") == [
        ("detained", 200, 300, "range")
    ]
    assert brief("Officials said 200-300 people were hurt.") == [("injured", 200, 300, "range")]


def test_hedges_and_vague_words():
    assert brief("Up to 1,000 people were arrested.") == [("arrested", 1000, 1000, "up_to")]
    assert brief("An estimated 1,500 protesters were killed.") == [
        ("killed", 1500, 1500, "estimated")
    ]
    assert brief("Dozens were wounded and hundreds detained.") == [
        ("injured", 20, 99, "vague"),
        ("detained", 200, 999, "vague"),
    ]
    assert brief("Several hundred people were arrested.") == [("arrested", 300, 900, "vague")]


def test_attribution_forms():
    text = "According to Iran Human Rights, 20 people were executed in May."
    assert [c.claimed_by for c in claims(text)] == ["Iran Human Rights"]
    text = "At least 106 protesters were killed, Amnesty International said on Tuesday."
    assert [c.claimed_by for c in claims(text)] == ["Amnesty International"]
    text = "Activists said 12 people were arrested."
    assert [c.claimed_by for c in claims(text)] == ["Activists"]
    text = "At least 40 people were killed in the city."
    assert [c.claimed_by for c in claims(text, publisher="Hengaw")] == ["Hengaw"]
    assert [c.attribution for c in claims(text, publisher="Hengaw")] == ["publisher"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The death toll has risen to 41, state media reported.",
            [("killed", 41, 41, "exact")],
        ),
        (
            "Hengaw, a Kurdish rights group, said security forces had killed at least 18 "
            "people in the province.",
            [("killed", 18, 18, "at_least")],
        ),
        (
            "Five people, including a 12-year-old boy, were killed.",
            [("killed", 5, 5, "exact")],
        ),
        (
            "Rights groups say more than 500 protesters have been killed since September, "
            "among them 70 minors.",
            [("killed", 500, 500, "more_than"), ("killed", 70, 70, "exact")],
        ),
        (
            "Some 2,000 people are believed to have died in the 1988 massacres; other "
            "estimates put the number as high as 5,000.",
            [("killed", 2000, 2000, "about"), ("killed", 5000, 5000, "up_to")],
        ),
        (
            "Police arrested 15 people and wounded dozens more.",
            [("arrested", 15, 15, "exact"), ("injured", 20, 99, "vague")],
        ),
        (
            "Nearly 20,000 people were detained and 500 killed, the group said.",
            [("detained", 20000, 20000, "about"), ("killed", 500, 500, "exact")],
        ),
        (
            "Over the past week, 4 protesters were killed and 160 wounded in Sistan-Baluchestan.",
            [("killed", 4, 4, "exact"), ("injured", 160, 160, "exact")],
        ),
        (
            "A court sentenced 7 men to death and 4 others to long prison terms.",
            [("sentenced", 7, 7, "exact"), ("sentenced", 4, 4, "exact")],
        ),
        (
            "At least 537 people, 68 of them children, were killed.",
            [("killed", 537, 537, "at_least"), ("killed", 68, 68, "exact")],
        ),
        (
            "Iran executed at least 834 people last year, according to a report by two "
            "rights groups.",
            [("executed", 834, 834, "at_least")],
        ),
        (
            "The number of executions rose to 582 in 2022, up from 333 in 2021.",
            [("executed", 582, 582, "exact"), ("executed", 333, 333, "exact")],
        ),
        (
            "Thousands of people have been detained since the protests began, and at least "
            "four have been executed.",
            [("detained", 2000, 9999, "vague"), ("executed", 4, 4, "at_least")],
        ),
        (
            "Witnesses told Reuters that a dozen bodies were taken from the square.",
            [("killed", 12, 12, "exact")],
        ),
        (
            "The UN rights office said it had documented 1,200 cases of enforced "
            "disappearance since the coup.",
            [("disappeared", 1200, 1200, "exact")],
        ),
    ],
)
def test_shapes_of_real_reporting(text, expected):
    assert brief(text) == expected


def test_when_it_happened_and_when_it_was_said():
    text = (
        "On 16 December 2019 Amnesty International said that at least 304 people had been "
        "killed between 15 and 18 November 2019."
    )
    found = extract_claims(text, "en", published="2020-01-05")
    assert [(c.low, c.date, c.date_claimed) for c in found] == [(304, "2019-11-18", "2019-12-16")]
    text = "Security forces killed 40 people on 18 November 2019, witnesses said on 3 December."
    found = extract_claims(text, "en", published="2020-01-05")
    assert [(c.date, c.date_claimed) for c in found] == [("2019-11-18", "2020-01-05")]
    # the claim's date falls back to the document's
    assert (
        extract_claims("Police arrested 12 students.", "en", published="2020-01-05")[0].date_claimed
        == "2020-01-05"
    )


def test_short_lines_take_the_language_of_the_document(tmp_path):
    from dadkhah.extract import extract_files

    page = tmp_path / "figures.txt"
    page.write_text(
        "The monitoring group published its latest figures on the crackdown on Sunday.\n\n"
        "- 304 killed\n- 7,000 detained\n- 12 executed\n",
        encoding="utf-8",
    )
    rows = [r for r in extract_files([str(page)]) if not isinstance(r, Exception)]
    assert [(r["measure"], r["low"], r["language"]) for r in rows] == [
        ("killed", 304, "en"),
        ("detained", 7000, "en"),
        ("executed", 12, "en"),
    ]


def test_a_grouped_figure_and_a_figure_in_the_subject():
    text = "Montazeri wrote that between 2,800 and 3,800 prisoners were executed."
    assert brief(text) == [("executed", 2800, 3800, "range")]
    text = "A further 70 to 90 deaths have been reported to us but not yet confirmed."
    assert [(c.low, c.high, c.claimed_by) for c in claims(text)] == [(70, 90, None)]


# ---- parts of a group, and which measure word says what befell them ---------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The authorities have executed no fewer than 975 people, among them 31 women and "
            "four children.",
            [("executed", 975), ("executed", 31), ("executed", 4)],
        ),
        (
            "Iran executed at least 582 people in 2022. Of those executed, 256 had been "
            "convicted of drug-related offences and 16 were women.",
            [("executed", 582), ("executed", 256), ("executed", 16)],
        ),
        (
            "He said 2,229 people had been detained and that 25 had died, two of them members "
            "of the National Guard.",
            [("detained", 2229), ("killed", 25), ("killed", 2)],
        ),
        (
            "At least 21 people were forcibly disappeared; the bodies of three of them were "
            "later recovered.",
            [("disappeared", 21), ("killed", 3)],
        ),
        (
            "Forces arrested 14 Kurdish citizens. The whereabouts of five of the detainees "
            "remain unknown.",
            [("arrested", 14), ("disappeared", 5)],
        ),
        (
            "Police detained 300 people. A dozen of those detained later told relatives they "
            "had been tortured.",
            [("detained", 300), ("tortured", 12)],
        ),
        (
            "Russia executed 160 prisoners of war. It has handed back the bodies of 40 of them.",
            [("executed", 160), ("executed", 40)],
        ),
        (
            "The toll rose to 67 after seven people wounded in clashes in Puno died in hospital.",
            [("killed", 67), ("killed", 7)],
        ),
        (
            "Volunteers said at least 30 men seized by the paramilitary group during the assault "
            "were still missing.",
            [("disappeared", 30)],
        ),
        ("Iran hanged two men convicted of killing a guard.", [("executed", 2)]),
        (
            "At least 345 people were executed, including more than 100 foreign nationals "
            "convicted of drug smuggling.",
            [("executed", 345), ("executed", 100)],
        ),
        (
            "The court sentenced three officers to death and five others to life imprisonment "
            "over the killing of six students.",
            [("sentenced", 3), ("sentenced", 5), ("killed", 6)],
        ),
        (
            "A further 15 prisoners are at imminent risk of execution after the Supreme Court "
            "upheld their death sentences.",
            [("sentenced", 15)],
        ),
    ],
)
def test_what_befell_a_part_of_the_group(text, expected):
    assert [(c.measure, c.low) for c in claims(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Detentions linked to the protests over the jailing of the mayor have climbed to "
            "nearly 1,700, the minister said.",
            [("detained", 1700, "about")],
        ),
        (
            "Figures put the number of people killed in police operations between July 2016 "
            "and May 2022 at 6,252.",
            [("killed", 6252, "exact")],
        ),
        (
            "The UNDP put the toll, counting deaths from hunger and disease, at 371,000.",
            [("killed", 371000, "exact")],
        ),
        (
            "Officials said the number of dead brought to the hospital has risen to 87, most of "
            "them with gunshot wounds.",
            [("killed", 87, "exact")],
        ),
        (
            "Israeli fire killed at least 31 people and wounded more than 170 near the site.",
            [("killed", 31, "at_least"), ("injured", 170, "more_than")],
        ),
        (
            "At least 11 prisoners, including a woman, were executed on Wednesday.",
            [("executed", 11, "at_least")],
        ),
        (
            "Hundreds more had been abducted on the roads, and their whereabouts remain unknown.",
            [("disappeared", 200, "vague")],
        ),
    ],
)
def test_a_measure_word_far_from_its_figure(text, expected):
    assert [(c.measure, c.low, c.qualifier) for c in claims(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "He was convicted under Articles 30 and 34 of the counter-terrorism law.",
        "Troops were deployed in 47 of the country's 64 districts.",
        "One of the dead was a 15-year-old boy.",
        "A curfew remained in force in the city of 20 million.",
        "The camp shelters some 450,000 displaced people.",
        "Roughly 5,000 residents fled the town.",
        "If Brussels expelled even a handful of Iranian diplomats, Tehran would notice.",
        "Arrests were made in 161 cities and 144 universities.",
    ],
)
def test_more_things_that_look_like_claims(text):
    assert claims(text) == []


def test_a_measure_word_inside_an_organisations_name_is_not_the_measure():
    from dadkhah.extract.entities_hook import entities_for

    text = (
        "The Assistance Association for Political Prisoners says more than 7,000 civilians "
        "have been killed."
    )
    found = extract_claims(text, "en", entities=entities_for(text, "en"))
    assert [(c.measure, c.low) for c in found] == [("killed", 7000)]
