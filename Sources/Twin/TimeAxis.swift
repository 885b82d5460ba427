import Foundation

/// Naive wall-clock times (no time zone) as minutes since 1970-01-01 00:00, and step lengths.
public enum TimeAxis {
    /// Parses `2016-01-01T00:00`, `2016-01-01 00:00`, `2016-01-01T00:00:00` or `01.01.2016 00:00`.
    public static func minutes(from text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var year = 0, month = 0, day = 0, hour = 0, minute = 0
        let digits = t.split(whereSeparator: { !$0.isNumber }).map { Int($0) }
        guard digits.count >= 5, digits.allSatisfy({ $0 != nil }) else { return nil }
        let numbers = digits.map { $0! }
        if t.count >= 10 && t[t.index(t.startIndex, offsetBy: 4)] == "-" {
            (year, month, day, hour, minute) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
        } else if t.count >= 10 && t[t.index(t.startIndex, offsetBy: 2)] == "." {
            (day, month, year, hour, minute) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
        } else {
            return nil
        }
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute)
        else {
            return nil
        }
        return daysFromCivil(year: year, month: month, day: day) * 1440 + hour * 60 + minute
    }

    /// The longest step, minutes (366 days).
    public static let maximumStepMinutes = 366 * 1440

    /// `15min`, `30min`, `1h`, `2h`, `1d`, `90s`-free minute counts, up to ``maximumStepMinutes``.
    public static func stepMinutes(from text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let number = Int(t.prefix { $0.isNumber }) ?? (t.first?.isLetter == true ? 1 : nil)
        guard let number, number > 0, number <= maximumStepMinutes else { return nil }
        let unit = t.drop { $0.isNumber }.trimmingCharacters(in: .whitespaces)
        let minutes: Int
        switch unit {
        case "min", "m", "minute", "minutes": minutes = number
        case "h", "hour", "hours": minutes = number * 60
        case "d", "day", "days": minutes = number * 1440
        default: return nil
        }
        return minutes <= maximumStepMinutes ? minutes : nil
    }

    /// ISO 8601 text of a minute count (`2016-01-01T00:00`).
    public static func text(minutes: Int) -> String {
        let days = Int((Double(minutes) / 1440).rounded(.down))
        let rest = minutes - days * 1440
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04d-%02d-%02dT%02d:%02d", y, m, d, rest / 60, rest % 60)
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (y + (m <= 2 ? 1 : 0), m, d)
    }
}
