import Foundation
import GridFormats
import GridNetwork
import GridModel
import Numerics
import PowerFlow

/// Settings of an N-1 contingency analysis.
public struct ContingencyOptions: Sendable {
    /// Also outage each in-service generator.
    public var includeGenerators: Bool
    /// Screen branch outages with DC line-outage distribution factors first; only those whose estimated loading
    /// reaches `screeningThresholdPercent` somewhere get an AC solve.
    public var screen: Bool
    public var screeningThresholdPercent: Double
    /// Parallel workers (each with its own solver); 1 runs on the calling task.
    public var workers: Int
    public var newton: NewtonRaphsonOptions
    /// The contingencies of a MATPOWER change table (`contab_*.m`), one per label, instead of the N-1 list; the
    /// file's path names it in errors.
    public var changes: (table: ChangeTable, file: String)?
    /// N-2: every pair of in-service branches out at once instead of the N-1 list (screened like single outages when
    /// `screen` is set; pairs that split the grid are always solved).
    public var pairs = false
    /// Analyze only this shard's part of the outages (``StudyShard/partition(costs:count:)``: an outage that splits
    /// the grid or changes its roles costs about three connected ones).
    public var shard: StudyShard?

    public init(
        includeGenerators: Bool = false, screen: Bool = false, screeningThresholdPercent: Double = 90,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, newton: NewtonRaphsonOptions = NewtonRaphsonOptions()
    ) {
        self.includeGenerators = includeGenerators
        self.screen = screen
        self.screeningThresholdPercent = screeningThresholdPercent
        self.workers = max(1, workers)
        self.newton = newton
    }
}

/// The result of an N-1 analysis.
public struct ContingencyReport: Sendable {
    /// The base case.
    public var base: PowerFlowReport
    /// One outcome per analyzed outage, most severe first.
    public var outcomes: [ContingencyOutcome]
    /// Outages the DC screening found harmless and skipped.
    public var skippedByScreening: Int
    public var wallSeconds: Double
    public var workers: Int
    /// Outages of the whole study (all shards), after screening.
    public var totalOutages = 0
    /// Per outcome: its outage's position in the order of outages (``OutageElement``) over the whole study — the
    /// tie-break of the ranking, so that merged shards rank as one run does.
    public var ranks: [Int] = []
    /// The shard analyzed (nil: the whole study).
    public var shard: StudyShard?
}

