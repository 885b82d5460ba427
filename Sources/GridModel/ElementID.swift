/// Which element of a grid (or of a twin) something is about — typed identity, rendered to text only for reports:
/// `bus 12`, `branch 12-16` (`branch 12-16 (#2)` for a second parallel one), `generator at bus 4` (`generator #2 at
/// bus 4`), `plant wind-north`, `storage battery-1`, `grid`. The text reads back (``init(_:)``).
public enum ElementID: Hashable, Sendable, Comparable, CustomStringConvertible {
    case grid
    /// A bus, by number.
    case bus(Int)
    case branch(BranchKey)
    case generator(GeneratorKey)
    /// A renewable plant of a scenario, by name.
    case plant(String)
    /// A storage unit of a scenario, by name.
    case storage(String)

    /// The kind of element, for grouping.
    public enum Kind: String, Sendable, CaseIterable {
        case grid, bus, branch, generator, plant, storage
    }

    public var kind: Kind {
        switch self {
        case .grid: return .grid
        case .bus: return .bus
        case .branch: return .branch
        case .generator: return .generator
        case .plant: return .plant
        case .storage: return .storage
        }
    }

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .bus(let number): return "bus \(number)"
        case .branch(let key): return "branch \(key)"
        case .generator(let key): return key.description
        case .plant(let name): return "plant \(name)"
        case .storage(let name): return "storage \(name)"
        }
    }

    /// The element a text names (the form ``description`` writes), or nil.
    public init?(_ text: String) {
        let words = text.split(separator: " ").map(String.init)
        func number(_ word: String) -> Int? { Int(word) }
        switch words.first {
        case "grid" where words.count == 1:
            self = .grid
        case "bus" where words.count == 2:
            guard let id = number(words[1]) else { return nil }
            self = .bus(id)
        case "branch" where words.count == 2 || words.count == 3:
            let ends = words[1].split(separator: "-", maxSplits: 1).compactMap { Int($0) }
            var order = 1
            if words.count == 3 {
                guard words[2].hasPrefix("(#"), words[2].hasSuffix(")"), let k = Int(words[2].dropFirst(2).dropLast()) else {
                    return nil
                }
                order = k
            }
            guard ends.count == 2 else { return nil }
            self = .branch(BranchKey(from: ends[0], to: ends[1], order: order))
        case "generator":
            // "generator at bus N" or "generator #k at bus N"
            if words.count == 4, words[1] == "at", words[2] == "bus", let bus = number(words[3]) {
                self = .generator(GeneratorKey(bus: bus, order: 1))
            } else if words.count == 5, words[1].hasPrefix("#"), let order = Int(words[1].dropFirst()), words[2] == "at",
                words[3] == "bus", let bus = number(words[4])
            {
                self = .generator(GeneratorKey(bus: bus, order: order))
            } else {
                return nil
            }
        case "plant" where words.count >= 2:
            self = .plant(words.dropFirst().joined(separator: " "))
        case "storage" where words.count >= 2:
            self = .storage(words.dropFirst().joined(separator: " "))
        default:
            return nil
        }
    }

    public static func < (a: ElementID, b: ElementID) -> Bool { a.description < b.description }
}
