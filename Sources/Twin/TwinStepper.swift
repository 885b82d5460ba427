import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// Advances a twin by one step: the controllers set loads, renewables, storage and dispatch, the AC power flow is
/// solved warm-started from the previous step (reusing the KLU analysis), the controllers may respond and ask for
/// another power flow (up to the scenario's cap), and the step is summed up. What a batch run
/// (``TimeSeriesSimulation``) loops over, and what a live twin calls when new data arrives.
///
/// A class: it owns the power-flow engine; not thread-safe.
public final class TwinStepper {
    public let scenario: PreparedScenario
    private var controllers: [any TwinController]
    private let engine: PowerFlowEngine
    private let sensitivities: [[Double]]
    private let generatorSensitivities: [[Double]]
    private let storageSensitivities: [[Double]]
    /// The factored DC network, kept when the dispatch is optimal (it prices each step's load flows).
    private let dc: DCSensitivities?
    /// The phase shifters' own DC flows, MW.
    private let shiftFlowsMW: [Double]
    /// Branches with a rating that are in the model: the ones whose loading is watched.
    public let monitoredBranches: [Int]
    /// Newton options of a step: the previous step's factors serve for the first Newton step.
    private let stepOptions: PowerFlowOptions
    /// The second attempt of a step whose power flow failed: a line search, 40 iterations.
    private let robustStepOptions: PowerFlowOptions
    /// Per generator: whether the engine's network has it in service — the scenario's status, and committed when
    /// the dispatch decides commitment (a unit switched off neither produces nor regulates its bus's voltage).
    private var energized: [Bool]

    /// Generators × branches above which generator sensitivities are not kept (memory).
    public static let generatorSensitivityLimit = 5_000_000

    /// The controllers a scenario runs with by default: the switched shunts (when the scenario switches them: the
    /// reactive balance settled before the dispatch's AC loop reads the flows), the dispatch (the rules, or the
    /// optimal dispatch), the voltage set-points (unless the scenario turns them off), then the congestion
    /// controller as the AC safety net.
    public static func defaultControllers(for scenario: PreparedScenario) -> [any TwinController] {
        let dispatch: any TwinController =
            scenario.dispatchMethod == .optimal ? OptimalDispatchController() : BalancingController()
        var controllers: [any TwinController] = scenario.shuntSwitching != nil ? [ShuntSwitchingController()] : []
        controllers.append(dispatch)
        if scenario.voltageControl { controllers.append(VoltageSetpointController()) }
        controllers.append(CongestionController())
        return controllers
    }

    /// Prepares the power-flow engine and the plants' DC sensitivities.
    public init(scenario: PreparedScenario, controllers: [any TwinController]? = nil) throws(PowerFlowError) {
        self.scenario = scenario
        self.controllers = controllers ?? Self.defaultControllers(for: scenario)
        engine = try PowerFlowEngine(grid: Self.regulatingGrid(scenario.grid))
        // Without a DC model (a branch with X = 0, a singular B) the controllers get no sensitivities: the reference
        // generator takes what curtailment frees.
        let dc = try? DCSensitivities(network: engine.network)
        let zeros = [Double](repeating: 0, count: scenario.grid.branches.count)
        sensitivities = scenario.plants.map { plant in dc?.transferFactors(from: plant.busPosition) ?? zeros }
        storageSensitivities = scenario.storage.map { unit in dc?.transferFactors(from: unit.busPosition) ?? zeros }
        self.dc = scenario.dispatchMethod == .optimal ? dc : nil
        shiftFlowsMW = (dc?.shiftFlows() ?? zeros).map { $0 * scenario.grid.baseMVA }
        if scenario.grid.generators.count * scenario.grid.branches.count <= Self.generatorSensitivityLimit {
            generatorSensitivities = engine.network.generatorBusPositions.map { b in dc?.transferFactors(from: b) ?? zeros }
        } else {
            generatorSensitivities = []
        }
        let network = engine.network
        monitoredBranches = scenario.ratingsMVA.indices.filter {
            scenario.ratingsMVA[$0] > 0 && network.branchAdmittances[$0].isInModel
        }
        var options = PowerFlowOptions()
        options.newton.reusePreviousFactorization = true
        stepOptions = options
        var robust = options
        robust.newton.stepControl = .lineSearch
        robust.newton.maximumIterations = 40
        robust.newton.reusePreviousFactorization = false
        robustStepOptions = robust
        energized = scenario.grid.generators.map(\.inService)
    }

