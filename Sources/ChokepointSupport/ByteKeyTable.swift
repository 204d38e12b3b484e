/// A hash table from byte strings to dense integer ids, for interning the node and edge ids
/// of large CSV files without building a Swift `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two slot array; keys are stored once,
/// back to back, in one byte buffer. Hashing is FNV-1a (Fowler, Noll, Vo), which is simple
/// and good enough for short ids. Used only at load time.
public struct ByteKeyTable {
    private var slots: [Int32]
    private var mask: Int
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int] = [0]
    public private(set) var count = 0

    public init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStart[Int(id)], end = keyStart[Int(id) + 1]
        guard end - start == key.count else { return false }
        var i = 0
        while i < key.count {
            if keyBytes[start + i] != key[i] { return false }
            i += 1
        }
        return true
    }

    /// The id of `key`, or nil if it was never inserted.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(key) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Inserts `key` with the next id; returns that id and whether it was new.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = Self.hash(key) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if equals(id, key) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        slots[slot] = id
        keyBytes.append(contentsOf: key)
        keyStart.append(keyBytes.count)
        count += 1
        return (id, true)
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<count {
            let range = keyStart[id]..<keyStart[id + 1]
            let h = keyBytes[range].withUnsafeBufferPointer { Self.hash($0) }
            var slot = h & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
