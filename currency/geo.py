"""The dashboard's map: participating states coloured by currency, drawn as SVG on the server
from Natural Earth shapes shipped with the project (currency/data/README.md)."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django_countries import countries

SHAPES = Path(__file__).resolve().parent / "data" / "countries-110m.json"

# Too small to see at this scale (or absent from it): a marker at about the capital (lon, lat).
SMALL_STATES = {
    "AD": (1.52, 42.51),
    "LI": (9.52, 47.14),
    "LU": (6.13, 49.61),
    "MC": (7.42, 43.74),
    "MT": (14.51, 35.9),
    "SM": (12.45, 43.94),
    "VA": (12.45, 41.9),
}

COLOURS = {  # fill per currency status (currency.dashboard.Currency), and for other countries
    "current": "#2d7d46",
    "due": "#d29a00",
    "stale": "#b3261e",
    "none": "#6b7785",
    "other": "#e3e6ea",
}


@dataclass(frozen=True)
class Panel:
    """A region drawn with an equirectangular projection into a box of the picture."""

    west: float
    east: float
    south: float
    north: float
    x: float
    y: float
    width: float

    @property
    def height(self) -> float:
        ratio = math.cos(math.radians((self.north + self.south) / 2))
        return self.width * (self.north - self.south) / ((self.east - self.west) * ratio)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        px = self.x + (lon - self.west) / (self.east - self.west) * self.width
        py = self.y + (self.north - lat) / (self.north - self.south) * self.height
        return px, py

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


# North America as an inset on the left; Europe, the Mediterranean and Central Asia beside it.
PANELS = (
    Panel(west=-170, east=-50, south=12, north=76, x=0, y=0, width=260),
    Panel(west=-25, east=125, south=24, north=72, x=270, y=0, width=730),
)
WIDTH = 1000


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat), undoing quantisation and delta encoding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return _unwrapped(ring)


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Russia's far east) continued past 180 degrees
    instead of jumping across the whole map."""
    out, shift = [], 0.0
    for index, (lon, lat) in enumerate(ring):
        if index and abs(lon + shift - out[-1][0]) > 180:
            shift += 360 if out[-1][0] > lon + shift else -360
        out.append((lon + shift, lat))
    return out


@cache
def shapes() -> dict[str, list[list[tuple[float, float]]]]:
    """Each country's rings of (lon, lat), by ISO 3166 alpha-2 code (read once)."""
    topology = json.loads(SHAPES.read_text())
    arcs = _arcs(topology)
    found: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = countries.alpha2(int(geometry["id"])) if geometry.get("id") else ""
        if not code:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = found.setdefault(code, [])
        for polygon in polygons:
            rings.extend(_ring(ring, arcs) for ring in polygon)
    return found


@cache
def _paths() -> dict[tuple[str, int], str]:
    """The SVG path of each country in each panel it reaches (computed once)."""
    paths = {}
    for code, rings in shapes().items():
        for index, panel in enumerate(PANELS):
            parts = [
                "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in map(_on(panel), ring)) + "Z"
                for ring in rings
                if any(panel.holds(lon, lat) for lon, lat in ring)
            ]
            if parts:
                paths[(code, index)] = "".join(parts)
    return paths


def _n(value: float) -> str:
    return f"{value:.1f}"


def _on(panel: Panel):
    return lambda point: panel.point(*point)


def _state(code: str, name: str, status: str, label: str, url: str, index: int, paths) -> str:
    """One participating state in one panel: its shape, and a marker when it is small."""
    text = gettext("%(state)s: %(status)s") % {"state": name, "status": label}
    out = []
    if (code, index) in paths:
        out.append(
            format_html(
                '<a href="{}" data-state="{}"><path d="{}" fill="{}" stroke="#fff" '
                'stroke-width="0.5"><title>{}</title></path></a>',
                url,
                code,
                paths[(code, index)],
                COLOURS[status],
                text,
            )
        )
    if code in SMALL_STATES and PANELS[index].holds(*SMALL_STATES[code]):
        x, y = PANELS[index].point(*SMALL_STATES[code])
        out.append(
            format_html(
                '<a href="{}" data-state="{}" data-marker="1"><circle cx="{}" cy="{}" '
                'r="4" fill="{}" stroke="#fff" stroke-width="1"><title>{}</title></circle></a>',
                url,
                code,
                _n(x),
                _n(y),
                COLOURS[status],
                text,
            )
        )
    return "".join(out)


def currency_map_svg(states: list[tuple[str, str, str, str, str]]) -> SafeString:
    """The map as inline SVG. `states`: (alpha-2 code, name, status, status label, page URL)
    for each participating state; other countries are drawn in grey, without a link."""
    paths = _paths()
    participating = {state[0] for state in states}
    groups = []
    for index, panel in enumerate(PANELS):
        others = "".join(
            format_html(
                '<path d="{}" fill="{}" stroke="#fff" stroke-width="0.4"/>', d, COLOURS["other"]
            )
            for (code, where), d in paths.items()
            if where == index and code not in participating
        )
        mine = "".join(_state(*state, index=index, paths=paths) for state in states)
        groups.append(
            format_html(
                '<clipPath id="currency-panel-{i}"><rect x="{x}" y="{y}" '
                'width="{w}" height="{h}"/></clipPath>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#f4f7fb" '
                'stroke="#c5cbd3"/><g clip-path="url(#currency-panel-{i})">{others}{mine}</g>',
                i=index,
                x=_n(panel.x),
                y=_n(panel.y),
                w=_n(panel.width),
                h=_n(panel.height),
                others=SafeString(others),
                mine=SafeString(mine),
            )
        )
    height = max(panel.y + panel.height for panel in PANELS)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="currency-map-title" class="currency-map-svg">'
        '<title id="currency-map-title">{}</title>'
        "{}</svg>",
        WIDTH,
        _n(height),
        gettext("Participating states coloured by currency"),
        SafeString("".join(groups)),
    )