/// N-1 contingency analysis: each in-service branch (and, optionally, generator) out in turn, solved by
/// Newton-Raphson warm-started from the base case. An outage is charged with the overloads and voltage violations
/// it causes: a branch already overloaded in the base case counts only when the outage raises its loading by more
/// than 1 percentage point, a bus already outside its band only when its voltage moves by more than 0.01 p.u.
///
/// A branch outage that keeps the grid connected, or that cuts off at most ``deadIslandLimit`` buses without
/// generation, is solved on the base case's factored Jacobian: the branch's admittance is subtracted from Ybus, the
/// Jacobian's change (the rows and columns of its end buses, and of the cut-off buses, whose equations become
/// Δθ = Δ|V| = 0) is a low-rank Woodbury correction, and Broyden's updates carry the iterations — no refactorization
/// (``NewtonRaphsonSolver/solveChord(admittance:injections:start:correction:tolerancePU:maximumIterations:)``).
/// An outage those iterations do not converge quickly is solved by a full Newton-Raphson on the base pattern; the
/// result is the same solution to the tolerance (its `iterations` count the quasi-Newton steps). Other outages that
/// split the grid, and generator outages, are solved on their own (islands found, de-energized buses reported).
/// Independent outages run in parallel, one solver per worker.
public enum ContingencyAnalysis {
    public static func run(_ grid: Grid, options: ContingencyOptions = ContingencyOptions()) async throws -> ContingencyReport {
        let start = Stopwatch.now()
        let engine = try PowerFlowEngine(grid: grid)
        let settings = PowerFlowOptions(newton: options.newton)
        let base = try PowerFlowStudy.run(grid, options: settings, engine: engine)
        guard base.converged else {
            return ContingencyReport(base: base, outcomes: [], skippedByScreening: 0, wallSeconds: Stopwatch.now() - start, workers: 1)
        }
        let network = engine.network
        let branchKeys = BranchKey.keys(of: grid)
        let graph = BusGraph(network: network)
        let bridges = graph.bridges()
        var generationAt = Set<Int>()
        let lookup = grid.busLookup()
        for generator in grid.generators where generator.inService {
            if let b = lookup[generator.bus] { generationAt.insert(b) }
        }
        /// The buses a bridge's outage cuts off when they are few and hold no generation (nil otherwise).
        func deadSide(of k: Int) -> [Int]? {
            guard bridges.contains(k) else { return nil }
            for end in [network.branchEnds[k].to, network.branchEnds[k].from] {
                if let side = graph.buses(reachedFrom: end, avoiding: k, limit: Self.deadIslandLimit) {
                    return side.contains(where: generationAt.contains) ? nil : side
                }
            }
            return nil
        }
        var outages: [Outage] = []
        if let (table, file) = options.changes {
            for label in table.labels {
                // A label that only opens a branch in the model is that branch's outage; any other is applied here
                // first, so that a change the analysis cannot apply stops it before any solve.
                if let k = table.singleBranchOutage(label: label), network.branchAdmittances.indices.contains(k) {
                    let inModel = network.branchAdmittances[k].isInModel
                    outages.append(Outage(
                        element: .labeled(label), branch: inModel ? k : nil, generator: nil, splitsGrid: inModel && bridges.contains(k),
                        changes: inModel ? nil : (table, file), deadBuses: inModel ? deadSide(of: k) : nil))
                } else {
                    _ = try table.grid(applyingLabel: label, to: grid, file: file)
                    outages.append(Outage(element: .labeled(label), branch: nil, generator: nil, splitsGrid: true, changes: (table, file)))
                }
            }
        } else if !options.pairs {
            for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
                outages.append(Outage(
                    element: .branch(branchKeys[k]), branch: k, generator: nil, splitsGrid: bridges.contains(k), deadBuses: deadSide(of: k)))
            }
        }
        if options.includeGenerators && options.changes == nil && !options.pairs {
            for (g, key) in GeneratorKey.keys(of: grid).enumerated() where grid.generators[g].inService {
                outages.append(Outage(element: .generator(key), branch: nil, generator: g, splitsGrid: false))
            }
        }
        var skipped = 0
        if options.pairs && options.changes == nil {
            let candidates = network.branchAdmittances.indices.filter { network.branchAdmittances[$0].isInModel }
            let pairs: [(Int, Int)]
            if options.screen {
                (pairs, skipped) = DCScreening.selectBranchPairs(
                    network: network, baseFlows: base.solution.branches, candidates: candidates, bridges: bridges, thresholdPercent: options.screeningThresholdPercent)
            } else {
                pairs = candidates.indices.flatMap { i in candidates[(i + 1)...].map { (candidates[i], $0) } }
            }
            outages = pairs.map { a, b in
                Outage(element: .branchPair(branchKeys[a], branchKeys[b]), branch: a, generator: nil, splitsGrid: true, secondBranch: b)
            }
        }
        if options.screen && options.changes == nil && !options.pairs {
            let kept = DCScreening.selectBranchOutages(
                network: network, candidates: outages.compactMap { $0.splitsGrid ? nil : $0.branch },
                thresholdPercent: options.screeningThresholdPercent)
            let before = outages.count
            outages.removeAll { outage in
                guard let k = outage.branch, !outage.splitsGrid else { return false }
                return !kept.contains(k)
            }
            skipped = before - outages.count
        }
        let context = Context(
            grid: grid, network: network, baseVoltages: base.solution.voltages, branchKeys: branchKeys, newton: options.newton,
            baseLoading: base.solution.branches.map { $0.loadingPercent ?? 0 },
            baseVoltageViolations: Set(base.solution.violations.filter { $0.kind == .voltageHigh || $0.kind == .voltageLow }
                .map { grid.buses[$0.index].id }))
        // Rank by outage (the ranking's tie-break), then keep this shard's part.
        let order = outages.indices.sorted { outages[$0].element < outages[$1].element }
        var rank = [Int](repeating: 0, count: outages.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        for i in outages.indices { outages[i].rank = rank[i] }
        let totalOutages = outages.count
        if let shard = options.shard {
            let costs = outages.map { $0.isOnBasePattern ? 1.0 : 3.0 }
            let owner = StudyShard.partition(costs: costs, count: shard.count)
            outages = outages.indices.filter { owner[$0] == shard.index }.map { outages[$0] }
        }
        let workers = min(options.workers, max(1, outages.count))
        var outcomes: [ContingencyOutcome]
        if workers == 1 {
            outcomes = try context.solve(outages)
        } else {
            // Round-robin chunks so that expensive outages spread evenly; each worker owns its solver.
            let chunks = (0..<workers).map { w in stride(from: w, to: outages.count, by: workers).map { outages[$0] } }
            outcomes = try await ParallelWork.map(chunks) { chunk in try context.solve(chunk) }.flatMap { $0 }
        }
        outcomes.sort { ($0.severity, $1.outage) > ($1.severity, $0.outage) }
        let rankOf = Dictionary(uniqueKeysWithValues: outages.map { ($0.element, $0.rank) })
        return ContingencyReport(
            base: base, outcomes: outcomes, skippedByScreening: skipped, wallSeconds: Stopwatch.now() - start, workers: workers,
            totalOutages: totalOutages, ranks: outcomes.map { rankOf[$0.outage] ?? 0 }, shard: options.shard)
    }

