"""Downloads from the pages: an event's case bag as a zip (public for everyone, internal only
for who may see everything, an ``exported`` custody entry either way) and each user's last
estimate as the JSON record the ``estimate`` command prints."""

import io
import json
import zipfile

import pytest

from testing import WITNESS, run_cli, web_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with web_site(tmp_path_factory.mktemp("exports") / "home") as found:
        yield found


def test_a_viewer_downloads_the_public_case_bag_of_an_event(site):
    store, c = site
    vic = c["vic"]
    with store.read() as tx:
        (aban,) = tx.find_events("Aban 1398")
    page = vic.get("/dossiers").text
    assert 'action="/dossiers/case"' in page and 'value="internal"' not in page
    internal = {"event": aban.id, "version": "internal", "csrf": vic.csrf}
    assert vic.post("/dossiers/case", data=internal).status_code == 403
    unknown = {"event": "evt-nothing", "version": "public", "csrf": vic.csrf}
    assert vic.post("/dossiers/case", data=unknown).status_code == 404
    assert vic.post("/dossiers/case", data={"event": aban.id}).status_code == 403  # no token
    answer = vic.post("/dossiers/case", data=unknown | {"event": aban.id})
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"]
    bag = zipfile.ZipFile(io.BytesIO(answer.content))
    names = bag.namelist()
    root = names[0].split("/")[0]
    assert f"{root}/bagit.txt" in names and f"{root}/data/dossier/dossier.html" in names
    for name in names:
        if name.endswith((".html", ".txt", ".json", ".jsonl", ".csv")):
            assert WITNESS not in bag.read(name).decode("utf-8", "replace"), name
    with store.read() as tx:
        exported = [e for e in tx.custody_for([aban.id]) if e.action == "exported"]
    case = [e for e in exported if e.details.get("format") == "bagit-case"]
    assert [(e.actor, e.details["public"]) for e in case] == [("vic", True)]


def test_the_last_estimate_downloads_as_the_commands_json(site, tmp_path):
    store, c = site
    ana, ada, vic = c["ana"], c["ada"], c["vic"]
    assert ana.get("/estimates/result.json").status_code == 404  # nothing run yet
    run = ana.post("/estimates", data={"method": "chapman", "seed": "1", "csrf": ana.csrf})
    assert run.status_code == 303
    page = ana.get("/estimates").text
    assert 'href="/estimates/result.json"' in page
    answer = ana.get("/estimates/result.json")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment")
    record = answer.json()
    assert record["method"] == "chapman" and record["estimate"] > record["observed"] > 0
    assert all(p.startswith("/estimates/chart/") for p in record["plots"])
    assert ana.get(record["plots"][0]).content.startswith(b"\x89PNG")
    # the same keys as the command line's record, from the same histories
    histories = tmp_path / "H.csv"
    env = {"DADKHAH_HOME": str(store.settings.home), "DADKHAH_USER": "tester"}
    assert run_cli(["link", "histories", "--out", str(histories)], env).exit_code == 0
    cli = run_cli(["estimate", str(histories), "--method", "chapman", "--seed", "1",
                   "--format", "json"], env)  # fmt: skip
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.stdout)
    assert sorted(record) == sorted(expected)
    assert round(record["estimate"], 6) == round(expected["estimate"], 6)
    # each user has their own last result; a viewer runs none
    assert ada.get("/estimates/result.json").status_code == 404
    assert ada.get(record["plots"][0]).status_code == 404
    refused = vic.post("/estimates", data={"method": "chapman", "csrf": vic.csrf})
    assert refused.status_code in (403, 404)