    /// `grid` with the generator buses whose in-service units have no reactive range (QMAX ≤ QMIN) made load buses:
    /// a unit that cannot vary its reactive output cannot hold a voltage — the power flow held it with whatever
    /// reactive power it took (case_ACTIVSg2000's 17 such units, 8–33 MW behind 25–47 MVA transformers, drove them to
    /// 160–220 % with reactive flow). Such a unit injects its fixed QG at a load bus, as in MATPOWER.
    static func regulatingGrid(_ grid: Grid) -> Grid {
        var regulating = grid
        var range = [Int: Double]()
        let lookup = grid.busLookup()
        for generator in grid.generators where generator.inService {
            guard let b = lookup[generator.bus] else { continue }
            range[b, default: 0] += max(0, generator.maximumReactivePowerMvar - generator.minimumReactivePowerMvar)
        }
        for (b, mvar) in range where mvar <= 0 && grid.buses[b].type == .pv { regulating.buses[b].type = .pq }
        return regulating
    }

    /// Takes the step's commitment into the network: units switched off leave it (their buses stop regulating, the
    /// engine is rebuilt), units switched on return. A bus that regulates again starts from its generators'
    /// set-point; a bus energized again from the case's voltage. When the network cannot be compiled with this
    /// commitment (no reference generator left), or it would leave an island without generation (its load unserved
    /// while the dispatch counts it served), the network keeps the last commitment.
    private func energize(committed: [Bool], voltages: inout [Complex<Double>]) {
        guard committed.count == energized.count else { return }
        let wanted = scenario.grid.generators.indices.map { scenario.grid.generators[$0].inService && committed[$0] }
        guard wanted != energized else { return }
        let rolesBefore = engine.network.roles.roles
        let previous = engine.sourceGrid, deenergizedBefore = engine.islands.deenergizedBuses.count
        var grid = previous
        for g in grid.generators.indices { grid.generators[g].inService = wanted[g] }
        guard (try? engine.update(grid: grid)) != nil else { return }
        guard engine.islands.deenergizedBuses.count <= deenergizedBefore else {
            _ = try? engine.update(grid: previous)
            return
        }
        energized = wanted
        let roles = engine.network.roles.roles, initial = engine.network.initialVoltages()
        for b in roles.indices where voltages[b].length == 0 || (rolesBefore[b] == .pq && roles[b] != .pq && roles[b] != .isolated) {
            voltages[b] = voltages[b].length == 0 ? initial[b] : voltages[b] * Complex(initial[b].length / voltages[b].length, 0)
        }
    }

    /// The state before the first step: storage at its initial charge, generators at the case's set points, and the
    /// losses the case's own dispatch carries (its generation less its load, ≥ 0), scaled with the square of the first
    /// step's load — the first dispatch's estimate, until the first AC power flow measures them (without it, the
    /// reference generator alone makes up the losses: 3.5 GW on case2869pegase, where the power flow then diverges).
    public func initialState() -> TwinState {
        let grid = scenario.grid
        let caseLoadMW = grid.buses.reduce(0) { $0 + $1.demandMW }
        let caseGenerationMW = grid.generators.reduce(0) { $0 + ($1.inService ? $1.activePowerMW : 0) }
        let firstLoadMW = scenario.stepCount > 0 ? inputs(at: 0).demandMW.reduce(0, +) : caseLoadMW
        var lossesMW = 0.0
        if caseLoadMW > 0, firstLoadMW > 0, caseGenerationMW > caseLoadMW, caseGenerationMW < 1.2 * caseLoadMW {
            lossesMW = (caseGenerationMW - caseLoadMW) * (firstLoadMW / caseLoadMW) * (firstLoadMW / caseLoadMW)
        }
        return TwinState(
            stateOfCharge: scenario.storage.map(\.socInitial), generatorMW: engine.network.grid.generators.map(\.activePowerMW),
            lossesMW: lossesMW, voltages: engine.network.initialVoltages(),
            shuntStepsIn: scenario.shuntSwitching.map { switching in switching.banks.map { _ in switching.steps } } ?? [])
    }

