import Foundation

/// Fixed-precision number formatting for reports.
enum NumberFormatting {
    /// `value` with `decimals` digits after the point; `-` for nil, `nan`/`inf` spelled out.
    static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value else { return "-" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        let text = String(format: "%.\(decimals)f", value)
        return text == "-" + String(format: "%.\(decimals)f", 0.0) ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// Scientific notation with 2 significant decimals, for mismatches.
    static func scientific(_ value: Double) -> String { String(format: "%.2e", value) }
}

/// A plain-text table with right-aligned numeric columns.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (c, cell) in row.enumerated() where cell.count > widths[c] { widths[c] = cell.count }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
