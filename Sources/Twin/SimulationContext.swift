import GridNetwork
import Numerics

/// What controllers may consult: the scenario, the previous step, the power-flow sensitivities, what comes next.
public struct SimulationContext {
    public var scenario: PreparedScenario
    /// Generator outputs of the previous step, MW (for ramp limits).
    public var previousGeneratorMW: [Double]
    /// Losses of the previous step, MW (the balance's estimate for this one).
    public var previousLossesMW: Double
    /// The previous step's AC voltages (the case's before the first step): where loss factors are taken.
    public var previousVoltages: [Complex<Double>] = []
    /// DC sensitivities of each branch's flow to each plant's injection (balanced at the reference).
    public var plantSensitivities: [[Double]]
    /// The same for each generator (empty when the grid is too large to hold them: the reference then takes up
    /// all redispatch).
    public var generatorSensitivities: [[Double]]
    /// The same for each storage unit.
    public var storageSensitivities: [[Double]] = []
    /// The factored DC network (nil without one, e.g. a branch with X = 0), for PTDF rows and DC flows.
    public var dc: DCSensitivities?
    /// The DC flows the phase shifters drive on their own, MW (zeros without phase shifters).
    public var shiftFlowsMW: [Double] = []
    /// The steps after this one that a look-ahead window sees (forecasts: the scenario's own profiles in a batch
    /// run), at most the window less one.
    public var lookahead: [StepInputs] = []
}