    /// The inputs of step `t` from the scenario's profiles.
    public func inputs(at t: Int) -> StepInputs {
        let grid = scenario.grid
        let series = scenario.loadSeries, active = scenario.busLoadSeries, scales = scenario.busScale
        return StepInputs(
            index: t, timeMinutes: scenario.startMinutes + t * scenario.stepMinutes,
            demandMW: grid.buses.indices.map { b in grid.buses[b].demandMW * series[active[b]][t] * scales[b] },
            demandMvar: grid.buses.indices.map { b in
                grid.buses[b].demandMvar * series[scenario.busReactiveSeries[b] ?? active[b]][t] * scales[b]
            },
            availableMW: scenario.plants.map { $0.capacityMW * $0.profile[t] })
    }

    /// Runs one step from `state` and moves `state` on.
    public func advance(_ inputs: StepInputs, state: inout TwinState) -> StepResult {
        precondition(
            inputs.demandMW.count == scenario.grid.buses.count && inputs.demandMvar.count == scenario.grid.buses.count
                && inputs.availableMW.count == scenario.plants.count,
            "one demand per bus and one availability per plant")
        let storage = scenario.storage
        var step = StepState(
            index: inputs.index, demandMW: inputs.demandMW, demandMvar: inputs.demandMvar, availableMW: inputs.availableMW,
            usedMW: inputs.availableMW, chargeMW: storage.map { _ in 0 }, dischargeMW: storage.map { _ in 0 },
            stateOfCharge: state.stateOfCharge, generatorMW: state.generatorMW)
        step.shuntStepsIn = state.shuntStepsIn
        var context = SimulationContext(
            scenario: scenario, previousGeneratorMW: state.generatorMW, previousLossesMW: state.lossesMW,
            plantSensitivities: sensitivities, generatorSensitivities: generatorSensitivities)
        context.storageSensitivities = storageSensitivities
        context.previousVoltages = state.voltages
        context.dc = dc
        context.shiftFlowsMW = shiftFlowsMW
        if dc != nil {
            let last = min(scenario.stepCount, inputs.index + scenario.dispatch.windowSteps)
            if inputs.index + 1 < last { context.lookahead = (inputs.index + 1..<last).map(self.inputs(at:)) }
        }
        for c in controllers.indices { controllers[c].prepare(&step, context: context) }
        var iterations = 0, powerFlows = 0
        var solved: SolvedStep?
        var congestedBeforeControl: [Int] = []
        // The step and the controllers as the last converged power flow found them: a control round whose power flow
        // diverges is abandoned, and the step ends with the decisions that power flow solved.
        var atLastSolve: (step: StepState, controllers: [any TwinController])?
        while true {
            // The commitment into the network: the dispatch's, or the one a controller decided again (the optimal
            // dispatch, when AC's losses are far from its estimate).
            energize(committed: step.committed, voltages: &state.voltages)
            switchShunts(to: step.shuntStepsIn)
            apply(step)
            // The regulating buses' magnitudes in the start are their set-points.
            var start = state.voltages
            for (b, magnitude) in step.voltageSetpointsPU where start[b].length > 0 {
                start[b] = start[b] * Complex(magnitude / start[b].length, 0)
            }
            let outcome = solveStep(from: start, iterations: &iterations)
            powerFlows += 1
            guard outcome.converged else {
                if let atLastSolve {
                    (step, controllers) = (atLastSolve.step, atLastSolve.controllers)
                    break
                }
                // No power flow of the step has converged yet: a controller may undo what made it diverge.
                guard powerFlows <= scenario.curtailmentRounds,
                      firstControllerChanging({ $0.respondToDivergence(step: &step, context: context) })
                else { break }
                continue
            }
            state.voltages = outcome.voltages
            let result = SolvedStep(network: engine.network, voltages: outcome.voltages, iterations: outcome.iterations)
            solved = result
            atLastSolve = (step, controllers)
            if powerFlows == 1 {
                congestedBeforeControl = result.overloadedBranches(
                    limitPercent: scenario.loadingLimitPercent, ratings: scenario.ratingsMVA)
            }
            // The first controller that changes the step has the next power flow to itself.
            guard powerFlows <= scenario.curtailmentRounds,
                  firstControllerChanging({ $0.respond(to: result, step: &step, context: context) })
            else { break }
        }
        step.reconcileCurtailmentCauses(surplusIsRest: scenario.dispatchMethod == .optimal)
        state.shuntStepsIn = step.shuntStepsIn
        var record = StepRecord(
            timeMinutes: inputs.timeMinutes, loadMW: step.totalDemandMW,
            renewableAvailableMW: step.availableMW.reduce(0, +), renewableUsedMW: step.usedMW.reduce(0, +),
            curtailedMW: step.curtailedMW, congestionCurtailedMW: step.congestionCurtailedMW,
            voltageCurtailedMW: step.voltageCurtailedMW,
            dispatchableMW: step.generatorMW.reduce(0, +), storageChargeMW: step.chargeMW.reduce(0, +),
            storageDischargeMW: step.dischargeMW.reduce(0, +), unservedMW: step.unservedMW, lossesMW: state.lossesMW,
            maxLoadingPercent: 0, minVoltagePU: .nan, maxVoltagePU: .nan, iterations: iterations,
            powerFlows: powerFlows, converged: solved != nil, remainingOverloads: 0, voltageViolations: 0)
        record.minimumGenerationCurtailedMW = step.minimumGenerationCurtailedMW
        record.surplusCurtailedMW = step.surplusCurtailedMW
        record.generationCost = step.generationCost
        record.dispatchFeasible = step.dispatchFeasible
        record.voltageSupportUnits = step.voltageSupportUnits
        if let switching = scenario.shuntSwitching {
            record.switchedShuntMvar = step.shuntStepsIn.indices.reduce(0) {
                $0 + switching.susceptanceMvar(bank: $1, stepsIn: step.shuntStepsIn[$1])
            }
        }
        if let solved {
            summarize(solved, committed: step.committed, into: &record)
            if record.voltageViolations > 0 { record.voltageLimitCause = step.voltageLimitCause ?? .unresolved }
            state.lossesMW = record.lossesMW
            state.generatorMW = solved.generatorMW
        } else {
            state.voltages = engine.network.initialVoltages()
        }
        // Storage energy moves by the step's charge and discharge.
        for s in storage.indices {
            let energy = (step.chargeMW[s] * storage[s].efficiency - step.dischargeMW[s]) * scenario.stepHours
            state.stateOfCharge[s] = min(
                storage[s].socMax, max(storage[s].socMin, state.stateOfCharge[s] + energy / storage[s].energyMWh))
        }
        return StepResult(record: record, decisions: step, solved: solved, congestedBeforeControl: congestedBeforeControl)
    }

