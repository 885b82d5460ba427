import GridModel
import GridNetwork
import Numerics

/// A grid ready to be solved again and again: the compiled network, the Jacobian pattern and KLU's symbolic
/// analysis are kept, so each solve costs only Newton iterations (refactorizations reuse the pivot order).
/// What a twin or a time series keeps between steps: update the injections in place, re-solve from the last state.
///
/// The network is read-only from outside: every change goes through ``update(grid:)`` (or
/// ``updateInjections(demandMW:demandMvar:generatorMW:generatorMvar:)``), which says what it changed and redoes
/// only what that change needs, as lightsim2grid's `SolverControl` and power-grid-model's `UpdateChange` do.
///
/// Not thread-safe: one engine per task.
public final class PowerFlowEngine {
    /// The compiled network. Its grid is the prepared one: islands without a reference got one, islands without
    /// generation are isolated (see ``islands``).
    public private(set) var network: PowerFlowNetwork
    /// The grid as given (before the islands' preparation), what ``update(grid:)`` compares a new grid with.
    public private(set) var sourceGrid: Grid
    /// The distributed slack asked for, if any.
    private let distributedSlack: SlackParticipation.Source?
    /// The grid's electrical islands.
    public private(set) var islands: IslandAnalysis
    public private(set) var solver: NewtonRaphsonSolver
    /// Seconds spent compiling the network (Ybus) and analyzing the Jacobian, at creation.
    public private(set) var admittanceSeconds: Double
    public private(set) var analysisSeconds: Double
    /// The voltages of the last solve, p.u.
    public private(set) var lastVoltages: [Complex<Double>]?

    /// The distributed slack, if any.
    public private(set) var participation: SlackParticipation?

    /// Compiles `grid` (which must be valid) and analyzes its Jacobian. Islands are found first: each island with
    /// generation is solved with its own reference bus, the others are de-energized. With `distributedSlack`, each
    /// island's balance is shared among its generators by those factors.
    public init(grid: Grid, distributedSlack: SlackParticipation.Source? = nil) throws(PowerFlowError) {
        let start = Stopwatch.now()
        sourceGrid = grid
        self.distributedSlack = distributedSlack
        (islands, network) = try PowerFlowNetwork.islanded(grid: grid)
        let compiled = Stopwatch.now()
        var participation: SlackParticipation?
        if let distributedSlack { participation = try SlackParticipation(network: network, source: distributedSlack) }
        self.participation = participation
        solver = try NewtonRaphsonSolver(network: network, participation: participation)
        admittanceSeconds = compiled - start
        analysisSeconds = Stopwatch.now() - compiled
    }

    /// Replaces demands and generator set points (MW, Mvar; one per bus and per generator of the grid): the next solve
    /// reuses Ybus, the Jacobian pattern and its analysis. What a time series or a live twin does between solves.
    ///
    /// The counts are checked on entry (a mismatch is a programming error and stops the program).
    public func updateInjections(
        demandMW: [Double], demandMvar: [Double], generatorMW: [Double], generatorMvar: [Double]? = nil
    ) {
        let buses = network.grid.buses.count, generators = network.grid.generators.count
        precondition(
            demandMW.count == buses && demandMvar.count == buses && generatorMW.count == generators
                && (generatorMvar.map { $0.count == generators } ?? true),
            "an injection update needs one demand per bus and one set point per generator")
        network.updateInjections(demandMW: demandMW, demandMvar: demandMvar, generatorMW: generatorMW, generatorMvar: generatorMvar)
        sourceGrid.setInjections(
            demandMW: demandMW, demandMvar: demandMvar, generatorMW: generatorMW, generatorMvar: generatorMvar)
    }

    /// Moves the engine to `grid` (the same grid, edited) and redoes only what the edit needs:
    /// - ``NetworkChange/injections``: demands, generator set points or voltage set points changed — the injections
    ///   are recomputed, everything else is kept;
    /// - ``NetworkChange/admittanceValues``: branch or shunt parameters changed with the same topology and bus roles —
    ///   Ybus is recompiled on the same pattern, the Jacobian's analysis is kept;
    /// - ``NetworkChange/rebuilt``: a status, a bus type, a connection or the element counts changed (or a
    ///   distributed slack's factors may have) — islands, network, Jacobian and analysis are built anew.
    ///
    /// - Throws: ``PowerFlowError`` when the new grid cannot be compiled; the engine is then unchanged.
    @discardableResult
    public func update(grid: Grid) throws(PowerFlowError) -> NetworkChange {
        let change = NetworkChange.between(sourceGrid, grid)
        // A distributed slack's shares depend on the set points' grid: any change rebuilds it.
        guard change == .none || distributedSlack == nil else { return try rebuild(grid) }
        // With the same topology and statuses the islands' preparation (bus types) carries over.
        func prepared() -> Grid {
            var prepared = grid
            for b in prepared.buses.indices { prepared.buses[b].type = network.grid.buses[b].type }
            return prepared
        }
        switch change {
        case .none:
            return .none
        case .injections:
            network.replaceInjections(from: prepared())
            sourceGrid = grid
            return .injections
        case .admittanceValues:
            let compiled = try PowerFlowNetwork.compiled(grid: prepared(), lookup: islands.lookup)
            guard compiled.admittance.pattern == network.admittance.pattern else { return try rebuild(grid) }
            network = compiled
            sourceGrid = grid
            return .admittanceValues
        case .rebuilt:
            return try rebuild(grid)
        }
    }

    /// Builds islands, network, Jacobian and analysis for `grid` anew.
    private func rebuild(_ grid: Grid) throws(PowerFlowError) -> NetworkChange {
        let fresh = try PowerFlowEngine(grid: grid, distributedSlack: distributedSlack)
        network = fresh.network
        sourceGrid = grid
        islands = fresh.islands
        solver = fresh.solver
        participation = fresh.participation
        admittanceSeconds = fresh.admittanceSeconds
        analysisSeconds = fresh.analysisSeconds
        lastVoltages = nil
        return .rebuilt
    }

    /// Runs Newton-Raphson from `start` (by default the options' start) without post-processing.
    public func solveVoltages(
        from start: [Complex<Double>]? = nil, options: PowerFlowOptions = PowerFlowOptions()
    ) -> SolveOutcome {
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
        return PowerFlowReport(
            solution: solution, outcome: outcome, timing: timing, method: .newtonRaphson, islands: islands.islands)
    }
}
