#!/usr/bin/env python3
"""Opens an `analyze` folder's map.html in headless Chromium and checks it as an analyst
would use it, through the DevTools protocol (over a pipe: no port is opened):

- the page loads from disk and makes no network request (the page's requests as Chromium's
  Network domain sees them, besides the file itself and data: URLs), with no Content Security
  Policy violation (the `securitypolicyviolation` events and Chromium's log) and no script error;
- every layer's features are drawn: the SVG elements tagged `data-layer=NAME` number the
  features with a geometry in NAME.geojson (borders: the bundle's borders.geojson);
- the ranked table has one row per crossing, in rank order;
- a real mouse click at the rank-1 crossing's circle opens a popup with its name, its flow as
  the GeoJSON gives it, its interval from uncertainty.csv when the run sampled, and the
  seizures and weights listed in the GeoJSON; a click on a table row opens the same popup;
- the time window counts the seizures whose dates can fall in it, as computed here;
- a screenshot is saved.

Usage: check_map.py OUT_DIR BUNDLE_DIR SCREENSHOT.png
Only the standard library: it runs with the system python3.
"""
import base64
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

LAYERS = ["provinces", "links", "displacement_links", "routes", "seizures", "displacement", "candidates", "crossings", "controls"]


class Browser:
    """Chromium with --remote-debugging-pipe: JSON messages, NUL-terminated, on fds 3 and 4."""

    def __init__(self, chromium, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--window-size=1400,900", "--hide-scrollbars", "about:blank",
        ]
        # The shell gives Chromium the two pipe ends as fds 3 and 4, as the protocol wants.
        script = 'exec "$@" 3<&%d 4>&%d' % (to_child_r, from_child_w)
        self.proc = subprocess.Popen(
            ["sh", "-c", script, "sh"] + args, pass_fds=(to_child_r, from_child_w),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "chromium.log"), "wb"))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe (see its log in the profile folder)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s failed: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return e
        while True:
            e = self._read_message(deadline)
            self.events.append(e)
            if e.get("method") == method:
                return e

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def features(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def drawn(fs):
    return sum(1 for f in fs if f.get("geometry"))


def num(x):
    """The page's number format (MapHTMLScript's num)."""
    a = abs(x)
    if a == 0:
        return "0"
    if a < 0.01:
        return "%.3g" % x
    if a >= 1000:
        return "{:,}".format(int(js_round(x)))
    r = js_round(x * 100) / 100
    return ("%d" % r) if r == int(r) else repr(r)


def js_round(x):
    import math
    return math.floor(x + 0.5)


def day_span(text):
    """The days a date (YYYY, YYYY-MM or YYYY-MM-DD) can mean, as days since 1970."""
    if not text:
        return None
    parts = text.split("-")
    try:
        y = int(parts[0])
        if len(parts) >= 3:
            d = datetime.date(y, int(parts[1]), int(parts[2][:2]))
            return (d.toordinal(), d.toordinal())
        if len(parts) == 2:
            m = int(parts[1])
            first = datetime.date(y, m, 1)
            last = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1))
            return (first.toordinal(), last.toordinal())
        return (datetime.date(y, 1, 1).toordinal(), datetime.date(y, 12, 31).toordinal())
    except ValueError:
        return None


