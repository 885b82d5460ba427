import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// Steps a grid through time: per step the controllers set loads, renewables, storage and dispatch, the AC power
/// flow is solved warm-started from the previous step (reusing the KLU analysis), controllers may respond and
/// ask for another power flow (up to the scenario's cap), and the step is recorded. A step whose power flow does
/// not converge is recorded as such and the run goes on.
public final class TimeSeriesSimulation {
    public let scenario: PreparedScenario
    private var controllers: [any TwinController]
    private let engine: PowerFlowEngine
    private let sensitivities: [[Double]]
    private let generatorSensitivities: [[Double]]

    /// Generators × branches above which generator sensitivities are not kept (memory).
    public static let generatorSensitivityLimit = 5_000_000

    /// Prepares the power-flow engine and the plants' DC sensitivities.
    public init(
        scenario: PreparedScenario, controllers: [any TwinController] = [BalancingController(), CongestionController()]
    ) throws(PowerFlowError) {
        self.scenario = scenario
        self.controllers = controllers
        engine = try PowerFlowEngine(grid: scenario.grid)
        // Without a DC model (a branch with X = 0, a singular B) the controllers get no sensitivities: the reference
        // generator takes what curtailment frees.
        let dc = try? DCSensitivities(network: engine.network)
        let zeros = [Double](repeating: 0, count: scenario.grid.branches.count)
        sensitivities = scenario.plants.map { plant in dc?.transferFactors(from: plant.busPosition) ?? zeros }
        let network = engine.network
        if scenario.grid.generators.count * scenario.grid.branches.count <= Self.generatorSensitivityLimit {
            generatorSensitivities = network.generatorBusPositions.map { b in dc?.transferFactors(from: b) ?? zeros }
        } else {
            generatorSensitivities = []
        }
    }

