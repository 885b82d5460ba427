/// Where the time of one power flow went, seconds.
public struct PowerFlowTiming: Sendable, Equatable {
    /// Compiling the network: bus roles, injections, branch admittances and Ybus.
    public var admittance: Double = 0
    /// Jacobian pattern and KLU's symbolic analysis.
    public var analysis: Double = 0
    /// The Newton iterations.
    public var newton = SolveTiming()
    /// Post-processing: flows, generator outputs, violations.
    public var results: Double = 0
    /// Everything above.
    public var total: Double = 0

    public init() {}
}
