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
    /// When the step's power flow diverged before any of its power flows converged: a controller may change what made
    /// it diverge (the optimal dispatch keeps on the units it had just switched off). Returns true when it changed
    /// the step and wants another power flow.
    mutating func respondToDivergence(step: inout StepState, context: SimulationContext) -> Bool
}

extension TwinController {
    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {}
    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool { false }
    public mutating func respondToDivergence(step: inout StepState, context: SimulationContext) -> Bool { false }
}
