/// Settings of a Newton-Raphson power flow (MATPOWER's defaults).
public struct NewtonRaphsonOptions: Sendable, Equatable {
    /// Convergence tolerance on the infinity norm of the P and Q mismatch, p.u.
    public var tolerancePU: Double
    /// Most Newton updates before giving up.
    public var maximumIterations: Int

    public init(tolerancePU: Double = 1e-8, maximumIterations: Int = 10) {
        self.tolerancePU = tolerancePU
        self.maximumIterations = maximumIterations
    }
}
