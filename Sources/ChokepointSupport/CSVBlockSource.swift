#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV file read a block at a time, for `CSVReader(streaming:)`: each block holds whole
/// records only, cut after the last line feed outside a quoted field, so a reader never
/// sees a row split between blocks and a 200 MB seizure sheet is never in memory at once.
///
/// A quote toggles "inside a quoted field" as the reader treats it (an escaped `""` toggles
/// twice), so the cut agrees with the reader's own parse. A record longer than a block
/// grows the block until it ends; a quote never closed makes the rest of the file one block,
/// where the reader reports it. Each block is checked as UTF-8 (errors placed at their line
/// and file offset; nothing after a bad byte is read) or transcoded, as the whole file would
/// be. Owns the file descriptor.
final class CSVBlockSource {
    let path: String
    let encoding: TextEncoding
    let blockSize: Int
    let fileSize: Int
    private let descriptor: Int32
    /// Bytes read past the last cut, the start of the next block.
    private var carry: [UInt8] = []
    /// File offset of `carry`'s first byte.
    private var offset = 0
    /// The line `carry` starts on, counting line feeds as the UTF-8 check does (a lone CR,
    /// which the reader also takes as a line end, is not counted: the two must agree with
    /// the whole-file check).
    private var line = 1
    private var atEnd = false

    init(path: String, encoding: TextEncoding, blockSize: Int) throws(InputError) {
        precondition(blockSize > 0)
        (descriptor, fileSize) = try TextEncoding.open(path: path)
        self.path = path
        self.encoding = encoding
        self.blockSize = blockSize
    }

    deinit { close(descriptor) }

    /// Bytes of the file not yet handed out in a block (an estimate's denominator).
    var remaining: Int { max(0, fileSize - offset) }

    /// The next block; empty at the end of the file.
    func next() throws(InputError) -> [UInt8] {
        var block = carry
        carry = []
        var scanned = 0, inQuotes = false
        var cut = 0  // the end of the last whole record seen
        while true {
            block.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                // Hop from quote to quote (memchr); outside quotes, the segment's last line
                // feed is a cut. Rows rarely hold quotes, so this reads each byte about once.
                var i = scanned
                while i < b.count {
                    let q = memchr(base + i, Int32(UInt8(ascii: "\"")), b.count - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? b.count
                    if !inQuotes {
                        var k = q
                        while k > i && b[k - 1] != 0x0A { k -= 1 }
                        if k > i { cut = k }
                    }
                    guard q < b.count else { break }
                    inQuotes.toggle()
                    i = q + 1
                }
            }
            scanned = block.count
            if atEnd {
                cut = block.count
                break
            }
            if cut > 0 && block.count >= blockSize { break }
            var failed = false
            // Read straight onto the end of the block: no chunk to copy.
            let before = block.count
            block.append(contentsOf: repeatElement(0, count: blockSize))
            let n = block.withUnsafeMutableBufferPointer { b -> Int in
                guard let base = b.baseAddress else { return 0 }
                while true {
                    let n = Glibc.read(descriptor, base + before, blockSize)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true }
                    return max(n, 0)
                }
            }
            block.removeLast(blockSize - n)
            if failed { throw TextEncoding.readFailure(path) }
            if n == 0 { atEnd = true }
        }
        if cut < block.count { carry = Array(block[cut...]) }
        block.removeLast(block.count - cut)
        let start = offset, firstLine = line
        offset += cut
        line += block.withUnsafeBufferPointer { b in
            // Branch-free, so the compiler vectorises it.
            var lines = 0
            for byte in b { lines &+= byte == 0x0A ? 1 : 0 }
            return lines
        }
        if encoding == .utf8 {
            do {
                try TextEncoding.checkUTF8(block, file: path, firstLine: firstLine, firstOffset: start)
            } catch {
                // A file that is not UTF-8 is refused from there on, as the whole-file
                // reader refuses all of it: no row after the bad byte is read.
                atEnd = true
                carry = []
                offset = fileSize
                throw error
            }
            return block
        }
        return try encoding.utf8(block, file: path)
    }
}
