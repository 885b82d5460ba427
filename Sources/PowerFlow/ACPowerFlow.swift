import GridModel
import GridNetwork
import Numerics

/// Options of an AC power flow.
public struct PowerFlowOptions: Sendable, Equatable {
    public var newton: NewtonRaphsonOptions
    public var start: VoltageStart
    /// Share the active-power balance among generators (distributed slack) instead of the reference generator.
    public var distributedSlack: SlackParticipation.Source?

    public init(
        newton: NewtonRaphsonOptions = NewtonRaphsonOptions(), start: VoltageStart = .fromCase,
        distributedSlack: SlackParticipation.Source? = nil
    ) {
        self.newton = newton
        self.start = start
        self.distributedSlack = distributedSlack
    }
}

/// Where the time of one power flow went, seconds.
public struct PowerFlowTiming: Sendable, Equatable {
    /// Compiling the network: bus roles, injections, branch admittances and Ybus.
    public var admittance: Double = 0
    /// Jacobian pattern and KLU's symbolic analysis.
    public var analysis: Double = 0
    /// The Newton iterations.
    public var newton = SolveTiming()
    /// Post-processing: flows, generator outputs, violations.
    public var results: Double = 0
    /// Everything above.
    public var total: Double = 0

    public init() {}
}


/// A grid ready to be solved again and again: the compiled network, the Jacobian pattern and KLU's symbolic
/// analysis are kept, so each solve costs only Newton iterations (refactorizations reuse the pivot order).
/// What a twin or a time series keeps between steps: update the injections in place, re-solve from the last state.
///
/// Not thread-safe: one engine per task.
public final class PowerFlowEngine {
    /// The compiled network (injections may be updated between solves). Its grid is the prepared one: islands
    /// without a reference got one, islands without generation are isolated (see ``islands``).
    public var network: PowerFlowNetwork
    /// The grid's electrical islands.
    public let islands: IslandAnalysis
    public let solver: NewtonRaphsonSolver
    /// Seconds spent compiling the network (Ybus) and analyzing the Jacobian, at creation.
    public let admittanceSeconds: Double
    public let analysisSeconds: Double
    /// The voltages of the last solve, p.u.
    public private(set) var lastVoltages: [Complex<Double>]?

    /// The distributed slack, if any.
    public let participation: SlackParticipation?

    /// Compiles `grid` (which must be valid) and analyzes its Jacobian. Islands are found first: each island with
    /// generation is solved with its own reference bus, the others are de-energized. With `distributedSlack`, each
    /// island's balance is shared among its generators by those factors.
    public init(grid: Grid, distributedSlack: SlackParticipation.Source? = nil) throws(PowerFlowError) {
        let start = Stopwatch.now()
        islands = IslandAnalysis(grid: grid)
        guard islands.islands.contains(where: \.isEnergized) else { throw PowerFlowError.noReferenceBus }
        network = try PowerFlowNetwork.compiled(grid: islands.isSingleIsland ? grid : islands.preparedGrid, lookup: islands.lookup)
        let compiled = Stopwatch.now()
        var participation: SlackParticipation?
        if let distributedSlack { participation = try SlackParticipation(network: network, source: distributedSlack) }
        self.participation = participation
        solver = try NewtonRaphsonSolver(network: network, participation: participation)
        admittanceSeconds = compiled - start
        analysisSeconds = Stopwatch.now() - compiled
    }

    /// Runs Newton-Raphson from `start` (by default the options' start) without post-processing.
    public func solveVoltages(
        from start: [Complex<Double>]? = nil, options: PowerFlowOptions = PowerFlowOptions()
    ) -> NewtonRaphsonOutcome {
        var outcome = solver.solve(
            admittance: network.admittance, injections: network.injections,
            start: start ?? network.initialVoltages(options.start), options: options.newton)
        for b in islands.deenergizedBuses { outcome.voltages[b] = .zero }
        lastVoltages = outcome.voltages
        return outcome
    }

    /// Solves and post-processes (flows, generator outputs, violations).
    public func solve(from start: [Complex<Double>]? = nil, options: PowerFlowOptions = PowerFlowOptions())
        -> PowerFlowReport
    {
        var timing = PowerFlowTiming()
        let outcome = solveVoltages(from: start, options: options)
        timing.newton = outcome.timing
        let solved = Stopwatch.now()
        let solution = PowerFlowSolution(
            network: network, voltages: outcome.voltages, participation: participation, slackPowerPU: outcome.slackPowerPU)
        timing.results = Stopwatch.now() - solved
        timing.total = outcome.timing.mismatch + outcome.timing.jacobian + outcome.timing.factorization
            + outcome.timing.solve + timing.results
        return PowerFlowReport(solution: solution, outcome: outcome, timing: timing)
    }
}

/// One-call AC power flow: compile the grid, analyze, Newton-Raphson, post-process.
///
/// For repeated solves of one topology, keep a ``PowerFlowEngine`` instead.
public enum ACPowerFlow {
    /// Solves `grid` (which must be valid) by Newton-Raphson.
    public static func solve(_ grid: Grid, options: PowerFlowOptions = PowerFlowOptions()) throws(PowerFlowError)
        -> PowerFlowReport
    {
        let engine = try PowerFlowEngine(grid: grid, distributedSlack: options.distributedSlack)
        var report = engine.solve(options: options)
        report.timing.admittance = engine.admittanceSeconds
        report.timing.analysis = engine.analysisSeconds
        report.timing.total += engine.admittanceSeconds + engine.analysisSeconds
        return report
    }
}