    /// A bridge whose outage cuts off at most this many buses, none with generation, is solved on the base
    /// pattern (the cut-off buses de-energized); beyond, the grid is rebuilt.
    static let deadIslandLimit = 12
    /// Chord iterations on the base factors before an outage falls back to a full Newton-Raphson.
    static let chordIterationLimit = 12

    struct Outage: Sendable {
        var element: OutageElement
        var branch: Int?
        var generator: Int?
        var splitsGrid: Bool
        /// A change table's contingency that is more than one branch's outage: the table and its file.
        var changes: (table: ChangeTable, file: String)?
        /// The buses a bridge's outage de-energizes, when they hold no generation and are few (see
        /// ``deadIslandLimit``): the outage is then solved on the base pattern.
        var deadBuses: [Int]?
        /// Position among all outages in ``OutageElement`` order.
        var rank = 0
        /// The second branch of an N-2 pair.
        var secondBranch: Int?

        /// Solved on the base case's pattern and factors (a branch outage that keeps the grid connected or only
        /// de-energizes a few buses without generation).
        var isOnBasePattern: Bool {
            branch != nil && secondBranch == nil && changes == nil && (!splitsGrid || deadBuses != nil)
        }
    }

    /// What every worker needs, immutable and shared.
    struct Context: Sendable {
        var grid: Grid
        var network: PowerFlowNetwork
        var baseVoltages: [Complex<Double>]
        var branchKeys: [BranchKey]
        var newton: NewtonRaphsonOptions
        /// Base-case loading (% of RATE_A, 0 unrated) and buses with base-case voltage violations: an outage is
        /// blamed only for violations it causes or worsens.
        var baseLoading: [Double]
        var baseVoltageViolations: Set<Int>
        /// An existing overload counts again when the outage raises it by more than this, percentage points.
        static let worseningMarginPercent = 1.0

        /// Solves a list of outages with one solver (made here, on this task).
        func solve(_ outages: [Outage]) throws -> [ContingencyOutcome] {
            var solver: NewtonRaphsonSolver?
            var chord: NewtonRaphsonSolver??
            var results: [ContingencyOutcome] = []
            results.reserveCapacity(outages.count)
            for outage in outages {
                if let k = outage.branch, outage.isOnBasePattern {
                    if chord == nil { chord = .some(try? makeChordSolver()) }
                    if let chord = chord ?? nil, let outcome = solveByChord(k, dead: outage.deadBuses ?? [], element: outage.element, chord: chord) {
                        results.append(outcome)
                    } else if outage.splitsGrid {
                        results.append(try solveRebuilt(outage))
                    } else {
                        if solver == nil { solver = try NewtonRaphsonSolver(network: network) }
                        results.append(solveBranchOutage(k, element: outage.element, solver: solver!))
                    }
                } else {
                    results.append(try solveRebuilt(outage))
                }
            }
            return results
        }

        /// A solver holding the factors of the base case's Jacobian at the base voltages.
        func makeChordSolver() throws -> NewtonRaphsonSolver {
            let solver = try NewtonRaphsonSolver(network: network, orderingOnJacobian: true)
            try solver.factorJacobian(admittance: network.admittance, voltages: baseVoltages)
            return solver
        }

        /// A branch outage by chord iterations on the base factors, corrected for the branch (and for the buses it
        /// de-energizes, `dead`); nil when that does not converge quickly (the caller then solves it in full).
        func solveByChord(_ k: Int, dead: [Int], element: OutageElement, chord: NewtonRaphsonSolver) -> ContingencyOutcome? {
            let outaged = network.admittance(removing: k)
            let ends = network.branchEnds[k]
            var injections = network.injections, start = baseVoltages
            for b in dead {
                injections[b] = .zero
                start[b] = .zero
            }
            let changedBuses = Set([ends.from, ends.to]).subtracting(dead).sorted()
            guard let correction = chord.correction(
                    base: network.admittance, changed: outaged, voltages: baseVoltages, changedBuses: changedBuses, deadBuses: dead),
                let outcome = chord.solveChord(
                    admittance: outaged, injections: injections, start: start, correction: correction,
                    tolerancePU: newton.tolerancePU, maximumIterations: ContingencyAnalysis.chordIterationLimit)
            else { return nil }
            return assess(
                element: element, converged: true, iterations: outcome.iterations, voltages: outcome.voltages, network: network,
                excluded: [k], lost: dead)
        }

