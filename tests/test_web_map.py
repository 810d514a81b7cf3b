"""The event page's map: our own outline of Iran drawn as inline SVG, a dot and an escaped
label per place the gazetteer locates, the view widened for places abroad, and nothing in it
that the Content-Security-Policy would have to allow (no script, no style attribute)."""

import re

import pytest

from dadkhah.extract.locate import Located, locate_place
from dadkhah.web.maps import draw_map, outline
from testing import web_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with web_site(tmp_path_factory.mktemp("map") / "home") as found:
        yield found


def _view_box(svg: str) -> tuple[float, float]:
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
    return float(width), float(height)


def _dots(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]


def test_the_outline_is_a_closed_ring_around_iran():
    ring = outline()
    assert 40 <= len(ring) <= 120
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert 43 < min(lons) < 45 and 63 < max(lons) < 64  # Bazargan to Baluchestan
    assert 25 < min(lats) < 26 and 39 < max(lats) < 40.5  # the Gulf of Oman to the Aras


def test_places_are_located_through_the_gazetteer_in_either_script():
    tehran, persian = locate_place("Tehran"), locate_place("تهران")
    assert tehran.found and (round(tehran.lat), round(tehran.lon)) == (36, 51)
    assert (persian.lat, persian.lon) == (tehran.lat, tehran.lon)
    assert locate_place("Mahshahr").found  # geonames spells it Bandar-e Māhshahr
    country = locate_place("Iran")
    assert not country.found and country.type == "country"
    assert not locate_place("Nowhere-on-earth-xyz").found


def test_labels_are_escaped_and_the_svg_needs_nothing_the_csp_forbids():
    hostile = Located('<script>alert(1)</script>" onload="x', 35.7, 51.4, "IR", "city")
    svg = str(draw_map([hostile], title="<b>t</b>"))
    assert "<script" not in svg and 'onload="x"' not in svg and "&lt;script&gt;" in svg
    assert " style=" not in svg and "<style" not in svg and "href" not in svg
    ((x, y),) = _dots(svg)
    width, height = _view_box(svg)
    assert 0 < x < width and 0 < y < height


def test_a_place_abroad_widens_the_view():
    inside = str(draw_map([Located("Tehran", 35.69, 51.42)]))
    abroad = str(draw_map([Located("Tehran", 35.69, 51.42), Located("London", 51.5, -0.13)]))
    assert len(_dots(abroad)) == 2
    width, height = _view_box(abroad)
    assert all(0 <= x <= width and 0 <= y <= height for x, y in _dots(abroad))
    assert height / width < _view_box(inside)[1] / _view_box(inside)[0]  # wider than tall


def test_the_event_page_maps_its_places(site):
    store, c = site
    with store.read() as tx:
        (mahshahr,) = tx.find_events("Mahshahr killings")
        (aban,) = tx.find_events("Aban 1398")
    page = c["vic"].get(f"/events/{mahshahr.id}").text
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert len(_dots(svg)) == 1 and ">Mahshahr</text>" in svg
    country = c["vic"].get(f"/events/{aban.id}").text
    assert "<svg" in country and "the whole country" in country and "<circle" not in country
