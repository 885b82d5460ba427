import GridModel
import Foundation

/// The one place where GridTwin turns numbers into text for its reports (tables, CSV, HTML, JUnit): fixed or
/// shortest notation, and never `nan` or `inf` — a value that is not a finite number prints as a stated
/// placeholder.
public enum NumberText {
    /// What text reports print for a value that is not a finite number.
    public static let unavailable = "n/a"

    /// `value` with `decimals` digits after the point (no `-0.00`); `missing` for nil, `nonFinite` for NaN or ±∞.
    public static func fixed(_ value: Double?, _ decimals: Int, missing: String = "-", nonFinite: String = unavailable)
        -> String
    {
        guard let value else { return missing }
        guard value.isFinite else { return nonFinite }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// `value` with an explicit sign and `decimals` digits after the point.
    public static func signed(_ value: Double, _ decimals: Int, nonFinite: String = unavailable) -> String {
        guard value.isFinite else { return nonFinite }
        return String(format: "%+.\(decimals)f", value)
    }

    /// Scientific notation with two decimals (mismatches).
    public static func scientific(_ value: Double, nonFinite: String = unavailable) -> String {
        value.isFinite ? String(format: "%.2e", value) : nonFinite
    }

    /// The shortest text that reads back to the same double; `nonFinite` (empty: an empty CSV field) otherwise.
    public static func shortest(_ value: Double, nonFinite: String = "") -> String {
        value.isFinite ? "\(value)" : nonFinite
    }

    /// An integral value without a decimal point, anything else in shortest form.
    public static func compact(_ value: Double?, missing: String = "-", nonFinite: String = unavailable) -> String {
        guard let value else { return missing }
        guard value.isFinite else { return nonFinite }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
