import Dispatch
import Foundation

/// Runs independent chunks of work on all cores and combines their partial results in
/// chunk order, so floating-point sums are the same whatever the thread timing.
///
/// The number of chunks is fixed by the caller (not by the core count), so a machine with
/// more cores gives byte-identical results, only sooner.
public enum ParallelChunks {
    /// Splits `0..<count` into `chunks` contiguous ranges.
    public static func ranges(count: Int, chunks: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let k = max(1, min(chunks, count))
        return (0..<k).map { i in (count * i / k)..<(count * (i + 1) / k) }
    }

    /// Runs `body` for each chunk index concurrently and returns the results in chunk order.
    public static func map<T: Sendable>(_ chunks: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = ResultSlots<T>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            results.store(body(i), at: i)
        }
        return results.values()
    }

    public static var defaultChunkCount: Int { 8 }
}

/// One slot per chunk, each written by exactly one thread before `values()` is read.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: T, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
