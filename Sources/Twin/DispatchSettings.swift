/// How the optimal dispatch decides (`dispatch` in a scenario).
public struct DispatchSettings: Sendable, Equatable {
    /// How commitment decisions are made over the window.
    public enum Commitment: String, Sendable, CaseIterable {
        /// Binary on/off per unit and period, solved by branch and cut (Cbc).
        case milp
        /// The LP relaxation, rounded, then re-solved as an LP with the commitment fixed: the fast option.
        case relaxed
    }

    /// Periods optimised together, the first applied (1 = a per-step dispatch); re-optimised every step.
    public var windowSteps = 1
    public var commitment = Commitment.milp
    /// $/MWh of curtailed renewable energy, and of unserved load.
    public var curtailmentPenalty = 1.0
    public var valueOfLostLoad = 10_000.0
    /// Per generator (in table order).
    public var units: [UnitRules] = []

    public init(windowSteps: Int = 1, commitment: Commitment = .milp, curtailmentPenalty: Double = 1, valueOfLostLoad: Double = 10_000, units: [UnitRules] = []) {
        self.windowSteps = windowSteps
        self.commitment = commitment
        self.curtailmentPenalty = curtailmentPenalty
        self.valueOfLostLoad = valueOfLostLoad
        self.units = units
    }
}
