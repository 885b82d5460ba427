/// What one step did (MW unless named otherwise).
public struct StepRecord: Sendable {
    /// Step start, minutes since 1970 (naive local time).
    public var timeMinutes: Int
    public var loadMW: Double
    public var renewableAvailableMW: Double
    public var renewableUsedMW: Double
    public var curtailedMW: Double
    /// Of the curtailment, the part for congestion or voltage.
    public var congestionCurtailedMW: Double
    /// Output of the grid's generators, the reference generator's balance included.
    public var dispatchableMW: Double
    public var storageChargeMW: Double
    public var storageDischargeMW: Double
    public var unservedMW: Double
    /// Branch losses plus bus shunt conductance consumption.
    public var lossesMW: Double
    public var maxLoadingPercent: Double
    public var minVoltagePU: Double
    public var maxVoltagePU: Double
    /// Newton iterations over the step's power flows, and how many power flows it took.
    public var iterations: Int
    public var powerFlows: Int
    public var converged: Bool
    /// Overloads and voltage violations left after the controllers.
    public var remainingOverloads: Int
    public var voltageViolations: Int
}

/// The whole run.
public struct SimulationResult: Sendable {
    public var scenario: PreparedScenario
    public var steps: [StepRecord]
    /// Per step, per plant: available and used output, MW.
    public var plantAvailableMW: [[Double]]
    public var plantUsedMW: [[Double]]
    /// Per step, per storage unit: state of charge at the step's end (fraction), charge and discharge, MW.
    public var stateOfCharge: [[Double]]
    public var storageChargeMW: [[Double]]
    public var storageDischargeMW: [[Double]]
    /// Per step: each generator's output from the power flow, MW.
    public var generatorMW: [[Double]]
    /// Per monitored branch (rating > 0): loading per step, % of its rating.
    public var branchLoading: [Int: [Float]]
    /// Hours each branch was congested: above the loading limit in a step's first power flow (so that the
    /// controllers had to act) or still after them.
    public var congestionHours: [Int: Double]
    public var wallSeconds: Double

    public var convergedSteps: Int { steps.filter(\.converged).count }

    /// Energy totals, MWh.
    public func energyMWh(_ value: (StepRecord) -> Double) -> Double {
        steps.reduce(0) { $0 + value($1) } * scenario.stepHours
    }
}
