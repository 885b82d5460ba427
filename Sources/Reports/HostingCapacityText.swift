import Foundation
import Studies

/// Hosting capacity as JSON: the rows one run prints (`--format json`), a shard's file (`--shard I/N --out`), and
/// the merge of a study's shard files into exactly the rows one run prints.
public enum HostingCapacityText {
    /// The format tag of a shard file.
    public static let shardFormat = "gridtwin-hosting-capacity-shard-1"

    /// One bus's result (`rank`: its position in the study's bus order, in shard files only).
    struct Row: Codable, Equatable {
        var bus: Int
        var capacityMw: Double
        var limit: String?
        var rank: Int?
    }

    /// A shard file.
    struct ShardDocument: Codable {
        struct Shard: Codable { var index: Int; var count: Int }
        var format: String
        var shard: Shard
        var inputs: [String: String]
        var version: String
        /// The study's settings (resolution, maximum, N-1) and its number of buses.
        var options: String
        var busesTotal: Int
        var buses: [Row]
    }

    /// The rows of one run, in the order of its buses.
    public static func json(_ results: [HostingCapacity.BusCapacity]) throws -> String {
        try ReportJSON.text(results.map { Row(bus: $0.bus, capacityMw: $0.capacityMW, limit: $0.limit) })
    }

    /// A shard's file: its results with each bus's `ranks` (position among all `busesTotal` buses of the study), which
    /// part it is, the hashes of the `inputs`, the study's `options` and the `version` that wrote it.
    public static func shardJSON(
        _ results: [HostingCapacity.BusCapacity], ranks: [Int], shard: StudyShard, busesTotal: Int, inputs: [String: String],
        options: String, version: String
    ) throws -> String {
        precondition(ranks.count == results.count, "one rank per result")
        let rows = zip(results, ranks).map { Row(bus: $0.bus, capacityMw: $0.capacityMW, limit: $0.limit, rank: $1) }
        return try ReportJSON.text(ShardDocument(
            format: shardFormat, shard: .init(index: shard.index, count: shard.count), inputs: inputs, version: version,
            options: options, busesTotal: busesTotal, buses: rows))
    }

    /// Whether `data` is a hosting-capacity shard file (by its format tag).
    public static func isShard(_ data: Data) -> Bool {
        struct Tag: Decodable { var format: String? }
        return (try? JSONDecoder().decode(Tag.self, from: data))?.format == shardFormat
    }

    /// Merges the shard files `parts` (path and contents) into the rows one unsharded run prints.
    public static func merge(_ parts: [(path: String, data: Data)]) throws(ShardMergeFailure) -> String {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var documents: [(path: String, document: ShardDocument)] = []
        for part in parts {
            guard let document = try? decoder.decode(ShardDocument.self, from: part.data), document.format == shardFormat else {
                throw ShardMergeFailure(description: "\(part.path): not a hosting-capacity shard file (\(shardFormat))")
            }
            documents.append((part.path, document))
        }
        try ShardSetCheck.check(documents.map { path, document in
            ShardSetCheck.Part(
                path: path, index: document.shard.index, count: document.shard.count,
                study: ShardSetCheck.study(
                    inputs: document.inputs, version: document.version, "\(document.options), \(document.busesTotal) buses"))
        })
        var rows = documents.flatMap(\.document.buses)
        let total = documents[0].document.busesTotal
        guard rows.count == total, Set(rows.compactMap(\.rank)).count == total else {
            throw ShardMergeFailure(description: "the shards hold \(rows.count) buses, the study has \(total)")
        }
        rows.sort { ($0.rank ?? 0) < ($1.rank ?? 0) }
        for i in rows.indices { rows[i].rank = nil }
        do {
            return try ReportJSON.text(rows)
        } catch {
            throw ShardMergeFailure(description: "cannot write the merged result: \(error)")
        }
    }
}
