/// Why a power-flow solve stopped without converging — one type for every method (as lightsim2grid's
/// `ErrorType`). A solve that did not converge is a result; ``PowerFlowError`` is for what could not be set up.
public enum SolveFailure: Sendable, Equatable, CustomStringConvertible {
    /// The mismatch grew beyond 10^10 p.u., or stopped being a number.
    case diverged(mismatchPU: Double)
    /// The Jacobian (or B′, B″) could not be factored at this iteration (1-based).
    case singularMatrix(iteration: Int, detail: String)
    /// The iteration limit was reached with this mismatch.
    case iterationLimit(iterations: Int, mismatchPU: Double)
    /// Enforcing reactive limits left no voltage-controlling generator within its limits.
    case reactiveLimits(String)

    public var description: String {
        switch self {
        case .diverged(let mismatch):
            return mismatch.isFinite
                ? "diverged: the mismatch grew to \(mismatch) p.u." : "diverged: the mismatch is no longer a finite number"
        case .singularMatrix(let iteration, let detail):
            return "the Jacobian is singular at iteration \(iteration) (\(detail))"
        case .iterationLimit(let iterations, let mismatch):
            return mismatch.isFinite
                ? "no convergence in \(iterations) iterations (mismatch \(mismatch) p.u.)"
                : "no convergence in \(iterations) iterations"
        case .reactiveLimits(let detail): return detail
        }
    }
}
