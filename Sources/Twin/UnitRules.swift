/// Commitment rules of one generator for the optimal dispatch (`dispatch.units` in a scenario).
public struct UnitRules: Sendable, Equatable {
    /// Committed every step (its PMIN binds).
    public var mustRun = false
    /// Steps a unit stays on after a start, and off after a stop (1 = no rule).
    public var minUpSteps = 1
    public var minDownSteps = 1
    /// Cost of a start and of a stop, $.
    public var startupCost = 0.0
    public var shutdownCost = 0.0

    public init(mustRun: Bool = false, minUpSteps: Int = 1, minDownSteps: Int = 1, startupCost: Double = 0, shutdownCost: Double = 0) {
        self.mustRun = mustRun
        self.minUpSteps = minUpSteps
        self.minDownSteps = minDownSteps
        self.startupCost = startupCost
        self.shutdownCost = shutdownCost
    }

    /// Whether the unit needs a commitment decision beyond its output alone.
    public func needsCommitment(minimumMW: Double) -> Bool {
        minimumMW > 0 || mustRun || minUpSteps > 1 || minDownSteps > 1 || startupCost > 0 || shutdownCost > 0
    }
}
