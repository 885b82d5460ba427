import Foundation
import Studies

/// Hosting capacity as JSON: the rows one run prints (`--format json`), a shard's file (`--shard I/N --out`), and
/// the merge of a study's shard files into exactly the rows one run prints.
public enum HostingCapacityText {
    /// The format tag of a shard file.
    public static let shardFormat = "gridtwin-hosting-capacity-shard-1"

    /// One bus's result.
    struct Row: Codable, Equatable {
        var bus: Int
        var capacityMw: Double
        var limit: String?

        init(_ result: HostingCapacity.BusCapacity) {
            bus = result.bus
            capacityMw = result.capacityMW
            limit = result.limit
        }
    }

    /// The rows of one run, in the order of its buses.
    public static func json(_ results: [HostingCapacity.BusCapacity]) throws -> String {
        try ReportJSON.text(results.map(Row.init))
    }

    /// A shard's file: its results with each bus's `ranks` (position among all `busesTotal` buses of the study), which
    /// part it is, the hashes of the `inputs`, the study's `options` and the `version` that wrote it.
    public static func shardJSON(
        _ results: [HostingCapacity.BusCapacity], ranks: [Int], shard: StudyShard, busesTotal: Int, inputs: [String: String],
        options: String, version: String
    ) throws -> String {
        try RankedShardFile.text(
            rows: results.map(Row.init), ranks: ranks, format: shardFormat, shard: shard, total: busesTotal, inputs: inputs,
            options: options, version: version)
    }

    /// Whether `data` is a hosting-capacity shard file (by its format tag).
    public static func isShard(_ data: Data) -> Bool { RankedShardFile<Row>.isShard(data, format: shardFormat) }

    /// Merges the shard files `parts` (path and contents) into the rows one unsharded run prints.
    public static func merge(_ parts: [(path: String, data: Data)]) throws(ShardMergeFailure) -> String {
        try RankedShardFile<Row>.merge(parts, format: shardFormat, kind: "hosting-capacity")
    }
}
