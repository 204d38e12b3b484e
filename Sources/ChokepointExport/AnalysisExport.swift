import ChokepointAnalysis
import ChokepointDomain
import ChokepointGeo
import ChokepointSupport
import Foundation

/// Writes an `Analysis` as GIS layers and tables into one directory, each file atomically:
///
/// - `routes.geojson`, `crossings.geojson`, `provinces.geojson`, `links.geojson`,
///   `seizures.geojson`: RFC 7946 FeatureCollections with flat, typed properties (QGIS's
///   attribute table and graduated styles work on them) and a `metadata` member (tool,
///   parameters, data credits);
/// - `routes.csv`, `crossings.csv`, `provinces.csv`: the same rankings as tables.
///
/// Lists (a route's crossings, a crossing's seizures) are `;`-joined strings, so every
/// property stays a scalar a GIS can sort and style on. Beside every `seizures` list,
/// `seizure_weights` says how much each of those seizures added to the item's evidence, in
/// the same order (the evidence model's units; 4 significant digits).
public struct AnalysisExport {
    public let directory: String
    public let metadata: JSONObject
    /// The marking every file carries (`MARKING.txt`, banners, metadata); nil: none written.
    public let handling: HandlingMarking?
    /// Formats written through GDAL beside the GeoJSON layers (`analyze --format`).
    public var formats: [VectorFormat] = []
    /// The layers written so far, for the GeoPackage that gathers them at the end.
    private let written = WrittenLayers()

    public static let credits =
        "Boundaries: Natural Earth (public domain) and Digital Chart of the World (gmt-dcw); towns: GeoNames (geonames.org), CC-BY 4.0"

    /// `inputs`: each input file's SHA-256, keyed by path (`InputDigest.object`); `seizures`:
    /// what the seizure chain did with the rows (`SeizureAccount`).
    public init(
        directory: String, tool: String, parameters: JSONObject, inputs: JSONObject = JSONObject(),
        seizures: SeizureAccount? = nil, resolutions: [PlaceResolution] = [], model: JSONObject? = nil,
        handling: HandlingMarking? = nil
    ) {
        self.directory = directory
        self.handling = handling
        var metadata: JSONObject = [:]
        if let handling {
            metadata["tlp"] = .string(handling.marking.description)
            metadata["handling"] = .object(handling.metadata)
        }
        metadata["tool"] = .string(tool)
        metadata["parameters"] = .object(parameters)
        metadata["inputs"] = .object(inputs)
        if let seizures {
            metadata["seizures"] = .object(Self.account(seizures))
            metadata["place_resolutions"] = .object(Self.resolutions(resolutions))
        }
        if let model { metadata["model"] = .object(model) }
        metadata["credits"] = .string(Self.credits)
        self.metadata = metadata
    }

    /// The export of one main-job result: its marking, parameters, the digests of the files
    /// it read and its seizure account in the metadata; the place resolutions of rows that
    /// may be named.
    public init(directory: String, tool: String, result: AnalysisResult) throws {
        let a = result.analysis
        self.init(
            directory: directory, tool: tool, parameters: result.parameters,
            inputs: try InputDigest.object(result.inputFiles), seizures: result.seizureAccount,
            resolutions: a.seizureSet.resolutions.filter { a.disclosure.policy?.shares($0.marking) ?? true },
            model: Self.model(a.fit, priorWeight: a.estimate.routePriorWeight, effects: a.elementEffects, posterior: a.posterior),
            handling: HandlingMarking(a))
    }

