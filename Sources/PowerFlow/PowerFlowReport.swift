import GridNetwork

/// The power-flow methods GridTwin offers.
public enum PowerFlowMethod: String, Sendable, CaseIterable, Codable {
    /// Newton-Raphson, polar, power-balance mismatch (MATPOWER's default `NR`).
    case newtonRaphson = "nr"
    /// Fast-decoupled, XB version (MATPOWER's `FDXB`).
    case fastDecoupledXB = "fdxb"
    /// Fast-decoupled, BX version (MATPOWER's `FDBX`).
    case fastDecoupledBX = "fdbx"
    /// DC power flow (MATPOWER's `rundcpf`).
    case dc
}

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

/// What enforcing reactive limits did.
public struct ReactiveLimitSummary: Sendable {
    public var limitedGenerators: [LimitedGenerator]
    public var rounds: Int
    public var totalIterations: Int
    public var newReferenceBus: Int?
    public var failure: String?
}

/// The attempts of a robust solve: which strategy converged, after which ones failed.
public struct SolveStrategyReport: Sendable {
    public struct Attempt: Sendable {
        /// e.g. `newton-raphson from flat start`, `newton-raphson from DC angles with line search`.
        public var description: String
        public var converged: Bool
        public var iterations: Int
        public var finalMismatchPU: Double
        /// Why it was not accepted, when it was not.
        public var rejection: String?
    }

    public var attempts: [Attempt]
    /// The attempt whose result is reported.
    public var chosen: Int
}
