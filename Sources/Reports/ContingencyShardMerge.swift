import Foundation

/// `gridtwin merge`: shard files of one contingency study joined into the result one unsharded run writes (the same
/// JSON apart from timing: wall time and ms per outage are the shards' sums, workers their largest).
public enum ContingencyShardMerge {
    /// A merge that cannot give the unsharded result: a missing, repeated or mismatched shard, or not a shard file.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

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
        guard let first = documents.first else { throw Failure(description: "no shard files given") }
        let count = first.shard.count
        var byIndex: [Int: String] = [:]
        for (path, document, shard) in documents {
            guard shard.count == count else {
                throw Failure(description: "\(path): shard \(shard.index)/\(shard.count) belongs to a study of \(shard.count) shards, \(first.path) to one of \(count)")
            }
            guard document.inputs == first.document.inputs, document.version == first.document.version,
                document.outagesTotal == first.document.outagesTotal, document.skippedByScreening == first.document.skippedByScreening
            else {
                throw Failure(description: "\(path): shard \(shard.index)/\(count) was run on other inputs or another version than \(first.path)")
            }
            if let other = byIndex[shard.index] {
                throw Failure(description: "\(path): shard \(shard.index)/\(count) is given twice (also \(other))")
            }
            byIndex[shard.index] = path
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw Failure(description: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) of the study")
        }
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
