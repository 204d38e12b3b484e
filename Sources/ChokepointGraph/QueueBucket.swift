/// One bucket of `RadixHeap` or `BucketQueue`: a growable array of (key, node) entries in
/// unsafe storage, so that the queues' hot loops index it without checks. The key is the
/// distance's bit pattern, which orders like the distance for non-negative doubles. Storage
/// is allocated on the first append, so a queue of many buckets costs little until used.
/// Its queue calls `free()` once.
struct QueueBucket {
    struct Entry {
        var key: UInt64
        var node: Int32
    }

    /// Entries 0..<count are live; the rest is spare capacity.
    private(set) var entries = UnsafeMutableBufferPointer<Entry>(start: nil, count: 0)
    /// Entries held; a queue lowers it to pop from the end or to empty the bucket.
    var count = 0

    /// Room for `capacity` entries now (0: on the first append).
    init(capacity: Int = 0) {
        if capacity > 0 { entries = .allocate(capacity: capacity) }
    }

    func free() { entries.deallocate() }

    @inline(__always)
    mutating func append(_ entry: Entry) {
        if count == entries.count { grow() }
        entries[count] = entry
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutableBufferPointer<Entry>.allocate(capacity: max(8, 2 * entries.count))
        if count > 0 { _ = bigger.moveInitialize(fromContentsOf: entries[0..<count]) }
        entries.deallocate()
        entries = bigger
    }
}
