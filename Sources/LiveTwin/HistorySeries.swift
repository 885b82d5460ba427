import Foundation
import GridModel

/// One quantity's history, as `GET /v1/history?series=` names it: `bus:ID:vm` (p.u.) or `bus:ID:va` (degrees), or
/// `branch:ROW:p_from_mw`, `q_from_mvar`, `p_to_mw`, `q_to_mvar`, `loading_percent` (ROW the 1-based branch row).
public struct HistorySeries: Sendable, Equatable {
    /// Where the value sits in a stored estimate (a JSON path) and its unit.
    public let jsonPath: String
    public let unit: String

    /// The path as keys and array positions (`$.buses[3].vmPu` → `["buses", "3", "vmPu"]`), as PostgreSQL's `#>>` takes it.
    public var pathComponents: [String] {
        jsonPath.dropFirst(2).replacingOccurrences(of: "]", with: "").split(whereSeparator: { $0 == "." || $0 == "[" }).map(String.init)
    }

    /// Parses `text` against `grid`; nil with a reason when it names nothing.
    public static func parse(_ text: String, grid: Grid) -> Result<HistorySeries, HistorySeries.Problem> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let number = Int(parts[1]) else {
            return .failure(Problem(description: "series: '\(text)' is not bus:ID:QUANTITY or branch:ROW:QUANTITY"))
        }
        switch parts[0] {
        case "bus":
            guard let position = grid.buses.firstIndex(where: { $0.id == number }) else {
                return .failure(Problem(description: "series: bus \(number) does not exist"))
            }
            let fields = ["vm": ("vmPu", "p.u."), "va": ("vaDeg", "degrees")]
            guard let (field, unit) = fields[parts[2]] else {
                return .failure(Problem(description: "series: '\(parts[2])' is not vm or va"))
            }
            return .success(HistorySeries(jsonPath: "$.buses[\(position)].\(field)", unit: unit))
        case "branch":
            guard let k = grid.branchIndex(row: number), grid.branches[k].inService else {
                return .failure(Problem(description: "series: branch row \(number) does not exist or is out of service"))
            }
            // The stored state lists in-service branches only.
            let position = grid.branches[..<k].filter(\.inService).count
            let fields = [
                "p_from_mw": ("pFromMW", "MW"), "q_from_mvar": ("qFromMvar", "Mvar"), "p_to_mw": ("pToMW", "MW"),
                "q_to_mvar": ("qToMvar", "Mvar"), "loading_percent": ("loadingPercent", "%"),
            ]
            guard let (field, unit) = fields[parts[2]] else {
                return .failure(Problem(description: "series: '\(parts[2])' is not one of \(fields.keys.sorted().joined(separator: ", "))"))
            }
            return .success(HistorySeries(jsonPath: "$.branches[\(position)].\(field)", unit: unit))
        default:
            return .failure(Problem(description: "series: '\(parts[0])' is not bus or branch"))
        }
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }
}
