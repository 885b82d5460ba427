import GridNetwork
import Numerics

/// What a solve produced — Newton-Raphson, fast-decoupled or DC.
public struct SolveOutcome: Sendable {
    /// Final bus voltages, p.u., bus-table order (isolated buses keep their start value).
    public var voltages: [Complex<Double>]
    public var converged: Bool
    /// Newton updates made.
    public var iterations: Int
    /// The mismatch before the first update and after each one.
    public var history: [MismatchRecord]
    /// Why the run did not converge (nil when it did).
    public var failure: SolveFailure?
    public var timing: SolveTiming
    /// Distributed slack: the slack power (p.u.) of each island, stored at its reference bus's position (0 elsewhere).
    public var slackPowerPU: [Double]? = nil

    /// Final infinity norm of the mismatch, p.u.
    public var maximumMismatchPU: Double { history.last?.maximumMismatchPU ?? .nan }
}
