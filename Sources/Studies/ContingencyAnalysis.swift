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
    /// `screen` is set; pairs that split the grid are always solved); with `includeGenerators`, also every branch with
    /// every in-service generator and every pair of generators (always solved).
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
/// than 1 percentage point, a bus already outside its band only when its voltage moves further out by more than 0.01 p.u.
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
        let topology = OutageTopology(grid: grid, network: network)
        let bridges = topology.bridges
        let context = Context(
            grid: grid, network: network, baseVoltages: base.solution.voltages, branchKeys: branchKeys, newton: options.newton,
            baseLoading: base.solution.branches.map { $0.loadingPercent ?? 0 },
            baseVoltageViolations: Set(base.solution.violations.filter { $0.kind == .voltageHigh || $0.kind == .voltageLow }
                .map { grid.buses[$0.index].id }))
        var outages: [Outage] = []
        if let (table, file) = options.changes {
            for label in table.labels {
                // A label that only opens a branch in the model is that branch's outage; any other is applied here
                // first, so that a change the analysis cannot apply stops it before any solve.
                if let k = table.singleBranchOutage(label: label), network.branchAdmittances.indices.contains(k) {
                    outages.append(network.branchAdmittances[k].isInModel
                        ? topology.branchOutage(k, element: .labeled(label))
                        : Outage(element: .labeled(label), branch: nil, generator: nil, splitsGrid: false, changes: (table, file)))
                } else {
                    _ = try table.grid(applyingLabel: label, to: grid, file: file)
                    outages.append(Outage(element: .labeled(label), branch: nil, generator: nil, splitsGrid: true, changes: (table, file)))
                }
            }
        } else if !options.pairs {
            outages = branchOutages(network: network, branchKeys: branchKeys, topology: topology)
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
                // The exact AC flows after each single outage that keeps the grid together: the start of each pair's
                // estimate (the second outage then redistributed by factors of the grid without the first).
                var singleOutageFlows: [Int: [BranchFlow]] = [:]
                try context.forEachState(of: branchOutages(network: network, branchKeys: branchKeys, topology: topology).filter { !$0.splitsGrid }) {
                    outage, state in
                    if state.converged, let k = outage.branch { singleOutageFlows[k] = state.network.branchFlows(voltages: state.voltages) }
                    return true
                }
                (pairs, skipped) = DCScreening.selectBranchPairs(
                    network: network, baseFlows: base.solution.branches, singleOutageFlows: singleOutageFlows, candidates: candidates,
                    bridges: bridges, thresholdPercent: options.screeningThresholdPercent)
            } else {
                pairs = candidates.indices.flatMap { i in candidates[(i + 1)...].map { (candidates[i], $0) } }
            }
            outages = pairs.map { a, b in
                Outage(element: .branchPair(branchKeys[a], branchKeys[b]), branch: a, generator: nil, splitsGrid: true, secondBranch: b)
            }
            if options.includeGenerators {
                // Pairs with a generator are not screened: each is solved.
                let generatorKeys = GeneratorKey.keys(of: grid)
                let units = grid.generators.indices.filter { grid.generators[$0].inService }
                for g in units {
                    for k in candidates {
                        outages.append(Outage(
                            element: .branchAndGenerator(branchKeys[k], generatorKeys[g]), branch: k, generator: g, splitsGrid: true))
                    }
                }
                for (i, g) in units.enumerated() {
                    for h in units[(i + 1)...] {
                        outages.append(Outage(
                            element: .generatorPair(generatorKeys[g], generatorKeys[h]), branch: nil, generator: g, splitsGrid: true,
                            secondGenerator: h))
                    }
                }
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

    /// Every in-model branch's outage, in branch order.
    static func branchOutages(network: PowerFlowNetwork, branchKeys: [BranchKey], topology: OutageTopology) -> [Outage] {
        network.branchAdmittances.indices.filter { network.branchAdmittances[$0].isInModel }.map { k in
            topology.branchOutage(k, element: .branch(branchKeys[k]))
        }
    }
}
