import GridModel
import GridNetwork
import PowerFlow

/// The solved state of a grid, by element key: what a baseline stores and what a results diff compares.
public struct ResultSnapshot: Sendable, Equatable {
    public struct BusState: Sendable, Equatable {
        public var magnitudePU: Double
        public var angleDegrees: Double
    }

    public struct BranchState: Sendable, Equatable {
        public var fromMW: Double
        public var fromMvar: Double
        public var toMW: Double
        public var toMvar: Double
        /// % of RATE_A, nil where RATE_A is 0.
        public var loadingPercent: Double?
    }

    public struct GeneratorState: Sendable, Equatable {
        public var activeMW: Double
        public var reactiveMvar: Double
    }

    /// A limit violation, identified by its kind and element.
    public struct Violation: Sendable, Equatable, Hashable {
        public var kind: String
        public var element: String
        public var value: Double
        public var limit: Double
        public var unit: String

        public static func == (a: Violation, b: Violation) -> Bool { a.kind == b.kind && a.element == b.element }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            hasher.combine(element)
        }
    }

    public var converged: Bool
    public var iterations: Int
    public var lossesMW: Double
    public var buses: [Int: BusState]
    public var branches: [BranchKey: BranchState]
    public var generators: [GeneratorKey: GeneratorState]
    public var violations: [Violation]
    /// N-1 results, when the contingency analysis was run.
    public var contingencies: [ContingencyOutcome]?

    public init(
        converged: Bool, iterations: Int, lossesMW: Double, buses: [Int: BusState], branches: [BranchKey: BranchState],
        generators: [GeneratorKey: GeneratorState], violations: [Violation], contingencies: [ContingencyOutcome]? = nil
    ) {
        self.converged = converged
        self.iterations = iterations
        self.lossesMW = lossesMW
        self.buses = buses
        self.branches = branches
        self.generators = generators
        self.violations = violations
        self.contingencies = contingencies
    }

    /// The snapshot of a power-flow report.
    public init(report: PowerFlowReport) {
        let solution = report.solution
        let grid = solution.grid
        let magnitudes = solution.magnitudesPU, angles = solution.anglesDegrees
        var buses: [Int: BusState] = [:]
        for (b, bus) in grid.buses.enumerated() {
            buses[bus.id] = BusState(magnitudePU: magnitudes[b], angleDegrees: angles[b])
        }
        var branches: [BranchKey: BranchState] = [:]
        for (k, key) in BranchKey.keys(of: grid).enumerated() {
            let flow = solution.branches[k]
            branches[key] = BranchState(
                fromMW: flow.fromMW, fromMvar: flow.fromMvar, toMW: flow.toMW, toMvar: flow.toMvar,
                loadingPercent: flow.loadingPercent)
        }
        var generators: [GeneratorKey: GeneratorState] = [:]
        for (g, key) in GeneratorKey.keys(of: grid).enumerated() {
            generators[key] = GeneratorState(activeMW: solution.generators[g].activeMW, reactiveMvar: solution.generators[g].reactiveMvar)
        }
        self.init(
            converged: report.converged, iterations: report.outcome.iterations, lossesMW: solution.lossesMW,
            buses: buses, branches: branches, generators: generators,
            violations: solution.violations.map {
                Violation(kind: $0.kind.rawValue, element: $0.element, value: $0.value, limit: $0.limit, unit: $0.unit)
            })
    }
}

/// A grid with its solved state: one side of a diff.
public struct GridSnapshot: Sendable {
    public var grid: Grid
    public var results: ResultSnapshot

    public init(grid: Grid, results: ResultSnapshot) {
        self.grid = grid
        self.results = results
    }

    /// Solves `grid` (Newton-Raphson, MATPOWER's defaults with the fallbacks) and, with `contingencies`, runs N-1.
    public static func solving(_ grid: Grid, contingencies: ContingencyOptions? = nil) async throws -> GridSnapshot {
        let report = try PowerFlowStudy.run(grid)
        var results = ResultSnapshot(report: report)
        if let contingencies, report.converged {
            results.contingencies = try await ContingencyAnalysis.run(grid, options: contingencies).outcomes
        }
        return GridSnapshot(grid: grid, results: results)
    }
}
