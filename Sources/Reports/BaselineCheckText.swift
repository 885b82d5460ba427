import Foundation
import Studies

/// `baseline check --list`: one row per grid checked against its baseline — whether anything moved beyond tolerance
/// and how much — as the JSON one run prints (`--format json`), a shard's file (`--shard I/N --out`) and the merge of
/// shard files.
public enum BaselineCheckText {
    /// The format tag of a shard file.
    public static let shardFormat = "gridtwin-baseline-check-shard-1"

    /// One grid's check (paths as the list gives them).
    public struct Row: Codable, Equatable {
        var grid: String
        var baseline: String
        /// Anything beyond tolerance.
        public private(set) var changed: Bool
        var modelChanges: Int
        var resultChanges: Int
        var violationsAppeared: Int
        var violationsCleared: Int
        var securityChanges: Int

        public init(grid: String, baseline: String, diff: GridDiff) {
            self.grid = grid
            self.baseline = baseline
            changed = diff.hasChanges
            modelChanges = diff.modelChanges.count
            resultChanges = diff.resultChanges.count
            violationsAppeared = diff.violationsAppeared.count
            violationsCleared = diff.violationsCleared.count
            securityChanges = diff.securityChanges.count
        }

        /// One line: the pair and what moved.
        public var line: String {
            guard changed else { return "\(grid) against \(baseline): unchanged" }
            return "\(grid) against \(baseline): CHANGED (\(modelChanges) model, \(resultChanges) results, \(violationsAppeared) violations appeared, "
                + "\(violationsCleared) cleared, \(securityChanges) N-1)"
        }
    }

    /// The rows of one run, in the list's order.
    public static func json(_ rows: [Row]) throws -> String { try ReportJSON.text(rows) }

    /// A shard's file: its rows with their `ranks` (positions in the list of `total` pairs), which part it is, the
    /// hashes of the `inputs`, the check's `options` and the `version` that wrote it.
    public static func shardJSON(
        _ rows: [Row], ranks: [Int], shard: StudyShard, total: Int, inputs: [String: String], options: String, version: String
    ) throws -> String {
        try RankedShardFile.text(
            rows: rows, ranks: ranks, format: shardFormat, shard: shard, total: total, inputs: inputs, options: options,
            version: version)
    }

    /// Whether `data` is a baseline-check shard file (by its format tag).
    public static func isShard(_ data: Data) -> Bool { RankedShardFile<Row>.isShard(data, format: shardFormat) }

    /// Merges the shard files `parts` (path and contents) into the rows one unsharded run prints.
    public static func merge(_ parts: [(path: String, data: Data)]) throws(ShardMergeFailure) -> String {
        try RankedShardFile<Row>.merge(parts, format: shardFormat, kind: "baseline-check")
    }
}
