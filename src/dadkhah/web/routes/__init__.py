"""The pages, one module per domain; each router checks the CSRF token of every change."""

from dadkhah.web.routes import (
    add,
    auth,
    dashboard,
    documents,
    dossiers,
    estimates,
    events,
    jobs,
    lists,
    people,
    review,
    search,
    sources,
)

ROUTERS = [
    auth.router,
    dashboard.router,
    documents.router,
    review.router,
    events.router,
    people.router,
    sources.router,
    search.router,
    lists.router,
    estimates.router,
    dossiers.router,
    add.router,
    jobs.router,
]
