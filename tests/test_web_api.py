"""The JSON API: its schema at /api/openapi.json, strict inputs, declared responses, the same
permissions as the pages; schemathesis fuzzes every operation (a few examples each)."""

import itertools
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from starlette.testclient import TestClient

from dadkhah.web import create_app
from testing import PASSWORD, WITNESS, cheap_password_hashes, open_store, web_home


@pytest.fixture(scope="module")
def api_site(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        cheap_password_hashes(mp)
        env = web_home(tmp_path_factory.mktemp("api") / "home")
        store = open_store(env)
        app = create_app(store)
        yield app, store
        store.close()


def session(app, name: str) -> tuple[TestClient, dict]:
    c = TestClient(app, follow_redirects=False)
    answer = c.post("/api/session", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    token = answer.cookies.get("dadkhah_session") or c.cookies.get("dadkhah_session")
    return c, {"Cookie": f"dadkhah_session={token}", "X-CSRF-Token": answer.json()["csrf_token"]}


@pytest.fixture(scope="module")
def api_schema(api_site):
    app, _store = api_site
    _c, headers = session(app, "ana")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=headers)
    schema.auth_headers = headers
    return schema


def test_every_api_operation_keeps_its_schema(api_schema):
    # schemathesis's pytest plugin does not run under pytest 9 yet: each operation's
    # strategy is driven by hypothesis here, a few examples each, to keep the suite fast
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13
    for operation, mode in itertools.product(operations, GenerationMode):

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=5, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case):
            case.call_and_validate(headers=api_schema.auth_headers)

        try:
            check()
        except Unsatisfiable:  # no invalid input exists (a path of any string, no body)
            assert mode is GenerationMode.NEGATIVE


def test_the_schema_is_served_only_to_signed_in_users_and_lists_every_operation(api_site):
    app, _store = api_site
    c, headers = session(app, "vic")
    assert TestClient(app).get("/api/openapi.json").status_code == 401
    spec = c.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/documents", "/api/events/{event_id}", "/api/search", "/api/claims",
            "/api/claims/{claim_id}/review", "/api/people/{person_id}"} <= paths  # fmt: skip
    assert not any(not p.startswith("/api/") for p in paths)  # pages are not in the API schema
    review = spec["paths"]["/api/claims/{claim_id}/review"]["post"]
    assert {"400", "401", "403", "404", "422"} <= set(review["responses"])


def test_strict_inputs_and_the_same_permissions_as_the_pages(api_site):
    app, store = api_site
    viewer, vh = session(app, "vic")
    analyst, ah = session(app, "ana")
    queue = analyst.get("/api/claims?limit=2").json()
    assert queue["total"] >= 2 and len(queue["claims"]) == 2
    claim = queue["claims"][0]["id"]
    # a viewer cannot decide; an analyst needs the CSRF header, and a strict body
    assert viewer.post(f"/api/claims/{claim}/review", json={"status": "accepted"},
                       headers=vh).status_code == 403  # fmt: skip
    assert (
        analyst.post(f"/api/claims/{claim}/review", json={"status": "accepted"}).status_code == 403
    )
    assert analyst.post(f"/api/claims/{claim}/review", json={"status": "accepted", "extra": 1},
                        headers=ah).status_code == 422  # fmt: skip
    assert analyst.post(f"/api/claims/{claim}/review", json={"status": True},
                        headers=ah).status_code == 422  # fmt: skip
    done = analyst.post(f"/api/claims/{claim}/review", json={"status": "accepted"}, headers=ah)
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    conflict = analyst.post(f"/api/claims/{claim}/review", json={"status": "conflict"}, headers=ah)
    assert conflict.status_code == 400 and "note" in conflict.json()["detail"]
    # nothing confidential reaches a viewer
    for path in ("/api/documents", "/api/people", "/api/claims?limit=500",
                 "/api/search?q=Kianpour", "/api/search?q=witness", "/api/victims"):  # fmt: skip
        text = viewer.get(path).text
        assert WITNESS not in text and "confidential" not in text, path
    assert "confidential" not in analyst.get("/api/documents").text  # restricted at most
    with store.read() as tx:
        (witness,) = tx.find_people(WITNESS)
    assert viewer.get(f"/api/people/{witness.id}").status_code == 404
    admin, _h = session(app, "ada")
    assert admin.get(f"/api/people/{witness.id}").json()["sensitivity"] == "confidential"
    assert re.search(WITNESS, admin.get("/api/search?q=Kianpour").text)
