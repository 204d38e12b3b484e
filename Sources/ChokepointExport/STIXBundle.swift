import ChokepointDomain
import ChokepointGeo
import Crypto
import Foundation

/// Seizure records as a STIX 2.1 bundle (OASIS, "STIX Version 2.1", 2021), the format threat
/// intelligence platforms (MISP, OpenCTI) exchange, each object marked with FIRST's TLP 2.0
/// marking-definition of its record.
///
/// STIX has no object for a drug seizure, so each record is a `sighting` (what was seen, when,
/// where) of a `campaign` standing for the trafficking of one commodity, `where_sighted_refs`
/// pointing to a `location` (the position, else the provinces or country); the record's own
/// fields (commodity, amount, kg, mode, precision, id, merged reports) travel in a property
/// extension this bundle defines (`extension-definition`), and its source as an external
/// reference. STIX asks for UUIDv4 ids on these objects; to keep the same records giving the
/// same bundle, each id's 122 free bits are SHA-256 of the exporter's namespace and the
/// record id, not fresh randomness (RFC 9562 §5.4's layout, version 4). `created` is the
/// run's timestamp.
public struct STIXBundle {
    /// The namespace of every id this exporter makes (a fixed random UUID).
    static let namespace: [UInt8] = uuidBytes("af60de9c-9710-44e3-8d36-b67bd7af5e26")

    public let records: [SeizureRecord]
    public let bundle: NetworkBundle
    /// ISO 8601 with milliseconds, UTC: every object's `created` and `modified`.
    public let timestamp: String
    private let provinces: [String: Province]
    private let placeCountry: [String: String]

