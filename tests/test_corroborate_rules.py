"""The corroboration rules, on figures made up for each case (no store)."""

from dadkhah.corroborate import Figure, corroborate, independence_groups


def fig(claim_id, low, high=None, *, source="A", reliability="B", qualifier="exact",
        date="2019-12-01", measure="killed", revision_of=None, status="accepted", seq=0,
        credibility=None):  # fmt: skip
    return Figure(
        claim_id=claim_id,
        measure=measure,
        low=low,
        high=low if high is None else high,
        qualifier=qualifier,
        claimed_by=source,
        source_id=f"src-{source}" if reliability else None,
        source=source if reliability else None,
        reliability=reliability,
        credibility=credibility,
        date_claimed=date,
        document_id="doc-1",
        start=0,
        end=1,
        text=str(low),
        revision_of=revision_of,
        status=status,
        seq=seq,
    )


def only(figures, groups=None):
    (result,) = corroborate(figures, groups)
    return result


def test_a_later_figure_by_the_same_source_revises_the_earlier_one():
    m = only([fig("c2", 304, date="2019-12-16"), fig("c1", 208, date="2019-12-03")])
    assert [r.figure.low for r in m.rows] == [208, 304]
    assert [r.current for r in m.rows] == [False, True]
    assert m.rows[1].revision_of == 0
    assert m.consensus == 304 and (m.range_low, m.range_high) == (304, 304)


def test_an_explicit_revision_orders_figures_given_the_same_day():
    # "at least 208, up from 106": 208 comes first in the text but revises 106
    m = only([fig("c1", 208, seq=0, revision_of="c2"), fig("c2", 106, seq=1)])
    assert [r.figure.low for r in m.rows] == [106, 208]
    assert [r.current for r in m.rows] == [False, True]


def test_a_conflict_needs_two_credible_independent_sources_whose_ranges_do_not_overlap():
    m = only([fig("a", 250, source="A"), fig("b", 1500, source="B", reliability="C")])
    assert [(a, b) for a, b, _ in m.conflicts] == [(0, 1)]
    assert "do not overlap" in m.conflicts[0][2]
    # an unreliable source disagrees without making a conflict
    assert not only(
        [fig("a", 250, source="A"), fig("b", 1500, source="B", reliability="E")]
    ).conflicts
    # "at least 300" reaches any higher figure; an overlap is no conflict
    assert not only([fig("a", 300, qualifier="at_least"), fig("b", 1500, source="B")]).conflicts
    assert only([fig("a", 300, qualifier="at_least"), fig("b", 250, source="B")]).conflicts
    # vague figures use their bounds
    assert not only([fig("a", 20, 99, qualifier="vague"), fig("b", 40, source="B")]).conflicts


def test_affiliated_sources_count_once_and_do_not_conflict_with_each_other():
    figures = [fig("a", 250, source="A"), fig("b", 1500, source="B")]
    groups = independence_groups({"src-A", "src-B"}, [("src-A", "src-B")])
    m = only(figures, groups)
    assert m.independent_sources == 1 and not m.conflicts
    assert only(figures).independent_sources == 2


def test_the_consensus_is_the_lowest_current_credible_figure_and_the_range_spans_all():
    m = only(
        [
            fig("a", 304, source="A", qualifier="at_least"),
            fig("b", 250, source="B"),
            fig("c", 30, 90, source="C", reliability="E", qualifier="vague"),
            fig("d", 100, source="D", date="2019-11-20"),
            fig("e", 400, source="D", date="2019-12-20"),  # revises d: d leaves the consensus
        ]
    )
    assert m.consensus == 250
    assert (m.range_low, m.range_high) == (30, 400)
    assert m.independent_sources == 4


def test_unregistered_sources_are_graded_f_and_never_credible():
    m = only([fig("a", 5000, reliability=None, credibility=None), fig("b", 300, source="B")])
    grades = {r.figure.claim_id: r.figure.grade for r in m.rows}
    assert grades == {"a": "F6", "b": "B6"}
    assert m.consensus == 300


def test_the_losing_claim_of_a_conflict_is_shown_but_leaves_the_consensus():
    m = only([fig("a", 10, status="conflict"), fig("b", 300, source="B")])
    assert len(m.rows) == 2 and m.consensus == 300 and m.range_low == 300


def test_each_measure_is_corroborated_on_its_own():
    results = corroborate([fig("a", 300), fig("b", 7000, measure="arrested")])
    assert [r.measure for r in results] == ["arrested", "killed"]
