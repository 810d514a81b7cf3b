"""The event page's map: our own hand-drawn outline of Iran (``geo/iran.json``) and a dot with
a label per place, drawn here as inline SVG (an equirectangular projection). No tile server,
no script, no style attribute (the CSP forbids inline styles): only presentation attributes.
Every label is escaped. A place outside the outline's box widens the view to show it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from dadkhah.extract.locate import Located, locate_places

OUTLINE = Path(__file__).with_name("geo") / "iran.json"
WIDTH = 640
PAD_DEGREES = 1.0


@dataclass(frozen=True)
class EventMap:
    """What the page shows: the SVG, the places drawn, those without a point, and whether
    one of the places is the whole country."""

    svg: Markup
    drawn: list[Located]
    unlocated: list[Located]
    whole_country: bool


@cache
def outline() -> tuple[tuple[float, float], ...]:
    """The outline's (longitude, latitude) points."""
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    return tuple((float(lon), float(lat)) for lon, lat in data["outline"])


def _box(points) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _num(value: float) -> str:
    return f"{value:.1f}"


def draw_map(places: list[Located], whole_country: bool = False, title: str = "") -> Markup:
    """The SVG: the outline (filled when the event concerns the whole country), then a dot
    and a label per located place."""
    border = outline()
    shown = [p for p in places if p.found]
    west, south, east, north = _box(list(border) + [(p.lon, p.lat) for p in shown])
    west, south = west - PAD_DEGREES, south - PAD_DEGREES
    east, north = east + PAD_DEGREES, north + PAD_DEGREES
    # one degree of longitude is shorter than one of latitude: scale at the middle latitude
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze)
    height = (north - south) * scale

    def xy(lon: float, lat: float) -> tuple[str, str]:
        return _num((lon - west) * squeeze * scale), _num((north - lat) * scale)

    path = " ".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in border))
    fill = "#dbe7f3" if whole_country else "#f4f5f7"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" width="{WIDTH}" height="{_num(height)}">',
        f"<title>{escape(title)}</title>",
        f'<polygon points="{path}" fill="{fill}" stroke="#5d6675" stroke-width="1.2"/>',
    ]
    for place in shown:
        x, y = xy(place.lon, place.lat)
        parts.append(
            f'<g class="place"><circle cx="{x}" cy="{y}" r="5" fill="#b3261e" '
            f'stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{x}" y="{y}" dx="8" dy="4" font-size="13" fill="#1d2330">'
            f"{escape(place.name)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def event_map(place_names: list[str], title: str = "") -> EventMap:
    """Locate an event's places and draw them; places without a point are listed apart."""
    located = locate_places(place_names)
    whole = any(p.type == "country" and p.country == "IR" for p in located)
    return EventMap(
        draw_map(located, whole, title),
        [p for p in located if p.found],
        [p for p in located if not p.found],
        whole,
    )
