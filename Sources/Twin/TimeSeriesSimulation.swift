import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// A batch run of a scenario: every step through a ``TwinStepper`` with the scenario's profiles, recorded. A step
/// whose power flow does not converge is recorded as such and the run goes on.
public final class TimeSeriesSimulation {
    public let scenario: PreparedScenario
    private let stepper: TwinStepper

    /// Generators × branches above which generator sensitivities are not kept (memory).
    public static let generatorSensitivityLimit = TwinStepper.generatorSensitivityLimit

    /// Prepares the stepper: the power-flow engine and the plants' DC sensitivities.
    public init(scenario: PreparedScenario, controllers: [any TwinController]? = nil) throws(PowerFlowError) {
        self.scenario = scenario
        stepper = try TwinStepper(scenario: scenario, controllers: controllers)
    }

    /// Runs every step; `progress` is called with (steps done, steps in all).
    public func run(progress: ((Int, Int) -> Void)? = nil) -> SimulationResult {
        let start = Stopwatch.now()
        var state = stepper.initialState()
        var records: [StepRecord] = []
        records.reserveCapacity(scenario.stepCount)
        var plantAvailable: [[Double]] = [], plantUsed: [[Double]] = []
        var socRecord: [[Double]] = [], chargeRecord: [[Double]] = [], dischargeRecord: [[Double]] = []
        var generatorRecord: [[Double]] = []
        var generatorVoltage: [[Float]] = []
        let generatorBuses = scenario.grid.generators.indices
        let monitored = stepper.monitoredBranches
        var loadingSeries = [[Float]](repeating: [], count: monitored.count)
        for m in monitored.indices { loadingSeries[m].reserveCapacity(scenario.stepCount) }
        var congestion: [Int: Double] = [:]
        var committed: [[Bool]] = [], prices: [[Float]] = [], shadow: [[Int: Double]] = []
        var congestionEnergy: [Int: Double] = [:]
        var voltageHours: [Int: Double] = [:]
        let band = scenario.voltageBand
        for t in 0..<scenario.stepCount {
            let result = stepper.advance(stepper.inputs(at: t), state: &state)
            if let solved = result.solved {
                for (m, k) in monitored.enumerated() {
                    let percent = solved.branches[k].maximumMVA / scenario.ratingsMVA[k] * 100
                    loadingSeries[m].append(Float(percent))
                    if percent > scenario.loadingLimitPercent + 1e-6 && !result.congestedBeforeControl.contains(k) {
                        congestion[k, default: 0] += scenario.stepHours
                    }
                }
                for k in result.congestedBeforeControl { congestion[k, default: 0] += scenario.stepHours }
                let roles = solved.network.roles.roles
                for (b, magnitude) in solved.magnitudesPU.enumerated()
                where roles[b] != .isolated && (magnitude > band.high + 1e-6 || magnitude < band.low - 1e-6) {
                    voltageHours[b, default: 0] += scenario.stepHours
                }
            } else {
                for m in monitored.indices { loadingSeries[m].append(.nan) }
            }
            records.append(result.record)
            generatorRecord.append(state.generatorMW)
            generatorVoltage.append(generatorBuses.map { g in
                result.solved.map { Float($0.magnitudesPU[$0.network.generatorBusPositions[g]]) } ?? .nan
            })
            let decisions = result.decisions
            if !decisions.committed.isEmpty || !decisions.pricesPerMWh.isEmpty {
                committed.append(decisions.committed)
                prices.append(decisions.pricesPerMWh.map(Float.init))
                shadow.append(decisions.branchShadowPrices)
            }
            if result.record.counted {
                for (k, mw) in decisions.congestionByBranchMW { congestionEnergy[k, default: 0] += mw * scenario.stepHours }
            }
            plantAvailable.append(result.decisions.availableMW)
            plantUsed.append(result.decisions.usedMW)
            socRecord.append(state.stateOfCharge)
            chargeRecord.append(result.decisions.chargeMW)
            dischargeRecord.append(result.decisions.dischargeMW)
            progress?(t + 1, scenario.stepCount)
        }
        var simulation = SimulationResult(
            scenario: scenario, steps: records, plantAvailableMW: plantAvailable, plantUsedMW: plantUsed,
            stateOfCharge: socRecord, storageChargeMW: chargeRecord, storageDischargeMW: dischargeRecord,
            generatorMW: generatorRecord, branchLoading: Dictionary(uniqueKeysWithValues: zip(monitored, loadingSeries)),
            congestionHours: congestion, wallSeconds: Stopwatch.now() - start)
        if committed.count == records.count {
            simulation.committed = committed
            simulation.pricesPerMWh = prices
            simulation.branchShadowPrices = shadow
        }
        simulation.congestionCurtailmentMWh = congestionEnergy
        simulation.generatorVoltagePU = generatorVoltage
        simulation.voltageViolationHours = voltageHours
        return simulation
    }

    /// A standalone power flow of one recorded step's injections (for checks): the grid with the step's net bus
    /// demands and generator set points.
    package static func grid(of scenario: PreparedScenario, demandMW: [Double], demandMvar: [Double], generatorMW: [Double]) -> Grid {
        var grid = scenario.grid
        grid.setInjections(demandMW: demandMW, demandMvar: demandMvar, generatorMW: generatorMW)
        return grid
    }
}
