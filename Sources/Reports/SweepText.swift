import Foundation
import Studies

/// A sweep's table: one row per variant — its settings, curtailment, violations and cost — as the JSON one run
/// prints (`--format json`), a shard's file (`--shard I/N --out`), the merge of shard files, and a text table.
public enum SweepText {
    /// The format tag of a shard file.
    public static let shardFormat = "gridtwin-sweep-shard-1"

    /// One parameter's value in a variant, as written in the sweep.
    struct Setting: Codable, Equatable {
        var key: String
        var value: String
    }

    /// One variant's totals (energies in MWh over the counted steps; cost in the grid's cost unit).
    public struct Row: Codable, Equatable {
        /// 1-based, in the order of the combinations.
        var variant: Int
        var settings: [Setting]
        var steps: Int
        var convergedSteps: Int
        var renewableAvailableMwh: Double
        var curtailedMwh: Double
        var curtailmentPercent: Double
        var congestionCurtailedMwh: Double
        var unservedMwh: Double
        var generationCost: Double
        var stepsWithRemainingOverloads: Int
        var stepsWithVoltageViolations: Int
        /// Steps not run as decided (left out of the totals).
        public private(set) var failedSteps: Int

        /// The row of variant `index` (0-based) with these settings and totals.
        public init(index: Int, settings: [(key: String, value: String)], summary: SimulationSummary) {
            variant = index + 1
            self.settings = settings.map { Setting(key: $0.key, value: $0.value) }
            steps = summary.steps
            convergedSteps = summary.convergedSteps
            renewableAvailableMwh = summary.energyMwh.renewableAvailable
            curtailedMwh = summary.energyMwh.curtailed
            curtailmentPercent = summary.curtailmentPercent
            congestionCurtailedMwh = summary.energyMwh.congestionCurtailed
            unservedMwh = summary.energyMwh.unserved
            generationCost = summary.generationCost
            stepsWithRemainingOverloads = summary.violations.stepsWithRemainingOverloads
            stepsWithVoltageViolations = summary.violations.stepsWithVoltageViolations
            failedSteps = summary.violations.failedSteps
        }
    }

    /// The rows of one run, in variant order.
    public static func json(_ rows: [Row]) throws -> String { try ReportJSON.text(rows) }

    /// A shard's file: its rows with each one's rank (0-based variant), which part it is, the hashes of the
    /// `inputs`, the sweep's `options` and the `version` that wrote it.
    public static func shardJSON(
        _ rows: [Row], shard: StudyShard, variantsTotal: Int, inputs: [String: String], options: String, version: String
    ) throws -> String {
        try RankedShardFile.text(
            rows: rows, ranks: rows.map { $0.variant - 1 }, format: shardFormat, shard: shard, total: variantsTotal,
            inputs: inputs, options: options, version: version)
    }

    /// Whether `data` is a sweep shard file (by its format tag).
    public static func isShard(_ data: Data) -> Bool { RankedShardFile<Row>.isShard(data, format: shardFormat) }

    /// Merges the shard files `parts` (path and contents) into the rows one unsharded run prints.
    public static func merge(_ parts: [(path: String, data: Data)]) throws(ShardMergeFailure) -> String {
        try RankedShardFile<Row>.merge(parts, format: shardFormat, kind: "sweep")
    }

    /// The rows as a text table.
    public static func table(_ rows: [Row]) -> String {
        var lines = ["variant  curtailed MWh  curtailed %  unserved MWh  overload steps  voltage steps  failed  cost  settings"]
        for row in rows {
            lines.append(String(
                format: "%7d  %13.1f  %11.2f  %12.1f  %14d  %13d  %6d  %.0f  ", row.variant, row.curtailedMwh, row.curtailmentPercent,
                row.unservedMwh, row.stepsWithRemainingOverloads, row.stepsWithVoltageViolations, row.failedSteps, row.generationCost)
                + row.settings.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
