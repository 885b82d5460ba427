import GridModel
import Numerics
import PowerFlow

/// Hosting capacity (N-0): for each bus, the largest active power (MW, at unity power factor, balanced by the reference
/// generator) that can be injected there without a new overload, a new voltage violation or a power flow that fails —
/// judged as the contingency analysis judges an outage (a branch already overloaded counts when it gets more than one
/// point worse, a bus already outside its band when it moves further out by more than 0.01 p.u.). Found by doubling from the
/// resolution, then bisection to the resolution; each trial is an AC power flow from the base case's voltages on one
/// engine (the injections change, nothing else).
///
/// With N-1, a trial must also pass every single-branch outage: solved with the injection exactly as the
/// contingency analysis solves it, the outage may not overload a branch or push a bus outside its band beyond what
/// the same outage does without the injection (the same margins), nor fail to converge where it converged without.
public enum HostingCapacity {
    /// One bus's capacity and what stops more.
    public struct BusCapacity: Sendable, Equatable {
        public var bus: Int
        /// The largest injection found without a violation, MW (a multiple of the resolution, or the maximum).
        public var capacityMW: Double
        /// What the next trial (at most one resolution above) violated: an overload, a voltage, or no convergence;
        /// nil when the maximum was reached.
        public var limit: String?
    }

    /// The base case's power flow does not converge: there is nothing to add to.
    public struct BaseCaseFailure: Error, CustomStringConvertible {
        public var description: String { "the base case does not converge; no hosting capacity was computed" }
    }

    /// The capacity of each bus in `buses` (bus numbers; all by default), searched to `resolutionMW` up to `maximumMW`.
    public static func run(
        _ grid: Grid, buses: [Int]? = nil, resolutionMW: Double = 1, maximumMW: Double = 10_000, n1: Bool = false
    ) throws -> [BusCapacity] {
        precondition(resolutionMW > 0 && maximumMW >= resolutionMW, "a positive resolution below the maximum")
        let engine = try PowerFlowEngine(grid: grid)
        let base = try PowerFlowStudy.run(grid, engine: engine)
        guard base.converged else { throw BaseCaseFailure() }
        let network = engine.network
        let context = ContingencyAnalysis.Context(
            grid: grid, network: network, baseVoltages: base.solution.voltages, branchKeys: BranchKey.keys(of: grid),
            newton: NewtonRaphsonOptions(), baseLoading: base.solution.branches.map { $0.loadingPercent ?? 0 },
            baseVoltageViolations: Set(base.solution.violations.filter { $0.kind == .voltageHigh || $0.kind == .voltageLow }
                .map { grid.buses[$0.index].id }))
        var outages = n1
            ? ContingencyAnalysis.branchOutages(
                network: network, branchKeys: context.branchKeys, topology: OutageTopology(grid: grid, network: network))
            : []
        for i in outages.indices { outages[i].rank = i }
        let references = n1 ? try OutageReference.all(outages, context: context) : []
        let lookup = grid.busLookup()
        let demandMW = grid.buses.map(\.demandMW), demandMvar = grid.buses.map(\.demandMvar)
        let generatorMW = grid.generators.map(\.activePowerMW)
        /// The trial's verdict: nil when the injection is hosted, else what it violates.
        func violation(at b: Int, injectionMW: Double) throws -> String? {
            var demand = demandMW
            demand[b] -= injectionMW
            engine.updateInjections(demandMW: demand, demandMvar: demandMvar, generatorMW: generatorMW)
            let outcome = engine.solveVoltages(from: base.solution.voltages, options: PowerFlowOptions())
            guard outcome.converged else { return "no convergence" }
            let assessed = context.assess(
                element: .labeled(0), converged: true, iterations: outcome.iterations, voltages: outcome.voltages,
                network: engine.network, excluded: [], lost: [])
            if let found = describe(assessed) { return found }
            guard n1 else { return nil }
            var trialGrid = grid
            trialGrid.buses[b].demandMW -= injectionMW
            var trial = context
            trial.grid = trialGrid
            trial.network = engine.network
            trial.baseVoltages = outcome.voltages
            var found: String?
            try trial.forEachState(of: outages) { outage, state in
                guard let reference = references[outage.rank] else { return true }
                guard state.converged else {
                    found = "outage of \(outage.element): no convergence"
                    return false
                }
                if let violation = describe(reference.judge(state, in: trial)) { found = "outage of \(outage.element): \(violation)" }
                return found == nil
            }
            return found
        }
        var results: [BusCapacity] = []
        for id in buses ?? grid.buses.filter({ $0.type != .isolated }).map(\.id) {
            guard let b = lookup[id] else { continue }
            var hosted = 0.0, failed = resolutionMW
            var limit = try violation(at: b, injectionMW: failed)
            while limit == nil {
                hosted = failed
                guard failed < maximumMW else { break }
                failed = min(maximumMW, failed * 2)
                limit = try violation(at: b, injectionMW: failed)
            }
            if limit != nil {
                while failed - hosted > resolutionMW * 1.0000001 {
                    let middle = ((hosted + failed) / 2 / resolutionMW).rounded(.down) * resolutionMW
                    guard middle > hosted else { break }
                    if let found = try violation(at: b, injectionMW: middle) {
                        failed = middle
                        limit = found
                    } else {
                        hosted = middle
                    }
                }
            }
            results.append(BusCapacity(bus: id, capacityMW: hosted, limit: limit))
        }
        engine.updateInjections(demandMW: demandMW, demandMvar: demandMvar, generatorMW: generatorMW)
        return results
    }

    /// What an assessed state violates, in words; nil when nothing.
    static func describe(_ assessed: ContingencyOutcome) -> String? {
        if let overload = assessed.overloads.first { return "branch \(overload.branch) at \(Int(overload.loadingPercent.rounded())) %" }
        if let voltage = assessed.voltageViolations.first {
            return "bus \(voltage.bus) at \((voltage.magnitudePU * 10_000).rounded() / 10_000) p.u."
        }
        return nil
    }
}
