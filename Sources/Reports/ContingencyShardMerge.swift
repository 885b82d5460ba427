import Foundation

/// `gridtwin merge`: shard files of one contingency study joined into the result one unsharded run writes (the same
/// JSON apart from timing: wall time and ms per outage are the shards' sums, workers their largest).
public enum ContingencyShardMerge {
    /// A merge that cannot give the unsharded result: a missing, repeated or mismatched shard, or not a shard file.
    public typealias Failure = ShardMergeFailure

    /// Merges the shard files `parts` (path and contents).
    public static func merge(_ parts: [(path: String, data: Data)]) throws(Failure) -> String {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var documents: [(path: String, document: ContingencyText.Document, shard: ContingencyText.Document.Shard)] = []
        for part in parts {
            guard let document = try? decoder.decode(ContingencyText.Document.self, from: part.data),
                document.format == ContingencyText.shardFormat, let shard = document.shard
            else {
                throw Failure(description: "\(part.path): not a contingency shard file (\(ContingencyText.shardFormat))")
            }
            documents.append((part.path, document, shard))
        }
        try ShardSetCheck.check(documents.map { path, document, shard in
            ShardSetCheck.Part(
                path: path, index: shard.index, count: shard.count,
                study: ShardSetCheck.study(
                    inputs: document.inputs, version: document.version,
                    "\(document.outagesTotal ?? 0) outages, \(document.skippedByScreening) skipped"))
        })
        let first = documents[0]
        var rows = documents.flatMap(\.document.contingencies)
        guard rows.count == first.document.outagesTotal, Set(rows.compactMap(\.rank)).count == rows.count else {
            throw Failure(description: "the shards hold \(rows.count) outages, the study has \(first.document.outagesTotal ?? 0)")
        }
        // One run's ranking: most severe first, then in outage order.
        rows.sort { ($0.severity, $1.rank ?? 0) > ($1.severity, $0.rank ?? 0) }
        for i in rows.indices { rows[i].rank = nil }
        let wall = documents.reduce(0) { $0 + $1.document.wallSeconds }
        let merged = ContingencyText.Document(
            analyzed: rows.count, skippedByScreening: first.document.skippedByScreening,
            insecure: rows.filter { !$0.secure }.count, wallSeconds: wall,
            msPerOutage: rows.isEmpty ? 0 : wall * 1000 / Double(rows.count),
            workers: documents.map(\.document.workers).max() ?? 1, contingencies: rows)
        do {
            return try ReportJSON.text(merged)
        } catch {
            throw Failure(description: "cannot write the merged result: \(error)")
        }
    }
}
