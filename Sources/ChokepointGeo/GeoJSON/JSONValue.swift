/// A JSON value that keeps what GIS users care about and Foundation's parsers lose:
/// the order of object members (QGIS shows attribute columns in file order) and the
/// difference between integers and reals (QGIS types a field Integer or Real from it).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The numeric value of `.integer` or `.number`.
    public var doubleValue: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(d): return d
        default: return nil
        }
    }

    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case let .object(o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    /// How the value is named in error messages ("expected an array, got a string").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

/// A JSON object whose members keep their order. Setting an existing key replaces its
/// value in place; a duplicate key in parsed text keeps the last value (as most parsers do).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        keys.reserveCapacity(elements.count)
        values.reserveCapacity(elements.count)
        for (key, value) in elements {
            // Literal keys are almost always distinct: append, and search only on a repeat.
            if let i = keys.firstIndex(of: key) {
                values[i] = value
            } else {
                keys.append(key)
                values.append(value)
            }
        }
    }

    /// Members whose keys are known to be distinct, such as a table's columns: nothing is
    /// searched, and rows built from one `keys` array share it instead of copying it.
    public init(distinctKeys keys: [String], values: [JSONValue]) {
        precondition(keys.count == values.count, "\(keys.count) keys for \(values.count) values")
        assert(Set(keys).count == keys.count, "repeated keys in \(keys)")
        self.keys = keys
        self.values = values
    }

    public init(_ members: [(String, JSONValue)]) {
        for (key, value) in members { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Linear lookup: GeoJSON objects have a handful of members, where this beats hashing.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = keys.firstIndex(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The value of `key`, looked for first at `index`: rows built in a table's column order
    /// find each column there without searching the keys (CSV tables, GeoPackage rows).
    public func value(_ key: String, expectedAt index: Int) -> JSONValue? {
        index < keys.count && keys[index] == key ? values[index] : self[key]
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }

    /// The members whose keys are not in `excluded`, in order.
    public func removingKeys(_ excluded: Set<String>) -> JSONObject {
        var result = JSONObject()
        for (key, value) in self where !excluded.contains(key) { result[key] = value }
        return result
    }
}