    /// The flow model's fit as the metadata records it: each parameter's estimate, 95%
    /// interval (null when not identified), prior and the value used, then the profiled
    /// detection rate and background, the quasi-likelihood and the dispersion φ.
    static func model(_ fit: FlowModelFit, priorWeight: Double, effects: ElementEffects, posterior: FlowPosterior? = nil) -> JSONObject {
        var object: JSONObject = [
            "form": .string(
                "path-size logit over via-crossing routes; seizures ~ quasi-Poisson(control * (detection * flow + background)); "
                    + "expected_seizures = that mean * element effect, effects ~ Gamma(shape, shape)")
        ]
        for e in fit.estimates {
            object[e.parameter.rawValue] = .object([
                "estimate": .number(e.estimate), "low": e.low.map(JSONValue.number) ?? .null,
                "high": e.high.map(JSONValue.number) ?? .null, "identified": .bool(e.identified),
                "prior": .number(e.prior), "used": .number(e.used),
            ])
        }
        object["route_prior_weight"] = .number(priorWeight)
        // The EM that moves each pair's shares towards its seizures: steps taken, and whether
        // it stopped on its tolerance (1e-10 relative) or on the step limit.
        if let posterior {
            object["route_posterior"] = .object([
                "iterations": .integer(Int64(posterior.iterations)), "max_iterations": .integer(Int64(posterior.maxIterations)),
                "converged": .bool(posterior.iterations < posterior.maxIterations),
            ])
        }
        object["detection"] = .number(fit.detection)
        object["background"] = .number(fit.background)
        object["log_likelihood"] = .number(fit.logLikelihood)
        object["overdispersion"] = .number(fit.overdispersion)
        object["observed_elements"] = .integer(Int64(fit.observedElements))
        object["elements_with_seizures"] = .integer(Int64(fit.elementsWithSeizures))
        object["not_estimated_because"] = fit.notEstimatedBecause.map(JSONValue.string) ?? .null
        object["element_effects"] = .object([
            "shape": effects.shape.map(JSONValue.number) ?? .null, "low": effects.shapeLow.map(JSONValue.number) ?? .null,
            "high": effects.shapeHigh.map(JSONValue.number) ?? .null, "identified": .bool(effects.shape != nil),
            "seizure_weight_unit": .number(effects.scale),
        ])
        return object
    }

    /// The rows whose place name stayed ambiguous: how many, and the first 500 (file, row,
    /// name, what was taken); stderr lists them all.
    static func resolutions(_ all: [PlaceResolution]) -> JSONObject {
        [
            "count": .integer(Int64(all.count)),
            "listed": .array(
                all.prefix(500).map { r in
                    .object([
                        "file": .string(r.location.file), "row": r.location.line.map { .integer(Int64($0)) } ?? .null,
                        "feature": r.location.feature.map { .integer(Int64($0)) } ?? .null, "name": .string(r.name),
                        "taken": .string(r.taken), "places_of_that_name": .integer(Int64(r.sharedBy)),
                    ])
                }),
        ]
    }

    static func account(_ a: SeizureAccount) -> JSONObject {
        [
            "rows_read": .integer(Int64(a.rowsRead)), "skipped_as_bad": .integer(Int64(a.skippedAsBad)),
            "filtered_out": .integer(Int64(a.filteredOut)), "withheld_above_share_level": .integer(Int64(a.withheld)),
            "merged_away": .integer(Int64(a.mergedAway)), "used": .integer(Int64(a.used)),
        ]
    }

    /// Every file of one main-job result, in order: the layers and tables, candidates, the
    /// map, controls, displacement, rank intervals, the GeoPackage and report.md. `timestamp`
    /// fills the GeoPackage's change dates.
    ///
    /// The files are replaced as one set (`OutputSet`): nothing in the folder changes until
    /// all are written, then they are renamed into place together and `manifest.json`
    /// (`OutputManifest`) is written last; files a previous run's manifest listed that this
    /// run does not write (candidates.geojson from a run with --candidates) are removed.
    public func writeAll(_ result: AnalysisResult, timestamp: String) throws -> [String] {
        var files: [String] = []
        let tool = metadata["tool"]?.stringValue ?? "chokepoint"
        try OutputDirectory.create(directory)
        try OutputSet.write(
            into: directory, manifestName: OutputManifest.name,
            manifest: { try OutputManifest.bytes(tool: tool, files: $0) }
        ) {
            // The layers' GeoJSON files are written on a second thread meanwhile; all are
            // finished before the set is committed.
            let background = BackgroundWriter()
            written.background = background
            defer { written.background = nil }
            do {
                files = try writeEverything(result, timestamp: timestamp)
            } catch {
                // A failed background write (a full disk, say) is the likelier cause of what
                // failed after it, so it is the error reported.
                try background.wait()
                throw error
            }
            try background.wait()
        }
        return files + [path(OutputManifest.name)]
    }

