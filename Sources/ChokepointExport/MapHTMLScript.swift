/// The script of map.html (`MapHTML`): it reads the layers from the page's JSON block, draws
/// them with Leaflet (paths only: circle markers for points, so no marker image is needed),
/// and links a ranked table to the map both ways; a time window over the seizure dates shows
/// which seizures fall in it. Popups and tables are built as DOM nodes with `textContent`, so
/// no text from a seizure file is ever read as HTML. Every drawn feature's SVG element carries
/// `data-layer` and `data-id`, which the browser test reads.
enum MapHTMLScript {
    static let source = #"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chokepoint-data").textContent);
  var layers = data.layers;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function escapeHTML(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function num(x) {
    if (typeof x !== "number" || !isFinite(x)) return x === null || x === undefined ? "" : String(x);
    var a = Math.abs(x);
    if (a === 0) return "0";
    if (a < 0.01) return x.toPrecision(3);
    if (a >= 1000) return Math.round(x).toLocaleString("en-US");
    return String(Math.round(x * 100) / 100);
  }
  function list(s) { return typeof s === "string" && s.length ? s.split(";") : []; }
  function features(name) { return layers[name] ? layers[name].features : []; }
  function maxOf(name, key) {
    var m = 0;
    features(name).forEach(function (f) { var v = Math.abs(f.properties[key] || 0); if (v > m) m = v; });
    return m;
  }

  var modeColours = { road: "#555555", trail: "#8c510a", river: "#2166ac", sea: "#1b7837", air: "#762a83", post: "#c51b7d", rail: "#111111" };
  var typeColours = { international: "#08519c", main: "#3182bd", secondary: "#9ecae1", "unofficial-known": "#d7301f", candidate: "#fdae61" };
  var rankColours = ["#b2182b", "#ef8a62", "#2166ac", "#67a9cf", "#1b7837", "#7fbf7b", "#762a83", "#af8dc3", "#8c510a", "#bf812d"];
  var maxProvince = maxOf("provinces", "flow"), maxLink = maxOf("links", "flow");
  var maxCrossing = Math.max(maxOf("crossings", "flow"), maxOf("candidates", "flow"));
  var maxChange = maxOf("displacement", "change"), maxLinkChange = maxOf("displacement_links", "change");
  function root(v, max) { return max > 0 ? Math.sqrt(Math.max(0, v) / max) : 0; }
  function shade(v, max) {
    var s = root(v, max);
    return "rgb(" + Math.round(255 - 40 * s) + "," + Math.round(250 - 150 * s) + "," + Math.round(240 - 200 * s) + ")";
  }

  // Each layer: how it looks, its label in the layer control, and whether it has a popup.
  var specs = {
    provinces: { label: "Provinces, shaded by flow", style: function (p) {
      return { color: "#999", weight: 0.5, fillColor: shade(p.flow, maxProvince), fillOpacity: 0.7 }; } },
    borders: { label: "Borders", passive: true, style: function () { return { color: "#333", weight: 1.5, fill: false }; } },
    links: { label: "Links, by mode and flow", style: function (p) {
      return { color: modeColours[p.mode] || "#555", weight: 1 + 7 * root(p.flow, maxLink), opacity: 0.8 }; } },
    displacement_links: { label: "Link flow change (red more, blue less)", style: function (p) {
      return { color: p.change > 0 ? "#d7301f" : "#2166ac", weight: 1 + 7 * root(Math.abs(p.change), maxLinkChange), opacity: 0.8 }; } },
    routes: { label: "Routes, by overall rank", style: function (p) {
      var r = p.overall_rank;
      return { color: r <= 10 ? rankColours[r - 1] : "#7a7a7a", weight: r <= 10 ? 4 : 1, opacity: r <= 10 ? 0.9 : 0.35 }; } },
    seizures: { label: "Seizures", point: true, style: function () {
      return { radius: 3, color: "#000", weight: 0.5, fillColor: "#ffd700", fillOpacity: 0.9 }; } },
    displacement: { label: "Displacement (red arrivals, blue departures)", point: true, style: function (p) {
      return { radius: 3 + 14 * root(Math.abs(p.change), maxChange), color: p.closed ? "#000" : "#333", weight: p.closed ? 3 : 1,
        fillColor: p.change > 0 ? "#d7301f" : "#2166ac", fillOpacity: 0.7 }; } },
    candidates: { label: "Candidate crossings (generated)", point: true, style: function (p) {
      return { radius: 3 + 14 * root(p.flow, maxCrossing), color: "#7f3b08", weight: 1, dashArray: "2,2", fillColor: "#fdae61", fillOpacity: 0.8 }; } },
    crossings: { label: "Crossings, by type and flow", point: true, style: function (p) {
      return { radius: 3 + 14 * root(p.flow, maxCrossing), color: "#222", weight: 1, fillColor: typeColours[p.type] || "#888", fillOpacity: 0.85 }; } },
    controls: { label: "Controls", point: true, style: function () { return { radius: 12, color: "#000", weight: 3, fill: false }; } }
  };
  var order = ["provinces", "borders", "links", "displacement_links", "routes", "seizures", "displacement", "candidates", "crossings", "controls"];

  // The ranked tables: columns (property, or a function of the properties) and the rank key.
  var tables = {
    crossings: { label: "Crossings by flow", key: "rank", cols: [["rank", "#"], ["name", "crossing"], ["type", "type"], ["flow", "flow"], ["evidence", "evidence"]] },
    provinces: { label: "Provinces by flow", key: "rank", cols: [["rank", "#"], ["name", "province"], ["country", "country"], ["flow", "flow"], ["evidence", "evidence"]] },
    routes: { label: "Routes by flow", key: "overall_rank", cols: [["overall_rank", "#"], [function (p) { return p.source + " → " + p.target; }, "pair"], ["rank", "in pair"], ["flow", "flow"]] },
    candidates: { label: "Candidate crossings by flow", key: "rank", cols: [["rank", "#"], ["id", "candidate"], ["countries", "countries"], ["flow", "flow"]] },
    controls: { label: "Controls in the order chosen", key: "rank", cols: [["rank", "#"], ["name", "control"], ["type", "type"], ["marginal_seizures", "adds (seizures)"]] },
    displacement: { label: "Displacement, largest change first", key: null, cols: [["name", "crossing"], ["flow_before", "before"], ["flow_after", "after"], ["change", "change"]] }
  };

  var map = L.map("map", { zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(escapeHTML(data.credits) + " · Leaflet " + escapeHTML(data.leaflet) + " (BSD-2-Clause)");
  L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);

  function flowText(name, p) {
    var text = num(p.flow);
    var interval = name === "crossings" ? data.intervals[p.id] : (p.flow_p05 !== undefined ? [p.flow_p05, p.flow_p95] : null);
    if (interval) text += " (5–95%: " + num(interval[0]) + "–" + num(interval[1]) + " over " + data.samples + " samples)";
    else if (name === "crossings" || name === "candidates") text += " (no interval: run with --samples)";
    return text;
  }

  function popupContent(name, p) {
    var box = el("div", "cp-popup");
    var title = p.name || (p.source && p.target ? p.source + " → " + p.target : p.id) || name;
    box.appendChild(el("h3", null, title));
    var t = el("table");
    function row(label, value) {
      if (value === undefined || value === null || value === "") return;
      var tr = el("tr");
      tr.appendChild(el("td", null, label));
      tr.appendChild(el("td", null, typeof value === "number" ? num(value) : value));
      t.appendChild(tr);
    }
    row("layer", name);
    row("rank", p.rank);
    row("overall rank", p.overall_rank);
    row("id", p.id !== title ? p.id : undefined);
    row("type", p.type);
    row("mode", p.mode);
    if (p.flow !== undefined) row("flow", flowText(name, p));
    row("share of the pair", p.share);
    row("evidence", p.evidence);
    row("expected seizures", p.expected_seizures);
    row("seizure effect", p.seizure_effect);
    row("adds (seizures)", p.marginal_seizures);
    row("flow before", p.flow_before);
    row("flow after", p.flow_after);
    row("change", p.change);
    row("km", p.length_km);
    row("hours", p.travel_h);
    row("date", p.date);
    row("commodity", p.commodity);
    row("kg", p.kg);
    row("location", p.location);
    row("agency", p.agency);
    row("source", name === "seizures" ? p.source : undefined);
    row("handling", p.tlp);
    row("seizures not named", p.unnamed_seizures);
    box.appendChild(t);
    var ids = list(typeof p.seizures === "string" ? p.seizures : p.seizure_ids), weights = list(p.seizure_weights);
    if (ids.length) {
      var s = el("div", "seizures");
      s.appendChild(el("b", null, "Seizures weighing most in its evidence (weight each added)"));
      var st = el("table");
      ids.forEach(function (id, i) {
        var tr = el("tr");
        tr.appendChild(el("td", null, id));
        tr.appendChild(el("td", null, weights[i] || ""));
        st.appendChild(tr);
      });
      s.appendChild(st);
      box.appendChild(s);
    }
    return box;
  }

  var drawn = {}, groups = {}, overlays = {};
  order.forEach(function (name) {
    if (!layers[name]) return;
    var spec = specs[name], group = L.featureGroup(), items = [];
    features(name).forEach(function (f, i) {
      var p = f.properties || {};
      if (!f.geometry) { items.push(null); return; }
      var item;
      if (spec.point) {
        var c = f.geometry.coordinates, o = spec.style(p);
        o.className = "cp-layer-" + name;
        item = L.circleMarker([c[1], c[0]], o);
      } else {
        item = L.geoJSON(f, { interactive: !spec.passive, style: function () {
          var o = spec.style(p); o.className = "cp-layer-" + name; return o; } });
      }
      if (!spec.passive) {
        item.bindPopup(function () { return popupContent(name, p); }, { maxWidth: 380 });
        item.on("click", function () { select(name, i, false); });
      }
      // Each drawn element says its layer and id (or index), for readers and tests; Leaflet
      // makes a new element each time a layer is added, so this runs on every add.
      var tag = function (e) { var x = e.target.getElement(); x.setAttribute("data-layer", name); x.setAttribute("data-id", String(p.id !== undefined ? p.id : i)); };
      if (spec.point) item.on("add", tag); else item.eachLayer(function (x) { x.on("add", tag); });
      item.addTo(group);
      items.push(item);
    });
    group.addTo(map);
    drawn[name] = items;
    groups[name] = group;
    overlays[spec.label + " (" + items.length + ")"] = group;
  });
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  // Legend: link modes and crossing types, swatches coloured through the DOM (no inline styles).
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = el("div", "cp-legend");
    function entry(colour, label) {
      var line = el("div"), sw = el("span", "cp-swatch");
      sw.style.background = colour;
      line.appendChild(sw);
      line.appendChild(document.createTextNode(label));
      box.appendChild(line);
    }
    Object.keys(typeColours).forEach(function (k) { entry(typeColours[k], "crossing: " + k); });
    Object.keys(modeColours).forEach(function (k) { entry(modeColours[k], "link: " + k); });
    return box;
  };
  legend.addTo(map);

  var start = groups.crossings || groups.provinces || groups.links;
  if (start && start.getBounds().isValid()) map.fitBounds(start.getBounds(), { padding: [20, 20] });
  else map.setView([18, 103], 5);

  // The ranked table, linked both ways with the map.
  var select_ = document.getElementById("table-layer"), thead = document.querySelector("#ranking thead"), tbody = document.querySelector("#ranking tbody");
  var shown = null;
  Object.keys(tables).forEach(function (name) {
    if (!layers[name]) return;
    var o = el("option", null, tables[name].label);
    o.value = name;
    select_.appendChild(o);
  });
  function cell(p, col) { var v = typeof col[0] === "function" ? col[0](p) : p[col[0]]; return typeof v === "number" ? num(v) : (v === undefined ? "" : v); }
  function renderTable(name) {
    shown = name;
    select_.value = name;
    var spec = tables[name];
    thead.textContent = "";
    tbody.textContent = "";
    var head = el("tr");
    spec.cols.forEach(function (c) { head.appendChild(el("th", null, c[1])); });
    thead.appendChild(head);
    var indices = features(name).map(function (f, i) { return i; });
    if (spec.key) indices.sort(function (a, b) { return features(name)[a].properties[spec.key] - features(name)[b].properties[spec.key] || a - b; });
    indices.forEach(function (i) {
      var p = features(name)[i].properties, tr = el("tr");
      tr.setAttribute("data-index", String(i));
      spec.cols.forEach(function (c) { tr.appendChild(el("td", null, cell(p, c))); });
      tr.addEventListener("click", function () { select(name, i, true); });
      tbody.appendChild(tr);
    });
  }
  function select(name, i, fromTable) {
    if (!tables[name]) return;
    if (shown !== name) renderTable(name);
    var previous = tbody.querySelector("tr.selected");
    if (previous) previous.classList.remove("selected");
    var tr = tbody.querySelector("tr[data-index=\"" + i + "\"]");
    if (tr) { tr.classList.add("selected"); if (!fromTable) tr.scrollIntoView({ block: "nearest" }); }
    if (!fromTable) return;
    var item = drawn[name][i];
    if (!item) return;
    if (!map.hasLayer(groups[name])) map.addLayer(groups[name]);
    if (item.getLatLng) map.setView(item.getLatLng(), Math.max(map.getZoom(), 9));
    else map.fitBounds(item.getBounds(), { maxZoom: 9 });
    item.openPopup();
  }
  select_.addEventListener("change", function () { renderTable(select_.value); });
  if (select_.options.length) renderTable(select_.options[0].value);

  // The time window over the seizures' dates: a seizure is shown when its date can fall in it.
  function span(text) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) return null;
    var y = +m[1];
    if (m[3]) { var d = Date.UTC(y, +m[2] - 1, +m[3]) / 864e5; return [d, d]; }
    if (m[2]) return [Date.UTC(y, +m[2] - 1, 1) / 864e5, Date.UTC(y, +m[2], 0) / 864e5];
    return [Date.UTC(y, 0, 1) / 864e5, Date.UTC(y, 11, 31) / 864e5];
  }
  function iso(day) { return new Date(day * 864e5).toISOString().slice(0, 10); }
  var from = document.getElementById("time-from"), to = document.getElementById("time-to");
  var spans = features("seizures").map(function (f) { return span(f.properties.date); });
  var known = spans.filter(function (s) { return s; });
  if (known.length) {
    var lo = Math.min.apply(null, known.map(function (s) { return s[0]; })), hi = Math.max.apply(null, known.map(function (s) { return s[1]; }));
    [from, to].forEach(function (input) { input.min = String(lo); input.max = String(hi); input.step = "1"; });
    from.value = String(lo);
    to.value = String(hi);
    var window_ = function () {
      var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value), n = 0;
      spans.forEach(function (s, i) {
        var item = drawn.seizures[i];
        if (!item) return;
        // An undated seizure cannot be placed in a window: it stays shown, and is not counted.
        var inside = s === null || (s[1] >= a && s[0] <= b);
        if (s !== null && inside) n += 1;
        if (inside && !groups.seizures.hasLayer(item)) groups.seizures.addLayer(item);
        if (!inside && groups.seizures.hasLayer(item)) groups.seizures.removeLayer(item);
      });
      document.getElementById("time-label").textContent = iso(a) + " – " + iso(b);
      document.getElementById("time-count").textContent = n + " of " + known.length +
        (spans.length > known.length ? " (" + (spans.length - known.length) + " undated, always shown)" : "");
    };
    from.addEventListener("input", window_);
    to.addEventListener("input", window_);
    window_();
  } else {
    document.getElementById("time").textContent = "No dated seizure with a position.";
  }
})();
"""#
}
