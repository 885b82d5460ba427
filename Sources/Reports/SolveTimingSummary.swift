import GridModel
import PowerFlow
import GridNetwork

/// The timing block of a solve report, milliseconds (what `peers.py versus` reads).
public struct SolveTimingSummary: Sendable, Encodable {
    /// A solve from scratch: Ybus, symbolic analysis, Newton iterations (excluding parsing and post-processing).
    /// With repeats, the median of that many rebuilt solves in this warmed-up process (as lightsim2grid measures its
    /// cold solve); without, the first solve.
    public var coldMs: Double
    /// The very first solve of the process, same parts as `coldMs`.
    public var firstSolveMs: Double
    /// Median wall-clock time of the repeated solves (same start, Ybus and analysis reused, everything in the solve
    /// counted), or `nil` without repeats.
    public var warmMs: Double?
    /// Number of repeated solves.
    public var `repeat`: Int
    public var parseMs: Double
    public var ybusMs: Double
    public var analysisMs: Double
    /// Per cold solve: mismatch evaluation, Jacobian assembly, KLU factorization, KLU triangular solves.
    public var mismatchMs: Double
    public var jacobianMs: Double
    public var factorizationMs: Double
    public var solveMs: Double
    /// Median per warm solve of the same four parts, when repeated.
    public var warmJacobianMs: Double?
    public var warmFactorizationMs: Double?
    public var warmSolveMs: Double?
    /// Flows, generator outputs and violations after the solve.
    public var resultsMs: Double

    public init(parseSeconds: Double, cold: PowerFlowTiming, warm: [SolveTiming], rebuiltColdSeconds: [Double] = []) {
        firstSolveMs = (cold.admittance + cold.analysis + cold.newton.mismatch + cold.newton.jacobian
            + cold.newton.factorization + cold.newton.solve) * 1000
        parseMs = parseSeconds * 1000
        ybusMs = cold.admittance * 1000
        analysisMs = cold.analysis * 1000
        mismatchMs = cold.newton.mismatch * 1000
        jacobianMs = cold.newton.jacobian * 1000
        factorizationMs = cold.newton.factorization * 1000
        solveMs = cold.newton.solve * 1000
        resultsMs = cold.results * 1000
        self.repeat = warm.count
        func median(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
        coldMs = median(rebuiltColdSeconds.map { $0 * 1000 }) ?? firstSolveMs
        warmMs = median(warm.map { ($0.wallClock > 0 ? $0.wallClock : $0.mismatch + $0.jacobian + $0.factorization + $0.solve) * 1000 })
        warmJacobianMs = median(warm.map { $0.jacobian * 1000 })
        warmFactorizationMs = median(warm.map { $0.factorization * 1000 })
        warmSolveMs = median(warm.map { $0.solve * 1000 })
    }
}
