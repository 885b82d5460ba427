import Numerics
import GridNetwork

/// The largest power mismatch at one point of a Newton-Raphson run.
public struct MismatchRecord: Sendable, Equatable {
    /// Newton updates made before this measurement (0 = at the start).
    public var iteration: Int
    /// Infinity norm of the P and Q mismatch, p.u.
    public var maximumMismatchPU: Double
    /// Position (in bus-table order) of the bus where it is largest, or −1 when there is no unknown.
    public var worstBusPosition: Int
    /// Whether the largest mismatch is in reactive (Q) rather than real (P) power.
    public var worstIsReactive: Bool
}

/// Where the time of a solve went, seconds.
public struct SolveTiming: Sendable, Equatable {
    public var mismatch: Double = 0
    public var jacobian: Double = 0
    public var factorization: Double = 0
    public var solve: Double = 0
    /// Full factorizations and refactorizations (same pivot order) performed.
    public var factorizations: Int = 0
    public var refactorizations: Int = 0
    /// Wall-clock time of the whole solve when the caller measured it (setup and bookkeeping included), else 0.
    public var wallClock: Double = 0

    public init() {}

    public static func + (a: SolveTiming, b: SolveTiming) -> SolveTiming {
        var sum = SolveTiming()
        sum.mismatch = a.mismatch + b.mismatch
        sum.jacobian = a.jacobian + b.jacobian
        sum.factorization = a.factorization + b.factorization
        sum.solve = a.solve + b.solve
        sum.factorizations = a.factorizations + b.factorizations
        sum.refactorizations = a.refactorizations + b.refactorizations
        return sum
    }
}

/// What a Newton-Raphson run produced.
public struct NewtonRaphsonOutcome: Sendable {
    /// Final bus voltages, p.u., bus-table order (isolated buses keep their start value).
    public var voltages: [Complex<Double>]
    public var converged: Bool
    /// Newton updates made.
    public var iterations: Int
    /// The mismatch before the first update and after each one.
    public var history: [MismatchRecord]
    /// Why the run stopped early, when it did (diverged, singular Jacobian).
    public var failure: String?
    public var timing: SolveTiming
    /// Distributed slack: the slack power (p.u.) of each island, stored at its reference bus's position (0 elsewhere).
    public var slackPowerPU: [Double]? = nil

    /// Final infinity norm of the mismatch, p.u.
    public var maximumMismatchPU: Double { history.last?.maximumMismatchPU ?? .nan }
}
