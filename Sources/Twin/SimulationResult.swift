/// What one step did (MW unless named otherwise).
public struct StepRecord: Sendable {
    /// Step start, minutes since 1970 (naive local time).
    public var timeMinutes: Int
    public var loadMW: Double
    public var renewableAvailableMW: Double
    public var renewableUsedMW: Double
    public var curtailedMW: Double
    /// Of the curtailment, the part for congestion or voltage, the part the units' minimum outputs (and ramps)
    /// forced, and the part that balanced a surplus (the last two from the optimal dispatch only).
    public var congestionCurtailedMW: Double
    /// Of the curtailment, the part for voltages above the band that set-points could not bring down.
    public var voltageCurtailedMW: Double
    public var minimumGenerationCurtailedMW: Double = 0
    public var surplusCurtailedMW: Double = 0
    /// Generation cost of the step, $ (optimal dispatch only).
    public var generationCost: Double = 0
    /// False when the dispatch had no feasible solution.
    public var dispatchFeasible = true
    /// Reference generators whose balancing output left [PMIN, PMAX] (committed units; 1 MW tolerance).
    public var referenceOutsideLimits = 0
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
    /// Regulating buses whose generators' reactive output lies beyond their limits (by more than 0.5 Mvar) after
    /// the controllers.
    public var reactiveLimitViolations = 0
    /// Why voltage violations were left, when they were.
    public var voltageLimitCause: VoltageLimitCause?
    /// Susceptance of the switched shunts in at the step's end, Mvar at 1 p.u. (0 without shunt switching).
    public var switchedShuntMvar = 0.0
    /// Units committed for voltage support rather than for energy.
    public var voltageSupportUnits = 0

    /// Whether the step ran as decided: its power flow converged and its dispatch was feasible. Only such steps
    /// count in energy totals.
    public var counted: Bool { converged && dispatchFeasible }
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
    /// Per step: the voltage magnitude at each generator's bus (its set-point where it regulates), p.u.; NaN for a
    /// step that did not converge.
    public var generatorVoltagePU: [[Float]] = []
    /// Per step: each generator's commitment (empty for the rules).
    public var committed: [[Bool]] = []
    /// Per step: the locational marginal price at each bus, $/MWh (empty for the rules).
    public var pricesPerMWh: [[Float]] = []
    /// Per step: the shadow price of each binding branch limit, $/MWh per MW.
    public var branchShadowPrices: [[Int: Double]] = []
    /// Congestion curtailment per branch it relieved, MWh over the run.
    public var congestionCurtailmentMWh: [Int: Double] = [:]
    /// Per monitored branch (rating > 0): loading per step, % of its rating.
    public var branchLoading: [Int: [Float]]
    /// Hours each branch was congested: above the loading limit in a step's first power flow (so that the
    /// controllers had to act) or still after them.
    public var congestionHours: [Int: Double]
    /// Hours each bus (position) was outside the voltage band after the controllers.
    public var voltageViolationHours: [Int: Double] = [:]
    public var wallSeconds: Double

    public var convergedSteps: Int { steps.filter(\.converged).count }

    /// Energy totals over the steps that ran as decided (``StepRecord/counted``), MWh.
    public func energyMWh(_ value: (StepRecord) -> Double) -> Double {
        steps.reduce(0) { $0 + ($1.counted ? value($1) : 0) } * scenario.stepHours
    }
}
