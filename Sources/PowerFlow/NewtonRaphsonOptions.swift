/// Settings of a Newton-Raphson power flow (MATPOWER's defaults).
public struct NewtonRaphsonOptions: Sendable, Equatable {
    /// Convergence tolerance on the infinity norm of the P and Q mismatch, p.u.
    public var tolerancePU: Double
    /// Most Newton updates before giving up.
    public var maximumIterations: Int
    /// How much of each Newton step is taken.
    public var stepControl: StepControl
    /// Take the first step with the factors left by the previous solve instead of a new Jacobian — for a warm
    /// start from the previous solution of the same grid (a time series step), where that Jacobian is nearly the
    /// one at the start. Later steps refactor as usual.
    public var reusePreviousFactorization: Bool = false
    /// Take the final step with the last factors when the mismatch has fallen 100-fold to below 1e-5 p.u. (once
    /// per solve): near the solution the Jacobian barely changes, the step still lands below the tolerance, and one
    /// refactorization is saved (12 % of a warm solve on ACTIVSg70k: `gridtwin solve --repeat`, timing.warm_ms). Same iteration counts on every shared case;
    /// should a step not converge, the next one refactors.
    public var reuseFactorsNearConvergence: Bool = true

    /// Step-length control of Newton-Raphson.
    public enum StepControl: String, Sendable, Equatable {
        /// The full Newton step (MATPOWER's behaviour).
        case full
        /// Backtracking: halve the step until the 2-norm of the mismatch decreases (up to 8 times).
        case lineSearch = "line-search"
    }

    public init(tolerancePU: Double = 1e-8, maximumIterations: Int = 10, stepControl: StepControl = .full) {
        self.tolerancePU = tolerancePU
        self.maximumIterations = maximumIterations
        self.stepControl = stepControl
    }
}