    private func writeEverything(_ result: AnalysisResult, timestamp: String) throws -> [String] {
        let a = result.analysis
        var files = try write(a)
        if !result.candidates.isEmpty { files += try writeCandidates(a, result.candidates, stability: result.stability) }
        files.append(try writeMap(a, title: "\(result.title) — expected flow from seizure evidence"))
        if !result.controls.isEmpty { files += try writeControls(a, result.controls) }
        if let whatIf = result.whatIf { files += try writeDisplacement(a, whatIf) }
        if !result.stability.isEmpty { files.append(try writeUncertainty(a, result.stability, k: 10, samples: result.samples)) }
        files.append(try writeGeoPackage(timestamp: timestamp))
        files += try writeThroughGDAL(date: String(timestamp.prefix(10)))
        let report = path("report.md")
        try AtomicFileWriter.write(Array(Report(result).render().utf8), to: report)
        files.append(report)
        files.append(try writeSTIX(a, timestamp: timestamp))
        files.append(try writeMapHTML(result))
        if let marking = try writeMarking() { files.append(marking) }
        return files
    }

    static let descriptions: [String: String] = [
        "routes":
            "likeliest routes per source-target pair under the fitted flow model, with share, flow, cost, length, time, modes, crossings, provinces, evidence and supporting seizures",
        "crossings":
            "border crossings ranked by the flow model's expected flow, with the cheapest-route comparison, bias-corrected and raw evidence and their seizures",
        "provinces": "provinces ranked by the expected flow of the routes that pass them (each route once), with evidence and seizures",
        "links": "network links with expected flow, evidence, travel time, cost and seizures",
        "seizures": "seizures with a position, as normalised and merged",
        "candidates": "GENERATED unofficial crossing candidates along the shared borders, scored like crossings",
        "controls":
            "control points (crossings, airports, ports, postal hubs) chosen greedily to raise the expected seizures of the modelled flow, each with its marginal effect",
        "displacement": "crossing flow before and after the closures (balloon effect)",
        "displacement_links": "link flow before and after the closures (balloon effect)",
    ]

    /// `chokepoint.gpkg`: every layer written so far in one GeoPackage, each with its QGIS
    /// style as the default in `layer_styles`, and the metadata. `timestamp` (ISO 8601) fills
    /// the GeoPackage's change dates; a fixed one keeps runs byte-identical.
    @discardableResult
    public func writeGeoPackage(timestamp: String) throws -> String {
        let file = path("chokepoint.gpkg")
        try GeoPackageWriter.write(written.layers, metadata: metadata, timestamp: timestamp, to: file)
        return file
    }

    /// Every layer written so far in each of `formats`, through GDAL: KML styled per feature
    /// (`KMLStyle`), FlatGeobuf, Shapefile with its .prj and .cpg.
    private func writeThroughGDAL(date: String) throws -> [String] {
        guard !formats.isEmpty else { return [] }
        let geos = try GEOSContext()
        var files: [String] = []
        for format in formats {
            for layer in written.layers {
                files += try VectorFileWriter.write(
                    layer.features, layer: layer.name, format: format, base: path(layer.name),
                    styles: format == .kml ? KMLStyle.styles(layer: layer.name, features: layer.features) : nil, date: date, geos: geos)
            }
        }
        return files
    }

    /// The main layers and tables: routes, crossings, provinces, links and seizures. The
    /// files written, in order.
    @discardableResult
    public func write(_ a: Analysis) throws -> [String] {
        try OutputDirectory.create(directory)
        return try writeRoutes(a) + writeCrossings(a) + writeProvinces(a) + [writeLinks(a), writeSeizures(a)]
    }

