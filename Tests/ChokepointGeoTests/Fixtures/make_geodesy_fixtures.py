#!/usr/bin/env python3
"""Reference values for the geodesy and projection tests, computed by pyproj (PROJ +
GeographicLib), independently of Chokepoint's own code.

Run from this folder:  python3 make_geodesy_fixtures.py > geodesy.json
(needs `pip install pyproj`; the versions used are recorded in the output).

The coordinates are approximate town centres (lon, lat in degrees) chosen along the
Golden Triangle - Laos - Vietnam corridor; they are test inputs, not GeoData.
"""
import json

import pyproj

PLACES = {
    "Vientiane": (102.6331, 17.9757),
    "Hanoi": (105.8342, 21.0278),
    "Luang Prabang": (102.1347, 19.8856),
    "Houayxay": (100.4124, 20.2761),
    "Tachileik": (99.8830, 20.4475),
    "Lao Cai": (103.9750, 22.4856),
    "Vinh": (105.6813, 18.6734),
    "Dien Bien Phu": (103.0230, 21.3860),
    "Sam Neua": (104.0439, 20.4159),
    "Lao Bao": (106.5950, 16.6236),
    "Ho Chi Minh City": (106.6297, 10.8231),
    "Sihanoukville": (103.5296, 10.6253),
    "Kunming": (102.8329, 24.8801),
}

PAIRS = [
    ("Vientiane", "Hanoi"),
    ("Tachileik", "Houayxay"),
    ("Houayxay", "Luang Prabang"),
    ("Luang Prabang", "Sam Neua"),
    ("Sam Neua", "Vinh"),
    ("Dien Bien Phu", "Hanoi"),
    ("Kunming", "Lao Cai"),
    ("Lao Bao", "Ho Chi Minh City"),
    ("Sihanoukville", "Ho Chi Minh City"),
    ("Vientiane", "Vientiane"),
]

# A route as a polyline, for line length: Tachileik → Houayxay → Luang Prabang → Sam Neua → Vinh.
ROUTE = ["Tachileik", "Houayxay", "Luang Prabang", "Sam Neua", "Vinh"]

# (target CRS, places): UTM 48N and 47N on WGS84, Web Mercator, and VN-2000 / UTM 48N.
PROJECTIONS = [
    ("EPSG:32648", ["Vientiane", "Hanoi", "Vinh", "Sam Neua", "Lao Bao", "Ho Chi Minh City"]),
    ("EPSG:32647", ["Tachileik", "Houayxay", "Luang Prabang"]),
    ("EPSG:3857", ["Vientiane", "Hanoi"]),
    ("+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs +type=crs", ["Vientiane", "Hanoi"]),
]


def main():
    geod = pyproj.Geod(ellps="WGS84")
    inverse = []
    for a, b in PAIRS:
        (lon1, lat1), (lon2, lat2) = PLACES[a], PLACES[b]
        az12, az21, dist = geod.inv(lon1, lat1, lon2, lat2)
        # pyproj returns the back azimuth at the end point; the forward azimuth there is az21 ± 180.
        final = az21 + 180.0 if az21 <= 0 else az21 - 180.0
        inverse.append({"from": a, "to": b, "from_lonlat": [lon1, lat1], "to_lonlat": [lon2, lat2],
                        "distance_m": dist, "initial_azimuth_deg": az12, "final_azimuth_deg": final})

    lons = [PLACES[p][0] for p in ROUTE]
    lats = [PLACES[p][1] for p in ROUTE]
    route = {"places": ROUTE, "lonlat": [list(PLACES[p]) for p in ROUTE],
             "length_m": geod.line_length(lons, lats)}

    projections = []
    for crs, names in PROJECTIONS:
        t = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        for name in names:
            lon, lat = PLACES[name]
            x, y = t.transform(lon, lat)
            projections.append({"place": name, "target": crs, "lonlat": [lon, lat], "xy": [x, y]})

    print(json.dumps({
        "generator": "make_geodesy_fixtures.py",
        "pyproj": pyproj.__version__,
        "proj": pyproj.proj_version_str,
        "ellipsoid": "WGS84",
        "inverse": inverse,
        "route": route,
        "projections": projections,
    }, indent=1))


if __name__ == "__main__":
    main()
