"""Event matching: which existing event a candidate claim is about, and, when none fits, which
new events to propose. Proposals only; an analyst confirms (``dadkhah claim link``).

A claim is scored against an event on four things, each with its reason:

- date: the event date the claim states falls in the event's time range (with a margin of
  ``DAY_MARGIN`` days), or, when it states none, the figure was given from the event's start
  to ``REPORT_DAYS`` days after its end;
- place: the claim's place (or a place its sentence names) is one of the event's places, or
  the event names none;
- type: the measure is one the event's type produces (executions for an execution event...);
- wording: words of the claim's sentence and event hint shared with the event's title and
  description.

A score of ``THRESHOLD`` or more proposes a link. Claims that match nothing are grouped by
measure, place and month into proposed new events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dadkhah.store import Store

DAY_MARGIN = 3
REPORT_DAYS = 240
THRESHOLD = 0.6
WEIGHTS = {"date": 0.35, "place": 0.25, "type": 0.2, "wording": 0.2}

# which measures each event type produces
TYPE_MEASURES = {
    "mass_killing": {"killed", "injured"},
    "violence_against_civilians": {"killed", "injured", "disappeared", "tortured"},
    "battles": {"killed", "injured"},
    "explosions_remote_violence": {"killed", "injured"},
    "protests": {"killed", "injured", "arrested", "detained"},
    "riots": {"killed", "injured", "arrested", "detained"},
    "crackdown": {"killed", "injured", "arrested", "detained", "disappeared", "tortured",
                  "sentenced", "executed"},
    "arbitrary_arrest": {"arrested", "detained"},
    "execution": {"executed", "sentenced"},
    "torture": {"tortured"},
    "enforced_disappearance": {"disappeared"},
    "strategic_developments": set(),
    "other": set(),
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass
class Proposal:
    claim_id: str
    event_id: str
    score: float
    reasons: list[str]


@dataclass
class NewEvent:
    """A group of unmatched claims that may be an event nobody has recorded yet."""

    measure: str
    place: str | None
    month: str | None
    claim_ids: list[str] = field(default_factory=list)
    hint: str | None = None


def _day(value: str | None, end: bool = False) -> date | None:
    if not value:
        return None
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _words(*texts: str | None) -> set[str]:
    return {w.casefold() for t in texts if t for w in _WORD.findall(t)}


def score_claim(claim, event, place_names: set[str]) -> tuple[float, list[str]]:
    """How well a claim fits an event, with the reasons that count."""
    score, reasons = 0.0, []
    start, end = _day(event.start_date), _day(event.end_date or event.start_date, end=True)
    stated = _day(claim.event_date)
    given = _day(claim.date_claimed)
    if start and stated:
        if start - timedelta(DAY_MARGIN) <= stated <= end + timedelta(DAY_MARGIN):
            score += WEIGHTS["date"]
            reasons.append(f"date {claim.event_date} in the event's range")
        else:
            score -= WEIGHTS["date"]
    elif start and given and start <= given <= end + timedelta(REPORT_DAYS):
        score += WEIGHTS["date"] * 0.8
        reasons.append(f"given on {claim.date_claimed}, within {REPORT_DAYS} days of the event")
    events_places = {p["name"].casefold(): p["name"] for p in event.places}
    claim_places = {p.casefold() for p in place_names} | (
        {claim.place.casefold()} if claim.place else set()
    )
    shared_places = sorted(events_places[p] for p in claim_places & set(events_places))
    if shared_places:
        score += WEIGHTS["place"]
        reasons.append("place " + ", ".join(shared_places))
    elif not events_places or not claim_places:
        score += WEIGHTS["place"] * 0.4
    if claim.measure in TYPE_MEASURES.get(event.type, set()):
        score += WEIGHTS["type"]
        reasons.append(f"{claim.measure} fits a {event.type.replace('_', ' ')}")
    sentence = claim.context.text if claim.context else None
    shared = _words(event.title, event.description) & _words(sentence, claim.event_hint)
    if shared:
        score += WEIGHTS["wording"] * min(1.0, len(shared) / 2)
        reasons.append("shared words: " + ", ".join(sorted(shared)[:5]))
    return round(score, 3), reasons


def propose(store: Store, actor: str, claim_ids=None, threshold: float = THRESHOLD):
    """Score unlinked, unrejected claims against every event; store proposals as links with
    status proposed; return them and the proposed new events."""
    from dadkhah.extract.entities import find_entities

    with store.read() as tx:
        events = tx.events()
        claims = tx.claims(ids=claim_ids) if claim_ids else tx.claims()
        links = tx.claim_events()
    linked = {(link.claim_id, link.event_id) for link in links}
    decided = {link.claim_id for link in links if link.status == "confirmed"}
    proposals: list[Proposal] = []
    unmatched = []
    for c in claims:
        if c.status == "rejected" or c.id in decided:
            continue
        sentence = c.context.text if c.context and c.context.text else ""
        places = {e.name for e in find_entities(sentence, c.language) if e.kind == "place"}
        best = None
        for e in events:
            score, reasons = score_claim(c, e, places)
            if score >= threshold and (best is None or score > best.score):
                best = Proposal(c.id, e.id, score, reasons)
        if best is None:
            unmatched.append(c)
        elif (best.claim_id, best.event_id) not in linked:
            proposals.append(best)
    if proposals:
        with store.write(actor) as tx:
            for p in proposals:
                tx.link_claim_event(p.claim_id, p.event_id, "proposed", p.score, p.reasons)
    groups: dict[tuple, NewEvent] = {}
    for c in unmatched:
        when = c.event_date or c.date_claimed
        key = (c.measure, c.place, when[:7] if when else None)
        group = groups.setdefault(key, NewEvent(*key))
        group.claim_ids.append(c.id)
        group.hint = group.hint or c.event_hint
    return proposals, sorted(groups.values(), key=lambda g: -len(g.claim_ids))
