import Twin
import Yams

/// The shape of a scenario file — which keys each mapping may hold — derived from ``Scenario``'s own coding keys,
/// so that a typo (`renewabels:`, `sclae:`) is an error that names the key, its line and the nearest known key,
/// never a silently ignored setting.
indirect enum ScenarioKeys: Sendable {
    /// A mapping with these keys.
    case object([String: ScenarioKeys])
    /// A mapping whose keys are data (bus numbers, branch names), each holding this.
    case map(ScenarioKeys)
    /// A sequence of this.
    case list(ScenarioKeys)
    /// A scalar or a flow sequence of scalars.
    case value

    /// The scenario file's shape.
    static let scenario: ScenarioKeys = .object([
        "grid": .value, "profiles": .value,
        "time": .object(keys(Scenario.Time.CodingKeys.self)),
        "loads": .object(keys(Scenario.Loads.CodingKeys.self, ["buses": .map(.object(keys(Scenario.LoadOverride.CodingKeys.self)))])),
        "renewables": .list(.object(keys(Scenario.Renewable.CodingKeys.self))),
        "storage": .list(.object(keys(Scenario.Storage.CodingKeys.self))),
        "dispatch": .object(keys(Scenario.Dispatch.CodingKeys.self, ["units": .map(.object(keys(Scenario.Unit.CodingKeys.self)))])),
        "limits": .object(keys(Scenario.Limits.CodingKeys.self)),
        "ratings": .object(keys(Scenario.Ratings.CodingKeys.self, ["branches": .map(.value)])),
        "shunts": .object(keys(Scenario.Shunts.CodingKeys.self)),
    ])

    /// Most nodes a scenario may hold (a scenario of thousands of plants has tens of thousands).
    static let maximumNodes = 1_000_000

    private static func keys<Keys: CodingKey & CaseIterable>(_ type: Keys.Type, _ nested: [String: ScenarioKeys] = [:])
        -> [String: ScenarioKeys]
    {
        var result: [String: ScenarioKeys] = [:]
        for key in Keys.allCases { result[key.stringValue] = nested[key.stringValue] ?? .value }
        return result
    }

    /// The first key of `node` that this shape does not allow, with its line and a suggestion.
    func check(_ node: Node, file: String) throws(ScenarioError) {
        var visited = 0
        try check(node, path: "", file: file, visited: &visited)
    }

    private func check(_ node: Node, path: String, file: String, visited: inout Int) throws(ScenarioError) {
        visited += 1
        guard visited <= Self.maximumNodes else {
            throw ScenarioError(file: file, key: path, message: "the scenario has more than \(Self.maximumNodes) values")
        }
        let line = node.mark?.line
        switch (self, node) {
        case (.object(let allowed), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else {
                    throw ScenarioError(file: file, line: keyNode.mark?.line, key: path, message: "keys must be names")
                }
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let shape = allowed[key] else {
                    let hint = Self.nearest(key, in: allowed.keys).map { "; did you mean \($0)?" }
                        ?? "; known keys: \(allowed.keys.sorted().joined(separator: ", "))"
                    throw ScenarioError(file: file, line: keyNode.mark?.line, key: keyPath, message: "unknown key\(hint)")
                }
                try shape.check(value, path: keyPath, file: file, visited: &visited)
            }
        case (.map(let shape), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                try shape.check(value, path: "\(path).\(keyNode.string ?? "?")", file: file, visited: &visited)
            }
        case (.list(let shape), .sequence(let sequence)):
            for (index, element) in sequence.enumerated() {
                try shape.check(element, path: "\(path)[\(index)]", file: file, visited: &visited)
            }
        case (.value, .scalar), (.value, .sequence):
            break
        case (_, .alias):
            throw ScenarioError(file: file, line: line, key: path, message: "YAML aliases (*name) are not supported here")
        case (.object, _), (.map, _):
            throw ScenarioError(file: file, line: line, key: path, message: "must be a mapping of keys to values")
        case (.list, _):
            throw ScenarioError(file: file, line: line, key: path, message: "must be a list")
        case (.value, _):
            throw ScenarioError(file: file, line: line, key: path, message: "must be a value, not a mapping")
        }
    }

    /// The known key closest to `key` by edit distance, when it is close enough to be a typo.
    static func nearest(_ key: String, in known: some Sequence<String>) -> String? {
        let scored = known.map { ($0, editDistance(key.lowercased(), $0)) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        guard let (best, distance) = scored, distance <= max(2, best.count / 3) else { return nil }
        return best
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Node {
    /// The node reached by a decoder's coding path (mapping keys and sequence indices), if it exists.
    func descendant(_ path: [CodingKey]) -> Node? {
        var node: Node = self
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let value = node.mapping?[key.stringValue] {
                node = value
            } else {
                return nil
            }
        }
        return node
    }
}
