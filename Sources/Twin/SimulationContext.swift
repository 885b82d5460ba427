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
    /// The same for each storage unit.
    public var storageSensitivities: [[Double]] = []
    /// DC flow of each branch (MW, from → to) that the step's loads alone cause, balanced at the reference (empty
    /// unless the scenario dispatches optimally).
    public var loadFlowsMW: [Double] = []
}
