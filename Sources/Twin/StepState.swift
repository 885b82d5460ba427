/// The decisions and inputs of one time step, which controllers read and change.
public struct StepState: Sendable {
    public var index: Int
    /// Demand per bus before any shedding, MW and Mvar.
    public var demandMW: [Double]
    public var demandMvar: [Double]
    /// Per plant: available and used output, MW (used ≤ available).
    public var availableMW: [Double]
    public var usedMW: [Double]
    /// Of the curtailment, how much was for congestion or voltage (the rest balanced a surplus), MW.
    public var congestionCurtailedMW: Double = 0
    /// Per storage unit: charge and discharge this step, MW, and the state of charge at the step's start (fraction).
    public var chargeMW: [Double]
    public var dischargeMW: [Double]
    public var stateOfCharge: [Double]
    /// Set points of the grid's generators, MW.
    public var generatorMW: [Double]
    /// Load not served, MW (shed in proportion at every load bus).
    public var unservedMW: Double = 0
    /// Total demand, MW.
    public var totalDemandMW: Double { demandMW.reduce(0, +) }
    public var curtailedMW: Double { zip(availableMW, usedMW).reduce(0) { $0 + $1.0 - $1.1 } }
}

/// What controllers may consult: the scenario, the previous step, the power-flow sensitivities.
public struct SimulationContext: Sendable {
    public var scenario: PreparedScenario
    /// Generator outputs of the previous step, MW (for ramp limits).
    public var previousGeneratorMW: [Double]
    /// Losses of the previous step, MW (the balance's estimate for this one).
    public var previousLossesMW: Double
    /// DC sensitivities of each branch's flow to each plant's injection (balanced at the reference).
    public var plantSensitivities: [[Double]]
    /// The same for each generator (empty when the grid is too large to hold them: the reference then takes up
    /// all redispatch).
    public var generatorSensitivities: [[Double]]
}

/// A control element of the twin, as pandapower's controllers or OpenDSS's control objects: it sets up each step
/// before the power flow and may respond to its result, asking for another power flow. New ones (tap changers,
/// Q(V) inverters, a forecast-driven storage schedule) plug in without touching the engine.
public protocol TwinController: Sendable {
    /// A name for reports.
    var name: String { get }
    /// Before the step's first power flow.
    mutating func prepare(_ step: inout StepState, context: SimulationContext)
    /// After each converged power flow; returns true when it changed the step and wants another power flow.
    mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool
}

extension TwinController {
    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {}
    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool { false }
}
