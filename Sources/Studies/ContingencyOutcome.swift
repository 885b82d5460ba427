import GridModel
/// The outage a contingency takes out.
public enum OutageElement: Hashable, Sendable, Comparable, CustomStringConvertible {
    case branch(BranchKey)
    case generator(GeneratorKey)
    /// A contingency of a change table (`contingency --changes`), by its label.
    case labeled(Int)
    /// Two branches out at once (`contingency --n-2`).
    case branchPair(BranchKey, BranchKey)
    /// A branch and a generator out at once (`contingency --n-2 --generators`).
    case branchAndGenerator(BranchKey, GeneratorKey)
    /// Two generators out at once (`contingency --n-2 --generators`).
    case generatorPair(GeneratorKey, GeneratorKey)

    public var description: String {
        switch self {
        case .branch(let key): return "branch \(key)"
        case .generator(let key): return key.description
        case .labeled(let label): return "contingency \(label)"
        case .branchPair(let a, let b): return "branches \(a) and \(b)"
        case .branchAndGenerator(let a, let g): return "branch \(a) and \(g)"
        case .generatorPair(let g, let h): return "\(g) and \(h)"
        }
    }

    /// Branches first, then generators, then labelled contingencies, then pairs.
    private var kindOrder: Int {
        switch self {
        case .branch: 0
        case .generator: 1
        case .labeled: 2
        case .branchPair: 3
        case .branchAndGenerator: 4
        case .generatorPair: 5
        }
    }

    public static func < (a: OutageElement, b: OutageElement) -> Bool {
        switch (a, b) {
        case (.branch(let x), .branch(let y)): return x < y
        case (.generator(let x), .generator(let y)): return x < y
        case (.labeled(let x), .labeled(let y)): return x < y
        case (.branchPair(let a, let b), .branchPair(let c, let d)): return (a, b) < (c, d)
        case (.branchAndGenerator(let a, let g), .branchAndGenerator(let c, let h)): return (a, g) < (c, h)
        case (.generatorPair(let g, let h), .generatorPair(let i, let j)): return (g, h) < (i, j)
        default: return a.kindOrder < b.kindOrder
        }
    }
}

/// The post-contingency state of one outage.
public struct ContingencyOutcome: Sendable, Equatable {
    public struct Overload: Sendable, Equatable {
        public var branch: BranchKey
        /// Post-contingency loading, % of RATE_A.
        public var loadingPercent: Double
    }

    public struct VoltageViolation: Sendable, Equatable {
        public var bus: Int
        public var magnitudePU: Double
        /// The limit crossed (VMAX or VMIN), p.u.
        public var limitPU: Double
    }

    public var outage: OutageElement
    public var converged: Bool
    public var iterations: Int
    /// Buses cut off (de-energized) by the outage, and their load.
    public var busesLost: [Int]
    public var loadLostMW: Double
    public var overloads: [Overload]
    public var voltageViolations: [VoltageViolation]
    /// Largest branch loading (% of RATE_A) and the voltage range after the outage.
    public var maximumLoadingPercent: Double?
    public var minimumVoltagePU: Double?
    public var maximumVoltagePU: Double?

    public init(
        outage: OutageElement, converged: Bool, iterations: Int, busesLost: [Int] = [], loadLostMW: Double = 0,
        overloads: [Overload] = [], voltageViolations: [VoltageViolation] = [], maximumLoadingPercent: Double? = nil,
        minimumVoltagePU: Double? = nil, maximumVoltagePU: Double? = nil
    ) {
        self.outage = outage
        self.converged = converged
        self.iterations = iterations
        self.busesLost = busesLost
        self.loadLostMW = loadLostMW
        self.overloads = overloads
        self.voltageViolations = voltageViolations
        self.maximumLoadingPercent = maximumLoadingPercent
        self.minimumVoltagePU = minimumVoltagePU
        self.maximumVoltagePU = maximumVoltagePU
    }

    /// Whether the outage leaves the grid secure: converged, nothing lost, no overload, no voltage violation.
    public var isSecure: Bool { converged && busesLost.isEmpty && overloads.isEmpty && voltageViolations.isEmpty }

    /// A ranking score: a non-converged outage first, then lost load, then overload and voltage excess.
    public var severity: Double {
        if !converged { return 1e12 }
        let overload = overloads.reduce(0) { $0 + ($1.loadingPercent - 100) }
        let voltage = voltageViolations.reduce(0) { $0 + abs($1.magnitudePU - $1.limitPU) * 1000 }
        return loadLostMW * 1000 + overload + voltage
    }
}