    /// `routes.geojson` and `routes.csv`, with each route's place in the overall order.
    private func writeRoutes(_ a: Analysis) throws -> [String] {
        var written: [String] = []
        var routeRows: [JSONObject] = []
        var routeFeatures: [GeoJSONFeature] = []
        let overallRank = a.overallRouteRanks
        for (i, r) in a.routes.enumerated() {
            var row: JSONObject = [
                "source": .string(r.source), "target": .string(r.target), "demand": .number(r.demand), "rank": .integer(Int64(r.rank)),
                "overall_rank": .integer(Int64(overallRank[i])), "share": .number(r.share), "flow": .number(r.flow),
                "cost_h": .number(r.cost), "length_km": .number(r.lengthKm), "travel_h": .number(r.travelHours),
                "modes": .string(r.modes.map(\.rawValue).joined(separator: ";")), "crossings": .string(r.crossings.joined(separator: ";")),
                "provinces": .string(r.provinces.joined(separator: ";")), "evidence": .number(r.evidence),
                "seizures": .string(r.seizures.joined(separator: ";")),
                "seizure_weights": .string(Self.weights(r.seizureWeights)), "nodes": .string(r.nodes.joined(separator: ";")),
            ]
            for (key, value) in Self.marking(r.marking, unnamed: r.unnamedSeizures, a) { row[key] = value }
            routeRows.append(row)
            routeFeatures.append(GeoJSONFeature(geometry: .lineString(r.coordinates), properties: row))
        }
        written.append(try layer("routes", routeFeatures))
        written.append(
            try table(
                "routes", routeRows,
                columns: [
                    "source", "target", "demand", "rank", "overall_rank", "share", "flow", "cost_h", "length_km", "travel_h", "modes",
                    "crossings", "provinces", "evidence", "seizures", "seizure_weights", "nodes",
                ] + Self.markingColumns(a)))

        return written
    }

    /// `crossings.geojson` and `crossings.csv`, by flow.
    private func writeCrossings(_ a: Analysis) throws -> [String] {
        var written: [String] = []
        let b = a.bundle
        var crossingRows: [JSONObject] = []
        var crossingFeatures: [GeoJSONFeature] = []
        for (rank, c) in a.crossings.enumerated() {
            let x = b.crossings[c.index]
            var row: JSONObject = [
                "rank": .integer(Int64(rank + 1)), "id": .string(x.id), "name": .string(x.name), "type": .string(x.typeLabel),
                "official": .bool(x.isOfficial), "countries": .string("\(x.countryA)-\(x.countryB)"),
                "lon": .number(x.coordinate.lon), "lat": .number(x.coordinate.lat),
                "flow": .number(c.flow), "evidence": .number(c.evidence), "evidence_uncorrected": .number(c.rawEvidence),
                "cheapest_route_flow": .number(c.cheapestRouteFlow),
                "expected_seizures": .number(a.elementEffects.expected[b.crossingNode(c.index)]),
                "seizure_effect": .number(a.elementEffects.effect[b.crossingNode(c.index)]),
                "seizures": .string(c.seizures.joined(separator: ";")), "seizure_weights": .string(Self.weights(c.seizureWeights)),
                "location_method": .string(x.locationMethod),
                "source": .string(x.source),
            ]
            for (key, value) in Self.marking(c.marking, unnamed: c.unnamedSeizures, a) { row[key] = value }
            crossingRows.append(row)
            crossingFeatures.append(GeoJSONFeature(geometry: .point(x.coordinate), properties: row))
        }
        written.append(try layer("crossings", crossingFeatures))
        written.append(
            try table(
                "crossings", crossingRows,
                columns: [
                    "rank", "id", "name", "type", "official", "countries", "lon", "lat", "flow",
                    "evidence", "evidence_uncorrected", "cheapest_route_flow", "expected_seizures", "seizure_effect", "seizures",
                    "seizure_weights", "location_method", "source",
                ] + Self.markingColumns(a)))

        return written
    }

