import CGEOS

extension Geometry {
    /// Parses Well-Known Text; a syntax error carries GEOS's parse message.
    public convenience init(wkt: String, context: GEOSContext) throws(GEOSError) {
        guard let reader = GEOSWKTReader_create_r(context.handle) else { throw context.failure("create a WKT reader") }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        context.clearMessages()
        guard let g = GEOSWKTReader_read_r(context.handle, reader, wkt) else { throw context.failure("read WKT") }
        self.init(owning: g, context: context)
    }

    /// Well-Known Text with trailing zeros trimmed; `precision` rounds to that many decimals.
    public func wkt(precision: Int? = nil) throws(GEOSError) -> String {
        guard let writer = GEOSWKTWriter_create_r(context.handle) else { throw context.failure("create a WKT writer") }
        defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
        GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(context.handle, writer, 2)
        if let precision { GEOSWKTWriter_setRoundingPrecision_r(context.handle, writer, Int32(precision)) }
        guard let text = GEOSWKTWriter_write_r(context.handle, writer, pointer) else { throw context.failure("write WKT") }
        return context.takeString(text)
    }

    /// Parses Well-Known Binary (either byte order); GeoPackage blobs strip their header first.
    public convenience init(wkb: [UInt8], context: GEOSContext) throws(GEOSError) {
        guard let reader = GEOSWKBReader_create_r(context.handle) else { throw context.failure("create a WKB reader") }
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        context.clearMessages()
        let g = wkb.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(context.handle, reader, buffer.baseAddress, buffer.count)
        }
        guard let g else { throw context.failure("read WKB") }
        self.init(owning: g, context: context)
    }

    /// 2-D Well-Known Binary, little-endian (what GeoPackage and most tools write).
    public func wkb() throws(GEOSError) -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(context.handle) else { throw context.failure("create a WKB writer") }
        defer { GEOSWKBWriter_destroy_r(context.handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(context.handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(context.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(context.handle, writer, pointer, &size) else { throw context.failure("write WKB") }
        defer { GEOSFree_r(context.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Parses a GeoJSON *geometry* object with GEOS's reader. Whole GeoJSON documents with
    /// features and properties go through `GeoJSONReader`, which reports locations.
    public convenience init(geoJSONGeometry text: String, context: GEOSContext) throws(GEOSError) {
        guard let reader = GEOSGeoJSONReader_create_r(context.handle) else { throw context.failure("create a GeoJSON reader") }
        defer { GEOSGeoJSONReader_destroy_r(context.handle, reader) }
        context.clearMessages()
        guard let g = GEOSGeoJSONReader_readGeometry_r(context.handle, reader, text) else { throw context.failure("read GeoJSON geometry") }
        self.init(owning: g, context: context)
    }

    /// The geometry as a compact GeoJSON geometry object, by GEOS's writer (full precision,
    /// ring orientation as stored). RFC 7946 output for export goes through `GeoJSONEncoder`.
    public func geoJSONGeometryText() throws(GEOSError) -> String {
        guard let writer = GEOSGeoJSONWriter_create_r(context.handle) else { throw context.failure("create a GeoJSON writer") }
        defer { GEOSGeoJSONWriter_destroy_r(context.handle, writer) }
        guard let text = GEOSGeoJSONWriter_writeGeometry_r(context.handle, writer, pointer, -1) else {
            throw context.failure("write GeoJSON geometry")
        }
        return context.takeString(text)
    }
}