    /// Asks the controllers in order until one changes the step (`ask` returns true); whether one did. The others are
    /// not asked: the first that changes the step has the next power flow to itself.
    private func firstControllerChanging(_ ask: (inout any TwinController) -> Bool) -> Bool {
        for c in controllers.indices where ask(&controllers[c]) { return true }
        return false
    }

    /// Takes the switched shunts' steps into the network (their buses' BS; Ybus recompiled on the same pattern).
    /// A network that cannot be compiled so keeps the shunts it had.
    private func switchShunts(to stepsIn: [Int]) {
        guard let switching = scenario.shuntSwitching, stepsIn.count == switching.banks.count else { return }
        var grid = engine.sourceGrid
        var changed = false
        for (i, bank) in switching.banks.enumerated() {
            let wanted = switching.susceptanceMvar(bank: i, stepsIn: stepsIn[i])
            if grid.buses[bank.busPosition].shuntSusceptanceMvar != wanted {
                grid.buses[bank.busPosition].shuntSusceptanceMvar = wanted
                changed = true
            }
        }
        if changed { _ = try? engine.update(grid: grid) }
    }

    /// The step's power flow from `start`: Newton-Raphson reusing the last factors; when it fails, with a line search
    /// and more iterations from the same start; then with a line search from the DC power flow's angles of the step's
    /// injections — with `start`'s magnitudes, then with 1 p.u. at load buses (the regulated buses at their
    /// set-points in both). A large redispatch or a unit switched on can take the warm start out of Newton's reach.
    /// A solution with a bus below ``PowerFlowStudy/lowVoltageThresholdPU`` is the equations' low-voltage solution,
    /// not the grid's, and counts as a failure. `iterations` counts every attempt's Newton updates.
    private func solveStep(from start: [Complex<Double>], iterations: inout Int) -> SolveOutcome {
        let roles = engine.network.roles.roles
        func accepted(_ outcome: SolveOutcome) -> Bool {
            iterations += outcome.iterations
            return outcome.converged && !outcome.voltages.indices.contains { b in
                roles[b] != .isolated && outcome.voltages[b].length < PowerFlowStudy.lowVoltageThresholdPU
            }
        }
        var outcome = engine.solveVoltages(from: start, options: stepOptions)
        if accepted(outcome) { return outcome }
        outcome = engine.solveVoltages(from: start, options: robustStepOptions)
        if accepted(outcome) { return outcome }
        if let angles = dcAngles() {
            for flatLoadBuses in [false, true] {
                let dcStart = start.indices.map { b -> Complex<Double> in
                    let magnitude = start[b].length
                    guard magnitude > 0 else { return start[b] }
                    let wanted = flatLoadBuses && roles[b] == .pq ? 1.0 : magnitude
                    return Complex(wanted * .cos(angles[b]), wanted * .sin(angles[b]))
                }
                outcome = engine.solveVoltages(from: dcStart, options: robustStepOptions)
                if accepted(outcome) { return outcome }
            }
        }
        outcome.converged = false
        return outcome
    }

