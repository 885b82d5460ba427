import Yams

/// A place in a scenario's YAML named by a key path: keys joined by dots, a list entry by its `name` or its 0-based
/// position in brackets — `renewables[wind-north-10].capacity_mw`, `storage[0].energy_mwh`, `dispatch.window`.
/// Setting a value there adds the last key to its mapping when it is missing; everything before it must exist.
struct ScenarioNodePath: CustomStringConvertible {
    /// One step: a mapping key, then an optional list selector.
    enum Step: Equatable {
        case key(String)
        case named(String)
        case position(Int)
    }

    let steps: [Step]
    let description: String

    /// Parses `text`; nil when it is not a key path.
    init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let key = rest.prefix { $0 != "[" }
            guard !key.isEmpty else { return nil }
            steps.append(.key(String(key)))
            rest = rest.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                guard !inside.isEmpty else { return nil }
                steps.append(Int(inside).map { .position($0) } ?? .named(String(inside)))
                rest = rest[rest.index(after: close)...]
            }
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
        description = text
    }

    /// `root` with `value` at this path; the reason when the path does not lead anywhere.
    func setting(_ value: Node, in root: Node) throws(Problem) -> Node {
        try Self.set(value, at: steps[...], in: root)
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    private static func set(_ value: Node, at steps: ArraySlice<Step>, in node: Node) throws(Problem) -> Node {
        guard let step = steps.first else { return value }
        var node = node
        switch step {
        case .key(let key):
            guard node.mapping != nil else { throw Problem(description: "'\(key)' is not inside a mapping") }
            guard let child = node[key] else {
                guard steps.count == 1 else { throw Problem(description: "the scenario has no '\(key)'") }
                node[key] = value
                return node
            }
            node[key] = try set(value, at: steps.dropFirst(), in: child)
        case .named(let name):
            guard let entries = node.sequence else { throw Problem(description: "[\(name)] selects from a list, this is not one") }
            guard let position = entries.firstIndex(where: { $0["name"]?.string == name }) else {
                throw Problem(description: "no entry named '\(name)'")
            }
            node[position] = try set(value, at: steps.dropFirst(), in: entries[position])
        case .position(let position):
            guard let entries = node.sequence else { throw Problem(description: "[\(position)] selects from a list, this is not one") }
            guard entries.indices.contains(position) else {
                throw Problem(description: "the list has \(entries.count) entries, [\(position)] is not one")
            }
            node[position] = try set(value, at: steps.dropFirst(), in: entries[position])
        }
        return node
    }
}
