import ArgumentParser
import ChokepointGeo

/// A coordinate typed on the command line as `X,Y` (longitude,latitude for geographic CRSs).
struct CoordinateArgument: ExpressibleByArgument {
    let coordinate: Coordinate

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let x = Double(parts[0].trimmingCharacters(in: .whitespaces)),
            let y = Double(parts[1].trimmingCharacters(in: .whitespaces)),
            x.isFinite, y.isFinite
        else { return nil }
        coordinate = Coordinate(x: x, y: y)
    }

    static var defaultValueDescription: String { "x,y" }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var s = self
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return s
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
