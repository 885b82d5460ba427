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