    /// Bus voltage angles of the DC power flow of the engine's grid as the step set it (commitment and
    /// injections), radians; nil when it cannot be solved.
    private func dcAngles() -> [Double]? {
        guard let report = try? DCPowerFlow.solve(engine.sourceGrid), report.converged else { return nil }
        return report.solution.voltages.map { .atan2(y: $0.imaginary, x: $0.real) }
    }

    /// Losses, dispatch, the voltage band and the worst loading of a converged step.
    private func summarize(_ solved: SolvedStep, committed: [Bool], into record: inout StepRecord) {
        let network = solved.network
        let roles = network.roles.roles
        for (g, generator) in network.grid.generators.enumerated()
        where generator.inService && roles[network.generatorBusPositions[g]] == .slack && (committed.isEmpty || committed[g]) {
            let output = solved.generatorMW[g]
            if output < generator.minimumActivePowerMW - 1 || output > generator.maximumActivePowerMW + 1 {
                record.referenceOutsideLimits += 1
            }
        }
        var low = Double.infinity, high = -Double.infinity
        var violations = 0
        for b in roles.indices where roles[b] != .isolated {
            let magnitude = solved.magnitudesPU[b]
            low = min(low, magnitude)
            high = max(high, magnitude)
            if magnitude > scenario.voltageBand.high + 1e-6 || magnitude < scenario.voltageBand.low - 1e-6 { violations += 1 }
        }
        record.lossesMW = solved.lossesMW
        record.dispatchableMW = solved.generatorMW.reduce(0, +)
        record.minVoltagePU = low
        record.maxVoltagePU = high
        record.voltageViolations = violations
        var worst = 0.0
        for k in monitoredBranches {
            let percent = solved.branches[k].maximumMVA / scenario.ratingsMVA[k] * 100
            worst = max(worst, percent)
            if percent > scenario.loadingLimitPercent + 1e-6 { record.remainingOverloads += 1 }
        }
        record.maxLoadingPercent = worst
        record.reactiveLimitViolations = solved.reactiveSupport().filter { $0.excessMvar > 0.5 }.count
    }


    /// Writes a step's decisions into the power-flow network: bus demand net of shedding, renewables and
    /// storage; generator set points.
    private func apply(_ step: StepState) {
        let shed = step.totalDemandMW > 0 ? step.unservedMW / step.totalDemandMW : 0
        var p = step.demandMW.map { $0 * (1 - shed) }
        var q = step.demandMvar.map { $0 * (1 - shed) }
        for (i, plant) in scenario.plants.enumerated() {
            p[plant.busPosition] -= step.usedMW[i]
            q[plant.busPosition] -= step.usedMW[i] * plant.reactivePerActive
        }
        for (s, unit) in scenario.storage.enumerated() {
            p[unit.busPosition] += step.chargeMW[s] - step.dischargeMW[s]
        }
        engine.updateInjections(demandMW: p, demandMvar: q, generatorMW: step.generatorMW)
    }
}
