import Foundation
/// A seizure's date as precise as its report: a day, a month or a year, or the day of the
/// report when the event came "last week". Comparisons use the first and last day the date
/// can mean, counted from 1970-01-01 (proleptic Gregorian), so "2024-03" and "2024-03-15"
/// overlap and a merge window can be checked without guessing a day.
public struct SeizureDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: String, Sendable, Hashable, CaseIterable {
        case day, month, year
        /// The report's date; the event was on or up to `reportLagDays` before it.
        case report
    }

    /// Days a "report" date may trail the event it reports.
    public static let reportLagDays = 14

    public let text: String
    public let precision: Precision
    /// First and last day the date can mean (days since 1970-01-01).
    public let firstDay: Int
    public let lastDay: Int

    /// Parses YYYY, YYYY-MM or YYYY-MM-DD; `precision` defaults to the form's own. Nil when
    /// the date is impossible or the precision does not fit it.
    public init?(_ text: String, precision given: String = "") {
        guard let (year, month, day) = Self.isoParts(text), year <= 2100 else { return nil }
        let natural: Precision = day != nil ? .day : month != nil ? .month : .year
        let precision: Precision
        if given.isEmpty {
            precision = natural
        } else {
            guard let p = Precision(rawValue: given), p == natural || (p == .report && natural == .day) else { return nil }
            precision = p
        }
        self.text = text
        self.precision = precision
        switch (month, day) {
        case let (m?, d?):
            let d0 = Self.dayNumber(year: year, month: m, day: d)
            firstDay = precision == .report ? d0 - Self.reportLagDays : d0
            lastDay = d0
        case let (m?, nil):
            firstDay = Self.dayNumber(year: year, month: m, day: 1)
            lastDay = Self.dayNumber(year: year, month: m, day: Self.daysIn(month: m, year: year))
        default:
            firstDay = Self.dayNumber(year: year, month: 1, day: 1)
            lastDay = Self.dayNumber(year: year, month: 12, day: 31)
        }
    }

    public var description: String { precision == .report ? "\(text) (report)" : text }

    /// Days between the nearest days the two dates can mean; 0 when they overlap.
    public func gap(to other: SeizureDate) -> Int {
        if lastDay < other.firstDay { return other.firstDay - lastDay }
        if other.lastDay < firstDay { return firstDay - other.lastDay }
        return 0
    }

    /// The middle day, for time decay.
    public var midDay: Double { Double(firstDay + lastDay) / 2 }

    public static func < (a: SeizureDate, b: SeizureDate) -> Bool { (a.firstDay, a.lastDay, a.text) < (b.firstDay, b.lastDay, b.text) }

    /// YYYY (1900 or later), YYYY-MM or YYYY-MM-DD with a real day, digits only; read on
    /// the UTF-8 bytes, since every seizure row's date is parsed twice (checked, then read).
    static func isoParts(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        let b = text.utf8
        let n = b.count
        guard n == 4 || n == 7 || n == 10 else { return nil }
        var year = 0, month = 0, day = 0
        for (k, c) in b.enumerated() {
            if k == 4 || k == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
            let digit = Int(c - UInt8(ascii: "0"))
            if k < 4 { year = year * 10 + digit } else if k < 7 { month = month * 10 + digit } else { day = day * 10 + digit }
        }
        guard year >= 1900 else { return nil }
        if n == 4 { return (year, nil, nil) }
        guard (1...12).contains(month) else { return nil }
        if n == 7 { return (year, month, nil) }
        guard (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// YYYY-MM-DD for a day number (Hinnant's civil_from_days).
    public static func isoDate(dayNumber days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
