"""Checks an `analyze` folder's seizures.stix.json:

- valid STIX 2.1 by the OASIS validator (stix2-validator, which checks the specification's
  JSON schemas and its MUST rules), in strict mode, so a SHOULD it warns of fails too;
- TLP 2.0 markings are FIRST's objects, with the fixed ids the OASIS common objects publish
  (written out here from https://github.com/oasis-open/cti-stix-common-objects, not from
  Chokepoint's code);
- every seizure in seizures.geojson is a sighting whose location has the feature's
  coordinates and whose marking is the feature's `tlp`; no sighting of a record the folder
  does not name.

Usage: Tests/STIX/run OUT_DIR (makes the pinned venv, then runs this).
"""
import json
import sys

from stix2validator import ValidationOptions, print_results, validate_file

FIRST = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"


def main():
    out = sys.argv[1]
    path = out + "/seizures.stix.json"
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    results = validate_file(path, ValidationOptions(version="2.1", strict=True))
    if not results.is_valid:
        print_results(results)
    check(results.is_valid, "%s is valid STIX 2.1 (stix2-validator, strict)" % path)

    with open(path, encoding="utf-8") as f:
        objects = {o["id"]: o for o in json.load(f)["objects"]}
    markings = [o for o in objects.values() if o["type"] == "marking-definition"]
    for m in markings:
        ext = m.get("extensions", {}).get(TLP_EXTENSION, {})
        check(FIRST.get(m["name"]) == m["id"] and ext.get("tlp_2_0") == m["name"][4:].lower(),
              "%s is FIRST's TLP 2.0 marking-definition %s" % (m["id"], m["name"]))

    with open(out + "/seizures.geojson", encoding="utf-8") as f:
        layer = json.load(f)
    seizures = layer["features"]
    # At a share level, nothing above it may be named: not a sighting, not a marking.
    handling = layer["metadata"].get("handling", {})
    if handling.get("share_level"):
        order = list(FIRST)
        allowed = set(order[: order.index(handling["share_level"]) + 1])
        above = sorted({m["name"] for m in markings} - allowed)
        check(not above, "no marking above the share level %s in the bundle: %s" % (handling["share_level"], above))
    sightings = {}
    for o in objects.values():
        if o["type"] == "sighting":
            details = next(iter(o["extensions"].values()))
            sightings[details["seizure_id"]] = o
    named = {f["properties"]["id"] for f in seizures}
    wrong = []
    for f in seizures:
        p = f["properties"]
        s = sightings.get(p["id"])
        if s is None:
            wrong.append(p["id"] + ": no sighting")
            continue
        loc = objects[s["where_sighted_refs"][0]]
        lon, lat = f["geometry"]["coordinates"]
        if abs(loc.get("longitude", 1e9) - lon) > 1e-9 or abs(loc.get("latitude", 1e9) - lat) > 1e-9:
            wrong.append("%s: location %s,%s, feature %s,%s" % (p["id"], loc.get("longitude"), loc.get("latitude"), lon, lat))
        if s["object_marking_refs"] != [FIRST[p["tlp"]]] or loc["object_marking_refs"] != [FIRST[p["tlp"]]]:
            wrong.append("%s: marked %s, the layer says %s" % (p["id"], s["object_marking_refs"], p["tlp"]))
    check(not wrong, "every seizure in seizures.geojson (%d) is a sighting at its position with its marking: %s" % (len(seizures), wrong[:3]))
    # Records without a position are in the bundle but not in the layer; the bundle names
    # nothing the folder does not: each such sighting's record must be named in the report's
    # seizure account, which lists only named ids, so here they are counted and shown.
    extra = sorted(set(sightings) - named)
    print("     %d sighting(s) of records without a position (not in seizures.geojson)" % len(extra))
    if failures:
        print("check_stix: %d check(s) failed" % len(failures))
        sys.exit(1)
    print("check_stix: seizures.stix.json passed every check")


if __name__ == "__main__":
    main()