    /// Runs every step; `progress` is called with (steps done, steps in all).
    public func run(progress: ((Int, Int) -> Void)? = nil) -> SimulationResult {
        let start = Stopwatch.now()
        let grid = engine.network.grid
        let n = grid.buses.count
        let plants = scenario.plants, storage = scenario.storage
        var soc = storage.map(\.socInitial)
        var previousGenerators = grid.generators.map(\.activePowerMW)
        var previousLosses = 0.0
        var voltages = engine.network.initialVoltages()
        var records: [StepRecord] = []
        records.reserveCapacity(scenario.stepCount)
        var plantAvailable: [[Double]] = [], plantUsed: [[Double]] = []
        var socRecord: [[Double]] = [], chargeRecord: [[Double]] = [], dischargeRecord: [[Double]] = []
        var generatorRecord: [[Double]] = []
        let monitored = scenario.ratingsMVA.indices.filter { scenario.ratingsMVA[$0] > 0 && engine.network.branchAdmittances[$0].isInModel }
        var loadingSeries = [[Float]](repeating: [], count: monitored.count)
        for m in monitored.indices { loadingSeries[m].reserveCapacity(scenario.stepCount) }
        let ratings = scenario.ratingsMVA, limit = scenario.loadingLimitPercent
        let roles = engine.network.roles.roles
        // Each step starts from the previous solution: its last factors serve for the first Newton step.
        var stepOptions = PowerFlowOptions()
        stepOptions.newton.reusePreviousFactorization = true
        let baseDemandMW = grid.buses.map(\.demandMW), baseDemandMvar = grid.buses.map(\.demandMvar)
        let loadSeries = scenario.loadSeries, activeSeries = scenario.busLoadSeries, scales = scenario.busScale
        let reactiveSeries = zip(scenario.busReactiveSeries, activeSeries).map { $0 ?? $1 }
        var congestion: [Int: Double] = [:]
        for t in 0..<scenario.stepCount {
            var step = StepState(
                index: t,
                demandMW: (0..<n).map { b in baseDemandMW[b] * loadSeries[activeSeries[b]][t] * scales[b] },
                demandMvar: (0..<n).map { b in baseDemandMvar[b] * loadSeries[reactiveSeries[b]][t] * scales[b] },
                availableMW: plants.map { $0.capacityMW * $0.profile[t] }, usedMW: plants.map { $0.capacityMW * $0.profile[t] },
                chargeMW: storage.map { _ in 0 }, dischargeMW: storage.map { _ in 0 }, stateOfCharge: soc,
                generatorMW: previousGenerators)
            let context = SimulationContext(
                scenario: scenario, previousGeneratorMW: previousGenerators, previousLossesMW: previousLosses,
                plantSensitivities: sensitivities, generatorSensitivities: generatorSensitivities)
            for c in controllers.indices { controllers[c].prepare(&step, context: context) }
            var iterations = 0, powerFlows = 0
            var solved: SolvedStep?
            var congestedBeforeControl: [Int] = []
            while true {
                apply(step)
                let outcome = engine.solveVoltages(from: voltages, options: stepOptions)
                powerFlows += 1
                iterations += outcome.iterations
                guard outcome.converged else {
                    solved = nil
                    break
                }
                voltages = outcome.voltages
                let result = SolvedStep(network: engine.network, voltages: outcome.voltages, iterations: outcome.iterations)
                solved = result
                if powerFlows == 1 {
                    congestedBeforeControl = result.overloadedBranches(limitPercent: scenario.loadingLimitPercent, ratings: scenario.ratingsMVA)
                }
                guard powerFlows <= scenario.curtailmentRounds else { break }
                var again = false
                for c in controllers.indices where controllers[c].respond(to: result, step: &step, context: context) { again = true }
                if !again { break }
            }
            // Record the step.
            let load = step.totalDemandMW
            var record = StepRecord(
                timeMinutes: scenario.startMinutes + t * scenario.stepMinutes, loadMW: load,
                renewableAvailableMW: step.availableMW.reduce(0, +), renewableUsedMW: step.usedMW.reduce(0, +),
                curtailedMW: step.curtailedMW, congestionCurtailedMW: step.congestionCurtailedMW,
                dispatchableMW: step.generatorMW.reduce(0, +), storageChargeMW: step.chargeMW.reduce(0, +),
                storageDischargeMW: step.dischargeMW.reduce(0, +), unservedMW: step.unservedMW, lossesMW: previousLosses,
                maxLoadingPercent: 0, minVoltagePU: .nan, maxVoltagePU: .nan, iterations: iterations,
                powerFlows: powerFlows, converged: solved != nil, remainingOverloads: 0, voltageViolations: 0)
            if let solved {
                var low = Double.infinity, high = -Double.infinity
                var violations = 0
                for b in 0..<n where roles[b] != .isolated {
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
                for (m, k) in monitored.enumerated() {
                    let percent = solved.branches[k].maximumMVA / ratings[k] * 100
                    worst = max(worst, percent)
                    loadingSeries[m].append(Float(percent))
                    if percent > limit + 1e-6 {
                        record.remainingOverloads += 1
                        if !congestedBeforeControl.contains(k) { congestion[k, default: 0] += scenario.stepHours }
                    }
                }
                for k in congestedBeforeControl { congestion[k, default: 0] += scenario.stepHours }
                record.maxLoadingPercent = worst
                previousLosses = record.lossesMW
                previousGenerators = solved.generatorMW
            } else {
                for m in monitored.indices { loadingSeries[m].append(.nan) }
                voltages = engine.network.initialVoltages()
            }
            // Storage energy moves by the step's charge and discharge.
            for s in storage.indices {
                let energy = (step.chargeMW[s] * storage[s].efficiency - step.dischargeMW[s]) * scenario.stepHours
                soc[s] = min(storage[s].socMax, max(storage[s].socMin, soc[s] + energy / storage[s].energyMWh))
            }
            records.append(record)
            generatorRecord.append(previousGenerators)
            plantAvailable.append(step.availableMW)
            plantUsed.append(step.usedMW)
            socRecord.append(soc)
            chargeRecord.append(step.chargeMW)
            dischargeRecord.append(step.dischargeMW)
            progress?(t + 1, scenario.stepCount)
        }
        return SimulationResult(
            scenario: scenario, steps: records, plantAvailableMW: plantAvailable, plantUsedMW: plantUsed,
            stateOfCharge: socRecord, storageChargeMW: chargeRecord, storageDischargeMW: dischargeRecord,
            generatorMW: generatorRecord, branchLoading: Dictionary(uniqueKeysWithValues: zip(monitored, loadingSeries)), congestionHours: congestion, wallSeconds: Stopwatch.now() - start)
    }

    /// Writes a step's decisions into the power-flow network: bus demand net of shedding, renewables and
    /// storage; generator set points.
    private func apply(_ step: StepState) {
        let n = step.demandMW.count
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
        precondition(p.count == n)
        engine.updateInjections(demandMW: p, demandMvar: q, generatorMW: step.generatorMW)
    }

    /// A standalone power flow of one recorded step's injections (for checks): the grid with the step's net bus
    /// demands and generator set points.
    public static func grid(of scenario: PreparedScenario, demandMW: [Double], demandMvar: [Double], generatorMW: [Double]) -> Grid {
        var grid = scenario.grid
        for b in grid.buses.indices {
            grid.buses[b].demandMW = demandMW[b]
            grid.buses[b].demandMvar = demandMvar[b]
        }
        for g in grid.generators.indices { grid.generators[g].activePowerMW = generatorMW[g] }
        return grid
    }
}