        /// A branch outage on the base pattern: subtract the branch from Ybus, re-solve warm.
        func solveBranchOutage(_ k: Int, element: OutageElement, solver: NewtonRaphsonSolver) -> ContingencyOutcome {
            let outcome = solver.solve(
                admittance: network.admittance(removing: k), injections: network.injections, start: baseVoltages, options: newton)
            return assess(
                element: element, converged: outcome.converged, iterations: outcome.iterations, voltages: outcome.voltages,
                network: network, excluded: [k], lost: [])
        }

        /// An outage that changes the bus roles or splits the grid, or a change table's contingency: a grid of its
        /// own, islands handled.
        func solveRebuilt(_ outage: Outage) throws -> ContingencyOutcome {
            var changed = grid
            if let k = outage.branch { changed.branches[k].inService = false }
            if let g = outage.generator { changed.generators[g].inService = false }
            if let k = outage.secondBranch { changed.branches[k].inService = false }
            if let (table, file) = outage.changes, case .labeled(let label) = outage.element {
                changed = try table.grid(applyingLabel: label, to: changed, file: file)
            }
            let engine: PowerFlowEngine
            do {
                engine = try PowerFlowEngine(grid: changed)
            } catch {
                // No generation left anywhere: everything is lost.
                return ContingencyOutcome(
                    outage: outage.element, converged: false, iterations: 0, busesLost: grid.buses.map(\.id),
                    loadLostMW: grid.totalDemand.mw)
            }
            var start = baseVoltages
            for b in engine.islands.deenergizedBuses { start[b] = .zero }
            let outcome = engine.solveVoltages(from: start, options: PowerFlowOptions(newton: newton))
            let lost = engine.islands.deenergizedBuses
            return assess(
                element: outage.element, converged: outcome.converged, iterations: outcome.iterations,
                voltages: outcome.voltages, network: engine.network, excluded: [outage.branch, outage.secondBranch].compactMap { $0 },
                lost: lost)
        }

        /// Flows, overloads and voltage violations of a post-contingency state.
        func assess(
            element: OutageElement, converged: Bool, iterations: Int, voltages: [Complex<Double>],
            network solved: PowerFlowNetwork, excluded: [Int], lost: [Int]
        ) -> ContingencyOutcome {
            var result = ContingencyOutcome(
                outage: element, converged: converged, iterations: iterations, busesLost: lost.map { grid.buses[$0].id },
                loadLostMW: lost.reduce(0) { $0 + solved.grid.buses[$1].demandMW })
            guard converged else { return result }
            let solvedGrid = solved.grid
            var maximumLoading: Double?
            for (k, flow) in solved.branchFlows(voltages: voltages).enumerated()
            where solved.branchAdmittances[k].isInModel && !excluded.contains(k) {
                guard let loading = flow.loadingPercent(ratingMVA: solved.grid.branches[k].rateAMVA) else { continue }
                maximumLoading = max(maximumLoading ?? 0, loading)
                let preExisting = baseLoading[k] > 100
                if loading > 100 + 1e-6 && (!preExisting || loading > baseLoading[k] + Self.worseningMarginPercent) {
                    result.overloads.append(.init(branch: branchKeys[k], loadingPercent: loading))
                }
            }
            result.overloads.sort { $0.loadingPercent > $1.loadingPercent }
            result.maximumLoadingPercent = maximumLoading
            var low = Double.infinity, high = -Double.infinity
            for (b, bus) in solvedGrid.buses.enumerated() where bus.type != .isolated && !lost.contains(b) {
                let magnitude = voltages[b].length
                low = min(low, magnitude)
                high = max(high, magnitude)
                if baseVoltageViolations.contains(bus.id) && abs(magnitude - baseVoltages[b].length) < 0.01 { continue }
                if bus.maximumVoltagePU > 0 && magnitude > bus.maximumVoltagePU + 1e-6 {
                    result.voltageViolations.append(.init(bus: bus.id, magnitudePU: magnitude, limitPU: bus.maximumVoltagePU))
                } else if bus.minimumVoltagePU > 0 && magnitude < bus.minimumVoltagePU - 1e-6 {
                    result.voltageViolations.append(.init(bus: bus.id, magnitudePU: magnitude, limitPU: bus.minimumVoltagePU))
                }
            }
            if low.isFinite {
                result.minimumVoltagePU = low
                result.maximumVoltagePU = high
            }
            return result
        }
    }
}
