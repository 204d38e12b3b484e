#!/usr/bin/env python3
"""A large synthetic seizure file for the ingest benchmark (SYNTHETIC: no row is a real case).

Issue 16 measured `chokepoint seizures` and `analyze --seizures` on a 200 MB CSV of 750k valid
rows. This script writes such a file, deterministically from --seed, in the columns of a bundle's
seizures.csv. Every row resolves against the bundle it is given: places are drawn from the bundle's
own places, crossings, provinces and gazetteer names, points from boxes around its places, so the
benchmark exercises the real resolver, the unit conversion, the merger and the snapper rather than
the error path. The mix of location precisions, units, commodities and modes follows the bundled
GeoData/mekong/seizures.csv; the `source` column says `synthetic` on every row.

    python3 bench/generate_seizures.py --bundle GeoData/mekong --rows 750000 --out bench/data/seizures-750k.csv
"""

import argparse
import csv
import os
import random

COMMODITIES = [
    ("methamphetamine tablets", "tablets", (1_000, 2_000_000)),
    ("methamphetamine (form not stated)", "kg", (0.1, 500.0)),
    ("heroin", "kg", (0.05, 300.0)),
    ("heroin", "cakes", (1, 400)),
    ("crystal methamphetamine", "kg", (0.1, 1_000.0)),
    ("cannabis", "kg", (1.0, 2_000.0)),
    ("ketamine", "kg", (0.5, 600.0)),
    ("opium", "kg", (0.5, 200.0)),
    ("crystal methamphetamine", "g", (5.0, 900.0)),
    ("precursors", "t", (0.1, 20.0)),
]
MODES = ["road", "", "river", "sea", "trail", "post", "air"]
MODE_WEIGHTS = [42, 31, 7, 6, 6, 5, 3]
AGENCIES = [
    "Vietnam Border Guard (synthetic)",
    "Vietnam Customs (synthetic)",
    "Lao police (synthetic)",
    "Office of the Narcotics Control Board (synthetic)",
    "Myanmar police (synthetic)",
    "Cambodia NACD (synthetic)",
]
NOTE = (
    "synthetic row for the ingest benchmark; amounts, dates and places are random draws, "
    "not a reported case"
)


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bundle", default="GeoData/mekong")
    ap.add_argument("--rows", type=int, default=750_000)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    places = read_rows(os.path.join(args.bundle, "places.csv"))
    crossings = read_rows(os.path.join(args.bundle, "crossings.csv"))
    gazetteer = read_rows(os.path.join(args.bundle, "gazetteer.csv"))
    province_ids = sorted({p["province"] for p in places if p["province"]})
    located = [p for p in places if p["lon"] and p["lat"]]
    town_names = [p["name"] for p in places] + [g["name"] for g in gazetteer]
    crossing_ids = [c["id"] for c in crossings]

    tmp = args.out + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            ["id", "date", "date_precision", "place", "lon", "lat", "location_precision",
             "commodity", "amount", "unit", "mode", "agency", "source", "notes"]
        )
        for i in range(args.rows):
            year = rng.randint(2015, 2025)
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            kind = rng.random()
            place, lon, lat = "", "", ""
            if kind < 0.45:
                anchor = rng.choice(located)
                lon = f"{float(anchor['lon']) + rng.uniform(-0.2, 0.2):.5f}"
                lat = f"{float(anchor['lat']) + rng.uniform(-0.2, 0.2):.5f}"
                precision = "exact"
            elif kind < 0.75:
                place = rng.choice(town_names)
                precision = "town"
            elif kind < 0.90:
                place = rng.choice(crossing_ids)
                precision = "district"
            else:
                place = rng.choice(province_ids)
                precision = "province"
            commodity, unit, (lo, hi) = rng.choice(COMMODITIES)
            amount = rng.uniform(lo, hi)
            amount_text = f"{int(amount)}" if unit in ("tablets", "cakes") else f"{amount:.3f}"
            w.writerow(
                [
                    f"bench-{i:07d}",
                    f"{year:04d}-{month:02d}-{day:02d}",
                    "day",
                    place,
                    lon,
                    lat,
                    precision,
                    commodity,
                    amount_text,
                    unit,
                    rng.choices(MODES, MODE_WEIGHTS)[0],
                    rng.choice(AGENCIES),
                    f"synthetic: bench/generate_seizures.py --seed {args.seed} row {i}",
                    NOTE,
                ]
            )
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
