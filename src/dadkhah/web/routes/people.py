"""People: the list, and one person's names, postings on a timeline with their sources,
the acts and events they are tied to."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from dadkhah.access import Levels
from dadkhah.errors import NotFound
from dadkhah.know import person_view
from dadkhah.web.context import Reader, check_csrf, log_views, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def visible_person(store, who: Reader, person_id: str):
    """(PersonView, its sensitivity); NotFound when the reader may not see the person."""
    with store.read() as tx:
        person = tx.get_person(person_id)
        level = Levels(tx).person(person)
    if not who.sees(level):
        raise NotFound(f"no person {person_id}")
    return person_view(store, person_id), level


@router.get("/people")
def people(request: Request, who: Reader = Depends(reader)):
    with state(request).store.read() as tx:
        levels = Levels(tx)
        shown = [(p, levels.person(p)) for p in tx.people()]
    shown = [(p, level) for p, level in shown if who.sees(level)]
    log_views(request, who, [(p.id, "person", level) for p, level in shown])
    return render(request, "people.html", who, people=shown)


@router.get("/people/{person_id}")
def person(request: Request, person_id: str, who: Reader = Depends(reader)):
    view, level = visible_person(state(request).store, who, person_id)
    events = {}
    for _inv, _act, event, _cites in view.involvements:
        if event is not None:
            events[event.id] = event
    log_views(request, who, [(person_id, "person", level)])
    return render(request, "person.html", who, view=view, level=level, events=events.values())
