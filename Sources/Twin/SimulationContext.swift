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
