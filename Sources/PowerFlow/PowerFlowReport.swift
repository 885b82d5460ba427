import GridNetwork

/// A solved (or not converged) power flow with its diagnostics.
public struct PowerFlowReport: Sendable {
    public var solution: PowerFlowSolution
    /// Iterations, mismatch history, failure.
    public var outcome: SolveOutcome
    public var timing: PowerFlowTiming
    /// The method that produced it.
    public var method: PowerFlowMethod
    /// The grid's islands (one, unless branches or buses are out so that it splits).
    public var islands: [Island]
    /// How the solve got there, when the first attempt was not enough (robust start).
    public var strategy: SolveStrategyReport?
    /// Generators held at reactive limits, when limits were enforced.
    public var reactiveLimits: ReactiveLimitSummary?

    /// A report as each solver makes it: its own method and the islands it solved.
    public init(
        solution: PowerFlowSolution, outcome: SolveOutcome, timing: PowerFlowTiming, method: PowerFlowMethod,
        islands: [Island]
    ) {
        self.solution = solution
        self.outcome = outcome
        self.timing = timing
        self.method = method
        self.islands = islands
    }

    public var converged: Bool { outcome.converged }
}