    public init(records: [SeizureRecord], bundle: NetworkBundle, timestamp: String) {
        self.records = records
        self.bundle = bundle
        self.timestamp = Self.stixTimestamp(timestamp)
        provinces = Dictionary(bundle.provinces.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        placeCountry = Dictionary(bundle.places.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
    }

    public func render() throws -> [UInt8] {
        let identity = Self.id("identity", "chokepoint")
        let extensionID = Self.id("extension-definition", "seizure-details-1")
        let clear = TLP.clear.stixMarkingID
        var objects: [JSONValue] = []
        for marking in Set(records.map(\.marking) + [.clear]).sorted() { objects.append(.object(Self.markingDefinition(marking))) }
        objects.append(
            .object([
                "type": "identity", "spec_version": "2.1", "id": .string(identity), "created": .string(timestamp),
                "modified": .string(timestamp), "name": "Chokepoint", "identity_class": "system",
                "description": "The seizure chain of Chokepoint: records read, normalised and merged from the analyst's files.",
                "object_marking_refs": [.string(clear)],
            ]))
        objects.append(
            .object([
                "type": "extension-definition", "spec_version": "2.1", "id": .string(extensionID), "created_by_ref": .string(identity),
                "created": .string(timestamp), "modified": .string(timestamp), "name": "Chokepoint seizure record",
                "description":
                    "The fields of a normalised seizure record: seizure_id, commodity, amount, unit, kilograms, mode, date, date_precision, location, location_precision, agency, merged_from.",
                "schema":
                    "Chokepoint README, 'Seizure records': commodity is a canonical name, kilograms the amount converted by the documented factors, location_precision one of exact, town, district, province, country.",
                "version": "1.0.0", "extension_types": ["property-extension"], "object_marking_refs": [.string(clear)],
            ]))
        for commodity in Set(records.map(\.commodity)).sorted(by: { $0.rawValue < $1.rawValue }) {
            objects.append(
                .object([
                    "type": "campaign", "spec_version": "2.1", "id": .string(Self.id("campaign", commodity.rawValue)),
                    "created_by_ref": .string(identity), "created": .string(timestamp), "modified": .string(timestamp),
                    "name": .string("Trafficking of \(commodity.rawValue)"),
                    "description": .string("Seizures of \(commodity.rawValue), each a sighting of this trafficking."),
                    "object_marking_refs": [.string(clear)],
                ]))
        }
        for r in records {
            let location = Self.id("location", r.id)
            let marking: JSONValue = [.string(r.marking.stixMarkingID)]
            objects.append(.object(self.location(r, id: location, identity: identity, marking: marking)))
            objects.append(.object(sighting(r, location: location, identity: identity, extensionID: extensionID, marking: marking)))
        }
        let bundleID = Self.id("bundle", records.map(\.id).joined(separator: "\n"))
        var out: [UInt8] = []
        try JSONWriter.appendObject(["type": "bundle", "id": .string(bundleID), "objects": .array(objects)], to: &out)
        out.append(0x0A)
        return out
    }

    private func sighting(_ r: SeizureRecord, location: String, identity: String, extensionID: String, marking: JSONValue) -> JSONObject {
        var details: JSONObject = [
            "extension_type": "property-extension", "seizure_id": .string(r.id), "commodity": .string(r.commodity.rawValue),
            "amount": .number(r.amount), "unit": .string(r.unit),
        ]
        if let kg = r.kilograms { details["kilograms"] = .number(kg) }
        if let mode = r.mode { details["mode"] = .string(mode.rawValue) }
        details["date"] = .string(r.date.text)
        details["date_precision"] = .string(r.date.precision.rawValue)
        details["location"] = .string(r.location.description)
        details["location_precision"] = .string(r.precision.rawValue)
        if !r.agency.isEmpty { details["agency"] = .string(r.agency) }
        if !r.mergedFrom.isEmpty { details["merged_from"] = .array(r.mergedFrom.map(JSONValue.string)) }
        var reference: JSONObject = ["source_name": "seizure report", "description": .string(r.source)]
        if r.source.hasPrefix("https://") || r.source.hasPrefix("http://") { reference["url"] = .string(r.source) }
        let kg = r.kilograms.map { String(format: " (%.6g kg)", $0) } ?? ""
        return [
            "type": "sighting", "spec_version": "2.1", "id": .string(Self.id("sighting", r.id)), "created_by_ref": .string(identity),
            "created": .string(timestamp), "modified": .string(timestamp),
            "first_seen": .string(SeizureDate.isoDate(dayNumber: r.date.firstDay) + "T00:00:00.000Z"),
            "last_seen": .string(SeizureDate.isoDate(dayNumber: r.date.lastDay) + "T23:59:59.999Z"), "count": 1,
            "sighting_of_ref": .string(Self.id("campaign", r.commodity.rawValue)), "where_sighted_refs": [.string(location)],
            "description": .string("\(String(format: "%g", r.amount)) \(r.unit) of \(r.commodity.rawValue)\(kg), seizure \(r.id)"),
            "external_references": [.object(reference)], "object_marking_refs": marking,
            "extensions": .object([extensionID: .object(details)]),
        ]
    }

    /// The record's place: its position (a point, a town's, a node's), with the country when
    /// it is one; else the provinces' names in their country, or the country alone. An area
    /// across countries is South-eastern Asia (STIX's region vocabulary).
    private func location(_ r: SeizureRecord, id: String, identity: String, marking: JSONValue) -> JSONObject {
        var object: JSONObject = [
            "type": "location", "spec_version": "2.1", "id": .string(id), "created_by_ref": .string(identity),
            "created": .string(timestamp), "modified": .string(timestamp),
        ]
        switch r.location {
        case let .provinces(ids):
            let countries = Set(ids.compactMap { provinces[$0]?.country })
            object["name"] = .string(ids.map { provinces[$0]?.name ?? $0 }.joined(separator: "; "))
            if countries.count == 1, let cc = countries.first {
                object["country"] = .string(cc)
                object["administrative_area"] = .string(ids.map { provinces[$0]?.name ?? $0 }.joined(separator: "; "))
            } else {
                object["region"] = "south-eastern-asia"
            }
        case let .country(cc):
            object["country"] = .string(cc)
        case let .node(nodeID):
            object["name"] = .string(nodeID)
            if let cc = placeCountry[nodeID] { object["country"] = .string(cc) }
        case .point:
            break
        }
        if let c = r.coordinate {
            object["latitude"] = .number(c.lat)
            object["longitude"] = .number(c.lon)
        } else if object["country"] == nil && object["region"] == nil {
            object["region"] = "south-eastern-asia"
        }
        object["object_marking_refs"] = marking
        return object
    }

    /// FIRST's TLP 2.0 marking-definition, as the OASIS common objects publish it.
    static func markingDefinition(_ t: TLP) -> JSONObject {
        [
            "type": "marking-definition", "spec_version": "2.1", "id": .string(t.stixMarkingID), "created": "2022-10-01T00:00:00.000Z",
            "name": .string(t.description),
            "extensions": .object([
                TLP.stixExtensionID: .object(["extension_type": "property-extension", "tlp_2_0": .string(t.name.lowercased())])
            ]),
        ]
    }

    /// `type--` and a UUID in version 4's layout whose free bits hash `name` in the
    /// exporter's namespace: deterministic, and as unpredictable as SHA-256.
    static func id(_ type: String, _ name: String) -> String {
        var sha = SHA256()
        sha.update(data: namespace)
        sha.update(data: Array(name.utf8))
        var b = Array(sha.finalize().prefix(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        let hex = b.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return type + "--" + parts.joined(separator: "-")
    }

    static func uuidBytes(_ text: String) -> [UInt8] {
        let hex = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
        return stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
    }

    /// STIX wants `YYYY-MM-DDTHH:MM:SS[.s+]Z`: the run's ISO 8601 timestamp as is when it has
    /// that form, else the epoch.
    static func stixTimestamp(_ iso: String) -> String {
        iso.hasSuffix("Z") && iso.count >= 20 ? iso : "1970-01-01T00:00:00.000Z"
    }
}
