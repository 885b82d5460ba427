/// A merge of shard files that cannot give the unsharded result: a missing, repeated or mismatched shard, or a file
/// that is not a shard of the kind merged.
public struct ShardMergeFailure: Error, CustomStringConvertible {
    public var description: String
}

/// The checks every merge of a sharded study makes before joining: one study size, the same inputs, options and
/// version in every part, no shard twice, none missing.
enum ShardSetCheck {
    /// One part as read: its file, its shard, and what identifies its study (inputs' hashes, options, version).
    struct Part {
        var path: String
        var index: Int
        var count: Int
        var study: String
    }

    /// A study's identity from a part's inputs' hashes, version and other facts (independent of dictionary order).
    static func study(inputs: [String: String]?, version: String?, _ facts: String) -> String {
        let hashes = (inputs ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return "\(hashes) \(version ?? "") \(facts)"
    }

    static func check(_ parts: [Part]) throws(ShardMergeFailure) {
        guard let first = parts.first else { throw ShardMergeFailure(description: "no shard files given") }
        let count = first.count
        var byIndex: [Int: String] = [:]
        for part in parts {
            guard part.count == count else {
                throw ShardMergeFailure(
                    description: "\(part.path): shard \(part.index)/\(part.count) belongs to a study of \(part.count) shards, \(first.path) to one of \(count)")
            }
            guard part.study == first.study else {
                throw ShardMergeFailure(
                    description: "\(part.path): shard \(part.index)/\(count) was run on other inputs or another version than \(first.path)")
            }
            if let other = byIndex[part.index] {
                throw ShardMergeFailure(description: "\(part.path): shard \(part.index)/\(count) is given twice (also \(other))")
            }
            byIndex[part.index] = part.path
        }
        let missing = (0..<count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw ShardMergeFailure(
                description: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) of the study")
        }
    }
}
