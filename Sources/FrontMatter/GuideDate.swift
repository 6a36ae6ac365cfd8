import Diagnostics
import Foundation

/// A calendar day (no time, no time zone), as written in front matter: `2026-11-28`.
public struct GuideDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= GuideDate.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public static func today() -> GuideDate { GuideDate(Date()) }

    public var description: String { zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }

    /// "28 November 2026": unambiguous for readers in every country.

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// Why `text`, written as YYYY-MM-DD, is no day of the calendar ("February 2026 has 28 days");
    /// nil when it is one, or is not written that way (the caller then shows the text).
    public static func whyNotADay(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        return whyNot(parts)
    }

    /// The same for YYYY-MM-DD or YYYY-MM.
    static func whyNot(_ parts: [Substring]) -> String? {
        guard (2...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy { "0"..."9" ~= $0 } }), let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        guard parts.count == 3, let day = Int(parts[2]) else { return nil }
        let days = GuideDate.days(inMonth: month, year: year)
        if day == 0 { return "there is no day 0" }
        return day > days ? "\(monthNames[month - 1]) \(year) has \(days) days" : nil
    }

    /// The same day `months` later (clamped to the month's last day).
    public func adding(months: Int) -> GuideDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12, newMonth = total % 12 + 1
        let newDay = min(day, GuideDate.days(inMonth: newMonth, year: newYear))
        return GuideDate(String(format: "%04d-%02d-%02d", newYear, newMonth, newDay))!
    }

    public static func < (lhs: GuideDate, rhs: GuideDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// When the FDA approved something, as precisely as a source confirms it: a day, a month or a
/// year; `by 1996-01` when a source only shows it was approved by then (an old report of it).
public struct ApprovalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?
    /// True for `by …`: approved on or before this date, exact date unknown.
    public let isLatest: Bool

    /// `2025-12-15`, `2025-12`, `2025`, or any of them after `by `.
    public init?(_ text: String) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        isLatest = trimmed.hasPrefix("by ")
        if isLatest { trimmed = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), year >= 1900 else { return nil }
        if parts.count == 3 {
            guard let date = GuideDate(trimmed) else { return nil }
            (self.year, month, day) = (date.year, date.month, date.day)
            return
        }
        if parts.count == 2 {
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            (self.year, self.month, day) = (year, month, nil)
            return
        }
        (self.year, month, day) = (year, nil, nil)
    }

    /// Why `text` is no approval date when it looks like one ("there is no month 13"); nil otherwise.
    public static func whyNotADate(_ text: String) -> String? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("by ") { trimmed = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        return GuideDate.whyNot(trimmed.split(separator: "-", omittingEmptySubsequences: false))
    }

    /// The date as written, without `by `: for `datetime` attributes and sorting.
    public var description: String {
        var text = zeroPadded(year, 4)
        if let month { text += "-" + zeroPadded(month, 2) }
        if let day { text += "-" + zeroPadded(day, 2) }
        return text
    }

    /// As written in front matter, `by ` included.
    public var written: String { (isLatest ? "by " : "") + description }

    /// The first day it can mean, for comparing with review dates.
    public var earliestDay: GuideDate { GuideDate(String(format: "%04d-%02d-%02d", year, month ?? 1, day ?? 1))! }

    public static func < (lhs: ApprovalDate, rhs: ApprovalDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }
}

/// `value` in at least `width` characters, as `%0<width>d` writes it: Foundation's formatter was
/// most of the cost of the dates on a page, and every page shows some.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let sign = value < 0 ? "-" : ""
    return sign + String(repeating: "0", count: max(0, width - digits.count - sign.count)) + digits
}
