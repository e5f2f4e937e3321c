"""Each state's time zones, from the IANA database that Debian's tzdata ships (zone.tab).

An officer calling at night needs the time where the phone rings. A state is shown in its
capital's zone; other zones of the state are named when their clock differs from the capital's.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from django.utils import dateformat, timezone
from django.utils.translation import pgettext

ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")
# zone.tab lists a state's zones west to east (or by population), not capital first.
CAPITAL_ZONE = {
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}


@cache
def zones_by_state() -> dict[str, tuple[str, ...]]:
    """ISO 3166 alpha-2 code -> its IANA zones, the capital's first."""
    found: dict[str, list[str]] = {}
    known = available_timezones()
    for line in ZONE_TAB.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, zone, *_ = line.split("\t")
        if zone in known:
            found.setdefault(code, []).append(zone)
    for code, capital in CAPITAL_ZONE.items():
        if capital in found.get(code, []):
            found[code].remove(capital)
            found[code].insert(0, capital)
    return {code: tuple(zones) for code, zones in found.items()}


@dataclass(frozen=True)
class LocalTime:
    zone: str
    now: datetime
    others: tuple[str, ...]  # the state's zones whose clock differs from the capital's

    @property
    def clock(self) -> str:
        return self.now.strftime("%H:%M")

    @property
    def day(self) -> str:
        """The weekday and date there, in the reader's language: Wed 2 Dec, mer 2 déc."""
        # The format is translated: "D j M" in English, "D j b" (lower-case month) in French.
        return dateformat.format(self.now, pgettext("weekday, day and month", "D j M"))

    @property
    def offset(self) -> str:
        """UTC+01:00, as officers compare zones."""
        raw = self.now.strftime("%z")
        return f"UTC{raw[:3]}:{raw[3:]}"


def local_time(code: str, at: datetime | None = None) -> LocalTime | None:
    zones = zones_by_state().get(code.upper())
    if not zones:
        return None
    at = at or timezone.now()
    now = at.astimezone(ZoneInfo(zones[0]))
    seen, others = {now.utcoffset()}, []
    for zone in zones[1:]:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
        if offset not in seen:
            seen.add(offset)
            others.append(zone)
    return LocalTime(zones[0], now, tuple(others))