    /// `provinces.geojson` and `provinces.csv`, by flow through their places.
    private func writeProvinces(_ a: Analysis) throws -> [String] {
        var written: [String] = []
        let b = a.bundle
        let polygons = Dictionary(b.provinces.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var provinceRows: [JSONObject] = []
        var provinceFeatures: [GeoJSONFeature] = []
        for (rank, p) in a.provinces.enumerated() {
            guard let province = polygons[p.id] else { continue }
            var row: JSONObject = [
                "rank": .integer(Int64(rank + 1)), "id": .string(p.id), "name": .string(province.name),
                "country": .string(province.country),
                "flow": .number(p.flow), "evidence": .number(p.evidence), "seizures": .integer(Int64(p.seizures)),
                "seizure_ids": .string(p.support.joined(separator: ";")), "seizure_weights": .string(Self.weights(p.supportWeights)),
            ]
            for (key, value) in Self.marking(p.marking, unnamed: p.unnamedSeizures, a) { row[key] = value }
            provinceRows.append(row)
            provinceFeatures.append(GeoJSONFeature(geometry: province.geometry, properties: row))
        }
        written.append(try layer("provinces", provinceFeatures))
        written.append(
            try table(
                "provinces", provinceRows,
                columns: ["rank", "id", "name", "country", "flow", "evidence", "seizures", "seizure_ids", "seizure_weights"]
                    + Self.markingColumns(a)))

        return written
    }

    /// `links.geojson`: every link with its flow, evidence, travel time, cost and seizures.
    private func writeLinks(_ a: Analysis) throws -> String {
        let b = a.bundle
        let geometries = Self.linkGeometries(b)
        var linkFeatures: [GeoJSONFeature] = []
        for (j, l) in b.links.enumerated() {
            let geometry = geometries[j]
            let strongest = a.support(of: .link(j))
            var properties: JSONObject = [
                        "id": .string(l.id), "from": .string(l.from), "to": .string(l.to), "mode": .string(l.mode.rawValue),
                        "basis": .string(l.basis?.rawValue ?? ""), "length_km": .number(l.lengthMetres / 1000),
                        "length_method": .string(l.lengthMethod.rawValue),
                        "travel_h": .number(a.costs.links[j].hours),
                        "cost_h": .number(a.costs.links[j].cost), "flow": .number(a.linkFlow[j]),
                        "expected_seizures": .number(a.elementEffects.expected[b.nodeCount + j]),
                        "seizure_effect": .number(a.elementEffects.effect[b.nodeCount + j]),
                        "evidence": .number(a.evidence.scores[.link(j)] ?? 0),
                        "seizures": .string(strongest.ids.joined(separator: ";")),
                        "seizure_weights": .string(Self.weights(strongest.weights)),
                    ]
            for (key, value) in Self.marking(strongest.marking, unnamed: strongest.unnamed, a) { properties[key] = value }
            linkFeatures.append(GeoJSONFeature(geometry: geometry, properties: properties))
        }
        return try layer("links", linkFeatures)
    }

    /// `seizures.geojson`: the records used that have a position and may be named, as
    /// normalised and merged, each with its own marking.
    private func writeSeizures(_ a: Analysis) throws -> String {
        var seizureFeatures: [GeoJSONFeature] = []
        for (i, s) in a.seizures.enumerated() where a.disclosure.names(i) {
            guard let c = s.coordinate else { continue }
            seizureFeatures.append(
                GeoJSONFeature(
                    geometry: .point(c),
                    properties: [
                        "id": .string(s.id), "date": .string(s.date.text), "date_precision": .string(s.date.precision.rawValue),
                        "commodity": .string(s.commodity.rawValue), "kg": s.kilograms.map { .number($0) } ?? .null,
                        "location": .string(s.location.description), "location_precision": .string(s.precision.rawValue),
                        "agency": .string(s.agency), "merged_from": .string(s.mergedFrom.joined(separator: ";")),
                        "source": .string(s.source), "tlp": .string(s.marking.description),
                    ]))
        }
        return try layer("seizures", seizureFeatures)
    }

    /// `controls.geojson` and `controls.csv`: the chosen control points in order, each with
    /// what it adds and the flow through it before and after.
    @discardableResult
    public func writeControls(_ a: Analysis, _ controls: [Analysis.Control]) throws -> [String] {
        var rows: [JSONObject] = []
        var features: [GeoJSONFeature] = []
        for (rank, c) in controls.enumerated() {
            let node = a.bundle.node(c.node)
            let evidence = a.evidence.scores[.node(c.node)] ?? 0
            let top = a.support(of: .node(c.node))
            let kind: String
            switch node {
            case let .crossing(_, x): kind = x.typeLabel
            case let .place(p): kind = p.kind.rawValue
            }
            var row: JSONObject = [
                "rank": .integer(Int64(rank + 1)), "id": .string(node.id), "name": .string(node.name), "type": .string(kind),
                "lon": .number(node.coordinate.lon), "lat": .number(node.coordinate.lat),
                "marginal_exposure": .number(c.marginalExposure), "marginal_seizures": .number(c.marginalSeizures),
                "flow_before": .number(c.flowBefore), "flow_after": .number(c.flowAfter), "evidence": .number(evidence),
                "seizures": .string(top.ids.joined(separator: ";")),
                "seizure_weights": .string(Self.weights(top.weights)),
            ]
            for (key, value) in Self.marking(top.marking, unnamed: top.unnamed, a) { row[key] = value }
            rows.append(row)
            features.append(GeoJSONFeature(geometry: .point(node.coordinate), properties: row))
        }
        return [
            try layer("controls", features),
            try table(
                "controls", rows,
                columns: [
                    "rank", "id", "name", "type", "lon", "lat", "marginal_exposure", "marginal_seizures", "flow_before", "flow_after",
                    "evidence", "seizures", "seizure_weights",
                ] + Self.markingColumns(a)),
        ]
    }

    /// `displacement.geojson` and `displacement.csv`: every crossing's flow before and after the
    /// closures, largest change first; `displacement_links.geojson`: the same for every link.
    @discardableResult
    public func writeDisplacement(_ a: Analysis, _ w: Analysis.WhatIf) throws -> [String] {
        let order = a.bundle.crossings.indices.sorted {
            (abs(w.after[$1] - w.before[$1]), a.bundle.crossings[$0].id) < (abs(w.after[$0] - w.before[$0]), a.bundle.crossings[$1].id)
        }
        var rows: [JSONObject] = []
        var features: [GeoJSONFeature] = []
        for k in order {
            let x = a.bundle.crossings[k]
            let row: JSONObject = [
                "id": .string(x.id), "name": .string(x.name), "type": .string(x.typeLabel),
                "lon": .number(x.coordinate.lon), "lat": .number(x.coordinate.lat), "closed": .bool(w.closed.contains(x.id)), "flow_before": .number(w.before[k]), "flow_after": .number(w.after[k]),
                "change": .number(w.after[k] - w.before[k]),
            ]
            rows.append(row)
            features.append(GeoJSONFeature(geometry: .point(x.coordinate), properties: row))
        }
        // Links too, so that a map shows which roads the flow moves to, not only which gates.
        let geometries = Self.linkGeometries(a.bundle)
        var linkFeatures: [GeoJSONFeature] = []
        for (j, l) in a.bundle.links.enumerated() {
            let geometry = geometries[j]
            linkFeatures.append(
                GeoJSONFeature(
                    geometry: geometry,
                    properties: [
                        "id": .string(l.id), "from": .string(l.from), "to": .string(l.to), "mode": .string(l.mode.rawValue),
                        "flow_before": .number(a.linkFlow[j]), "flow_after": .number(w.linkFlowAfter[j]),
                        "change": .number(w.linkFlowAfter[j] - a.linkFlow[j]),
                    ]))
        }
        return [
            try layer("displacement", features),
            try table("displacement", rows, columns: ["id", "name", "type", "lon", "lat", "closed", "flow_before", "flow_after", "change"]),
            try layer("displacement_links", linkFeatures),
        ]
    }

    /// `;`-joined weights with 4 significant digits, in C formatting (no locale).
    static func weights(_ values: [Double]) -> String {
        values.map { String(format: "%.4g", $0) }.joined(separator: ";")
    }

    /// Each link's line: its own geometry, else the straight segment between its ends (the
    /// analysis ran on a checked bundle, so both ends are known).
    static func linkGeometries(_ b: NetworkBundle) -> [GeoJSONGeometry] {
        let coordinates = b.nodeCoordinates
        let index = b.nodeIndex()
        return b.links.map { l in
            .lineString(l.geometry ?? [coordinates[index[l.from] ?? 0], coordinates[index[l.to] ?? 0]])
        }
    }

    /// `candidates.geojson` and `candidates.csv`: generated unofficial crossing candidates,
    /// ranked like crossings (flow, then evidence), each with the towns on both sides and,
    /// with `--samples`, its flow's 5th–95th percentiles over the bootstrap refits (the
    /// columns are absent without: an interval is never made up).
    @discardableResult
    public func writeCandidates(
        _ a: Analysis, _ candidates: [CrossingCandidates.Candidate], stability: [Analysis.RankStability] = []
    ) throws -> [String] {
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let interval = Dictionary(stability.map { ($0.crossing, ($0.flowLow, $0.flowHigh)) }, uniquingKeysWith: { x, _ in x })
        var rows: [JSONObject] = []
        var features: [GeoJSONFeature] = []
        for c in a.crossings {
            let x = a.bundle.crossings[c.index]
            guard let cand = byID[x.id] else { continue }
            var row: JSONObject = [
                "rank": .integer(Int64(rows.count + 1)), "id": .string(x.id), "countries": .string(cand.countries.joined(separator: "-")),
                "lon": .number(x.coordinate.lon), "lat": .number(x.coordinate.lat),
                "town_a": .string(cand.townA.name), "km_a": .number(cand.kmA), "town_b": .string(cand.townB.name),
                "km_b": .number(cand.kmB), "flow": .number(c.flow),
                "evidence": .number(c.evidence), "seizures": .string(c.seizures.joined(separator: ";")),
                "seizure_weights": .string(Self.weights(c.seizureWeights)),
                "basis": .string("generated candidate, not an observed crossing"),
            ]
            for (key, value) in Self.marking(c.marking, unnamed: c.unnamedSeizures, a) { row[key] = value }
            if let (low, high) = interval[c.index] {
                row["flow_p05"] = .number(low)
                row["flow_p95"] = .number(high)
            }
            rows.append(row)
            features.append(GeoJSONFeature(geometry: .point(x.coordinate), properties: row))
        }
        return [
            try layer("candidates", features),
            try table(
                "candidates", rows,
                columns: ["rank", "id", "countries", "lon", "lat", "town_a", "km_a", "town_b", "km_b", "flow"]
                    + (stability.isEmpty ? [] : ["flow_p05", "flow_p95"])
                    + ["evidence", "seizures", "seizure_weights", "basis"] + Self.markingColumns(a)),
        ]
    }

    /// `uncertainty.csv`: each crossing's rank and flow, their 5th–95th percentiles over the
    /// bootstrap refits, and the share of samples in which it was in the top k.
    @discardableResult
    public func writeUncertainty(_ a: Analysis, _ stability: [Analysis.RankStability], k: Int, samples: Int) throws -> String {
        let rows: [JSONObject] = stability.map { s in
            let x = a.bundle.crossings[s.crossing]
            return [
                "rank": .integer(Int64(s.baseRank)), "id": .string(x.id), "name": .string(x.name), "type": .string(x.typeLabel),
                "lon": .number(x.coordinate.lon), "lat": .number(x.coordinate.lat),
                "rank_p05": .integer(Int64(s.low)), "rank_p95": .integer(Int64(s.high)),
                "flow": .number(a.crossings[s.baseRank - 1].flow), "flow_p05": .number(s.flowLow), "flow_p95": .number(s.flowHigh),
                "top_k_share": .number(s.topKShare), "k": .integer(Int64(k)), "samples": .integer(Int64(samples)),
            ]
        }
        return try table(
            "uncertainty", rows,
            columns: [
                "rank", "id", "name", "type", "lon", "lat", "rank_p05", "rank_p95", "flow", "flow_p05", "flow_p95", "top_k_share", "k",
                "samples",
            ])
    }

    /// `map.svg`: a readable map drawn by our code (`MapSVG`).
    @discardableResult
    public func writeMap(_ a: Analysis, title: String) throws -> String {
        let file = path("map.svg")
        try AtomicFileWriter.write(Array(try MapSVG().render(a, title: title).utf8), to: file)
        return file
    }

    /// `map.html`: every layer written so far, and the borders, on an interactive offline map
    /// (`MapHTML`), with each crossing's flow interval when the run sampled them.
    @discardableResult
    public func writeMapHTML(_ result: AnalysisResult) throws -> String {
        let a = result.analysis
        let borders = a.bundle.borders.filter { $0.countries.count == 2 }.map { b in
            GeoJSONFeature(geometry: b.geometry, properties: ["id": .string(b.id), "countries": .string(b.countries.joined(separator: ";"))])
        }
        var intervals: [String: (Double, Double)] = [:]
        for s in result.stability { intervals[a.bundle.crossings[s.crossing].id] = (s.flowLow, s.flowHigh) }
        let page = MapHTML(
            leaflet: try LeafletAssets.installed(), title: "\(result.title) — expected flow from seizure evidence",
            marking: handling ?? HandlingMarking(a), credits: Self.credits)
        let file = path("map.html")
        try AtomicFileWriter.write(
            try page.render(
                layers: [("borders", borders)] + written.layers.map { ($0.name, $0.features) }, intervals: intervals,
                samples: result.samples, closed: result.whatIf?.closed ?? []),
            to: file)
        return file
    }

    /// `seizures.stix.json`: the records that may be named, as a STIX 2.1 bundle (`STIXBundle`).
    @discardableResult
    public func writeSTIX(_ a: Analysis, timestamp: String) throws -> String {
        let file = path("seizures.stix.json")
        let named = a.seizures.indices.filter { a.disclosure.names($0) }.map { a.seizures[$0] }
        try AtomicFileWriter.write(try STIXBundle(records: named, bundle: a.bundle, timestamp: timestamp).render(), to: file)
        return file
    }

    /// `MARKING.txt`: the marking of every file in the folder, for the CSV tables and the
    /// formats with no metadata of their own.
    @discardableResult
    public func writeMarking() throws -> String? {
        guard let handling else { return nil }
        let file = path("MARKING.txt")
        try AtomicFileWriter.write(Array(handling.sidecar.utf8), to: file)
        return file
    }

    /// A feature's `tlp` (empty when no seizure is behind its evidence) and, when records go
    /// unnamed at the share level, how many of those behind it are not named.
    static func marking(_ marking: TLP?, unnamed: Int, _ a: Analysis) -> JSONObject {
        var columns: JSONObject = ["tlp": .string(marking?.description ?? "")]
        if a.disclosure.policy?.mode == .aggregate { columns["unnamed_seizures"] = .integer(Int64(unnamed)) }
        return columns
    }

    /// The marking columns of a table, in the order `marking(_:unnamed:_:)` fills them.
    static func markingColumns(_ a: Analysis) -> [String] {
        a.disclosure.policy?.mode == .aggregate ? ["tlp", "unnamed_seizures"] : ["tlp"]
    }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Writes `<name>.geojson` and its QGIS style `<name>.qml` beside it (QGIS loads a .qml of
    /// the same name as the layer's default style), and keeps the layer for the GeoPackage.
    private func layer(_ name: String, _ features: [GeoJSONFeature]) throws -> String {
        var members = JSONObject()
        members["name"] = .string(name)
        members["metadata"] = .object(metadata)
        let file = path("\(name).geojson")
        let writeGeoJSON: @Sendable () throws -> Void = { [members] in
            let writer = try GeoJSONFileWriter(path: file, encoder: GeoJSONEncoder(), foreignMembers: members)
            for f in features { try writer.write(f) }
            try writer.finish()
        }
        // Within `writeAll`, on the background thread while the next layers and the
        // GeoPackage are made.
        if let background = written.background {
            try background.checkFailure()
            background.run(writeGeoJSON)
        } else {
            try writeGeoJSON()
        }
        let style = LayerStyle.qml(layer: name, features: features)
        if let style { try AtomicFileWriter.write(Array(style.utf8), to: path("\(name).qml")) }
        written.layers.removeAll { $0.name == name }
        written.layers.append(GeoPackageLayer(name: name, description: Self.descriptions[name] ?? name, features: features, style: style))
        return file
    }

    private func table(_ name: String, _ rows: [JSONObject], columns: [String]) throws -> String {
        let text = CSVWriter.table(columns: columns, rows: rows) { row, key in row[key]?.csvField ?? "" }
        let file = path("\(name).csv")
        try AtomicFileWriter.write(Array(text.utf8), to: file)
        return file
    }
}

/// Layers kept for the GeoPackage; a class so that the export's methods, called one after
/// another on one value, add to the same list.
private final class WrittenLayers {
    var layers: [GeoPackageLayer] = []
    /// Set while `writeAll` runs: where the layers' GeoJSON files are written.
    var background: BackgroundWriter?
}