EPOCH = datetime.date(1970, 1, 1).toordinal()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    out, bundle, screenshot = sys.argv[1:]
    page = os.path.abspath(os.path.join(out, "map.html"))
    url = "file://" + page
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("check_map: chromium is not installed (scripts/install-deps --test installs it)")
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    profile = tempfile.mkdtemp(prefix="chokepoint-chromium-")
    browser = Browser(chromium, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ["Page", "Network", "Runtime", "Log"]:
            browser.send(domain + ".enable", session=s)
        browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });")}, session=s)
        browser.send("Page.navigate", {"url": url}, session=s)
        browser.wait_for("Page.loadEventFired", timeout=120)

        def js(expression):
            r = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session=s)
            if "exceptionDetails" in r:
                raise RuntimeError("page script failed: %s" % json.dumps(r["exceptionDetails"])[:400])
            return r["result"].get("value")

        # Drawn features, per layer.
        counts = js("(function(){var c={};document.querySelectorAll('[data-layer]').forEach(function(e){"
                    "var n=e.getAttribute('data-layer');c[n]=(c[n]||0)+1;});return c;})()")
        expected = {}
        for name in LAYERS:
            path = os.path.join(out, name + ".geojson")
            if os.path.exists(path):
                expected[name] = drawn(features(path))
        expected["borders"] = drawn(features(os.path.join(bundle, "borders.geojson")))
        for name in sorted(expected):
            check(counts.get(name, 0) == expected[name],
                  "%s: %d drawn, %d features with a geometry" % (name, counts.get(name, 0), expected[name]))
        check(set(counts) <= set(expected), "no layer drawn that the folder does not hold: %s" % sorted(set(counts) - set(expected)))

        # The overview as it first opens.
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=s)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        check(os.path.getsize(screenshot) > 10000, "screenshot saved: %s (%d bytes)" % (screenshot, os.path.getsize(screenshot)))

        # The table: one row per crossing, rank order.
        crossings = features(os.path.join(out, "crossings.geojson"))
        rows = js("Array.from(document.querySelectorAll('#ranking tbody tr')).map(function(r){return [r.cells[0].textContent, r.cells[1].textContent];})")
        by_rank = sorted(crossings, key=lambda f: f["properties"]["rank"])
        check(len(rows) == len(crossings), "table: %d rows, %d crossings" % (len(rows), len(crossings)))
        check(rows == [[str(f["properties"]["rank"]), f["properties"]["name"]] for f in by_rank], "table rows in rank order with the crossings' names")

        # A real click at the rank-1 crossing's circle.
        first = by_rank[0]["properties"]
        intervals = {}
        uncertainty = os.path.join(out, "uncertainty.csv")
        samples = None
        if os.path.exists(uncertainty):
            with open(uncertainty, newline="", encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    intervals[r["id"]] = (float(r["flow_p05"]), float(r["flow_p95"]))
                    samples = r["samples"]

        def expected_popup(p):
            flow = num(p["flow"])
            if p["id"] in intervals:
                lo, hi = intervals[p["id"]]
                flow += " (5–95%%: %s–%s over %s samples)" % (num(lo), num(hi), samples)
            else:
                flow += " (no interval: run with --samples)"
            return flow

        def read_popup():
            return js("(function(){var c=document.querySelector('.leaflet-popup-content');if(!c)return null;"
                      "return {title:c.querySelector('h3').textContent, rows:Array.from(c.querySelectorAll('table')[0].rows).map(function(r){return [r.cells[0].textContent,r.cells[1].textContent];}),"
                      "seizures:c.querySelector('.seizures')?Array.from(c.querySelectorAll('.seizures tr')).map(function(r){return [r.cells[0].textContent,r.cells[1].textContent];}):[]};})()")

        def check_popup(popup, p, how):
            check(popup is not None, how + ": a popup opened")
            if popup is None:
                return
            fields = dict(popup["rows"])
            check(popup["title"] == p["name"], how + ": popup title %r is the crossing's name %r" % (popup["title"], p["name"]))
            check(fields.get("rank") == str(p["rank"]), how + ": popup rank %r" % fields.get("rank"))
            check(fields.get("flow") == expected_popup(p), how + ": popup flow %r, expected %r" % (fields.get("flow"), expected_popup(p)))
            check(fields.get("handling") == p.get("tlp"), how + ": popup handling %r" % fields.get("handling"))
            ids = p["seizures"].split(";") if p.get("seizures") else []
            weights = p["seizure_weights"].split(";") if p.get("seizure_weights") else []
            check(popup["seizures"] == [list(x) for x in zip(ids, weights)], how + ": popup lists the crossing's seizures and weights")

        def close_popup():
            js("(function(){var b=document.querySelector('.leaflet-popup-close-button');if(b)b.click();})()")
            time.sleep(0.3)

        def table_click(index, p):
            js("document.querySelectorAll('#ranking tbody tr')[%d].click()" % index)
            time.sleep(0.8)
            check_popup(read_popup(), p, "table row %d click" % (index + 1))

        # A click on the first table row: the map goes there and opens its popup; then, the
        # popup closed, a real mouse click on the crossing's circle opens it again.
        table_click(0, first)
        close_popup()
        # Circles are drawn largest first, so a smaller neighbour may sit on the centre of a
        # larger one; the click goes where the circle shows, nearest its centre, as a user's would.
        point = js("""(function(id){var e=document.querySelector('[data-layer="crossings"][data-id=' + JSON.stringify(id) + ']');
            if(!e)return null;var r=e.getBoundingClientRect(),cx=r.left+r.width/2,cy=r.top+r.height/2,R=r.width/2,best=null;
            for(var dx=-R;dx<=R;dx+=2)for(var dy=-R;dy<=R;dy+=2){var d=dx*dx+dy*dy;if(d>(R-2)*(R-2))continue;
              var h=document.elementFromPoint(cx+dx,cy+dy);if(h===e&&(best===null||d<best[2]))best=[cx+dx,cy+dy,d];}
            return best;})(%s)""" % json.dumps(first["id"]))
        check(point is not None, "rank-1 crossing %s is drawn and can be clicked" % first["id"])
        if point:
            x, y = point[0], point[1]
            for kind in ["mousePressed", "mouseReleased"]:
                browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}, session=s)
            time.sleep(0.5)
            check_popup(read_popup(), first, "map click")
            selected = js("(function(){var r=document.querySelector('#ranking tr.selected');return r&&r.cells[1].textContent;})()")
            check(selected == first["name"], "the map click selects the crossing's table row (%r)" % selected)
        close_popup()
        table_click(1, by_rank[1]["properties"])
        close_popup()

        # The time window.
        seizures = features(os.path.join(out, "seizures.geojson"))
        spans = [day_span(f["properties"].get("date")) for f in seizures if f.get("geometry")]
        dated = [sp for sp in spans if sp]
        if dated:
            lo = min(sp[0] for sp in dated)
            hi = max(sp[1] for sp in dated)
            total = js("document.getElementById('time-count').textContent")
            check(total.startswith("%d of %d" % (len(dated), len(dated))), "time window at full range: %r" % total)
            for a, b in [(lo + (hi - lo) // 3, lo + 2 * (hi - lo) // 3), (hi - 365, hi), (lo, lo + 30)]:
                want = sum(1 for sp in dated if sp[1] >= a and sp[0] <= b)
                got = js("(function(){var f=document.getElementById('time-from'),t=document.getElementById('time-to');"
                         "f.value='%d';t.value='%d';f.dispatchEvent(new Event('input'));t.dispatchEvent(new Event('input'));"
                         "return [document.getElementById('time-count').textContent, document.querySelectorAll('[data-layer=\"seizures\"]').length];})()"
                         % (a - EPOCH, b - EPOCH))
                undated = len(spans) - len(dated)
                check(got[0].startswith("%d of %d" % (want, len(dated))) and got[1] == want + undated,
                      "time window %s – %s: page says %r and draws %d; expected %d (+%d undated)"
                      % (datetime.date.fromordinal(a), datetime.date.fromordinal(b), got[0], got[1], want, undated))
            js("(function(){var f=document.getElementById('time-from'),t=document.getElementById('time-to');f.value=f.min;t.value=t.max;f.dispatchEvent(new Event('input'));})()")

        # The marking banners.
        banners = js("Array.from(document.querySelectorAll('.tlp-banner b')).map(function(b){return b.textContent;})")
        with open(os.path.join(out, "crossings.geojson"), encoding="utf-8") as f:
            marking = json.load(f)["metadata"].get("tlp")
        check(banners == [marking, marking], "marking banners at top and bottom: %r (metadata %r)" % (banners, marking))

        # What the page tried to reach and what went wrong in it.
        violations = js("window.__csp")
        check(violations == [], "no Content-Security-Policy violation: %r" % violations)
        time.sleep(0.3)
        js("1")  # drains pending events
        requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
        foreign = [u for u in requests if u != url and not u.startswith("data:")]
        check(requests.count(url) == 1 and not foreign, "the only request is the page itself: %r" % (foreign or requests)[:5])
        errors = [e["params"]["entry"]["text"] for e in browser.events
                  if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning")]
        errors += [json.dumps(e["params"]["exceptionDetails"])[:300] for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
        errors += [json.dumps(e["params"]["args"])[:300] for e in browser.events
                   if e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning")]
        check(errors == [], "no error or warning in the page's log: %r" % errors[:5])

        # The detector's control: an image from the network, asked for now, must be reported
        # as a policy violation and as a tried request, and blocked by the policy (so every
        # attempt of the page's own would have failed the two checks above).
        js("(function(){var i=new Image();i.src='http://127.0.0.1:9/probe.png';document.body.appendChild(i);})()")
        time.sleep(0.5)
        probe = js("window.__csp")
        tried = {e["params"]["requestId"] for e in browser.events
                 if e.get("method") == "Network.requestWillBeSent" and "probe.png" in e["params"]["request"]["url"]}
        blocked = {e["params"]["requestId"] for e in browser.events
                   if e.get("method") == "Network.loadingFailed" and e["params"].get("blockedReason") == "csp"}
        check(any("probe.png" in v for v in probe) and tried and tried <= blocked,
              "control: a request the page tries is reported (%r), seen, and blocked by the policy (%r)" % (probe, tried <= blocked))
    finally:
        browser.close()
        log = os.path.join(profile, "chromium.log")
        if failures and os.path.exists(log):
            sys.stderr.write(open(log, encoding="utf-8", errors="replace").read()[-3000:])
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        print("check_map: %d check(s) failed" % len(failures))
        sys.exit(1)
    print("check_map: map.html passed every check")


if __name__ == "__main__":
    main()
