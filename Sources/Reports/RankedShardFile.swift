import Foundation
import Studies

/// A shard file of a study whose result is a list of rows in a fixed order (hosting capacity per bus, a sweep per
/// variant): the shard's rows with each one's rank (its position in the whole study), which part it is, the inputs'
/// hashes, the study's options and the version that wrote it. ``merge(_:format:kind:)`` joins a study's files into
/// exactly the rows one run prints.
struct RankedShardFile<Row: Codable>: Codable {
    struct Shard: Codable {
        var index: Int
        var count: Int
    }

    var format: String
    var shard: Shard
    var inputs: [String: String]
    var version: String
    var options: String
    /// Rows of the whole study.
    var total: Int
    var ranks: [Int]
    var rows: [Row]

    /// The shard file's text.
    static func text(
        rows: [Row], ranks: [Int], format: String, shard: StudyShard, total: Int, inputs: [String: String], options: String,
        version: String
    ) throws -> String {
        precondition(ranks.count == rows.count, "one rank per row")
        return try ReportJSON.text(RankedShardFile(
            format: format, shard: Shard(index: shard.index, count: shard.count), inputs: inputs, version: version,
            options: options, total: total, ranks: ranks, rows: rows))
    }

    /// Whether `data` is a shard file of this `format`.
    static func isShard(_ data: Data, format: String) -> Bool {
        (try? JSONDecoder().decode(FormatTag.self, from: data))?.format == format
    }

    /// The rows of the shard files `parts` (path and contents) in the study's order, as one run prints them; `kind`
    /// names the study in messages.
    static func merge(_ parts: [(path: String, data: Data)], format: String, kind: String) throws(ShardMergeFailure) -> String {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var files: [(path: String, file: RankedShardFile)] = []
        for part in parts {
            guard let file = try? decoder.decode(RankedShardFile.self, from: part.data), file.format == format,
                file.ranks.count == file.rows.count
            else {
                throw ShardMergeFailure(description: "\(part.path): not a \(kind) shard file (\(format))")
            }
            files.append((part.path, file))
        }
        try ShardSetCheck.check(files.map { path, file in
            ShardSetCheck.Part(
                path: path, index: file.shard.index, count: file.shard.count,
                study: ShardSetCheck.study(inputs: file.inputs, version: file.version, "\(file.options), \(file.total) rows"))
        })
        let total = files[0].file.total
        let ranked = files.flatMap { zip($0.file.ranks, $0.file.rows) }
        guard ranked.count == total, Set(ranked.map(\.0)) == Set(0..<total) else {
            throw ShardMergeFailure(description: "the shards hold \(ranked.count) rows, the study has \(total)")
        }
        do {
            return try ReportJSON.text(ranked.sorted { $0.0 < $1.0 }.map(\.1))
        } catch {
            throw ShardMergeFailure(description: "cannot write the merged result: \(error)")
        }
    }
}

/// The `format` field of a JSON file, if any.
struct FormatTag: Decodable {
    var format: String?
}
