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
