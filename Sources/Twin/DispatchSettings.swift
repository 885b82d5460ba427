/// How the optimal dispatch decides (`dispatch` in a scenario).
public struct DispatchSettings: Sendable, Equatable {
    /// How commitment decisions are made over the window.
    public enum Commitment: String, Sendable, CaseIterable {
        /// Binary on/off per unit in the step being decided, solved by branch and cut (Cbc); the look-ahead periods,
        /// re-decided at their own steps, relaxed to [0, 1].
        case milp
        /// Binary on/off per unit in every period of the window: exact over the window, and much slower on grids
        /// with many units (Cbc's search grows with the binaries).
        case milpWindow = "milp-window"
        /// The LP relaxation, the step's commitment rounded (to the nearest and up, the cheaper kept), then re-solved
        /// as an LP: the fast option.
        case relaxed

        /// How many periods of a window of `periods` have binary commitment.
        public func integerPeriods(of periods: Int) -> Int {
            switch self {
            case .milp: 1
            case .milpWindow: periods
            case .relaxed: 0
            }
        }
    }

    /// Periods optimised together, the first applied (1 = a per-step dispatch); re-optimised every step.
    public var windowSteps = 1
    public var commitment = Commitment.milp
    /// $/MWh of curtailed renewable energy, and of unserved load.
    public var curtailmentPenalty = 1.0
    public var valueOfLostLoad = 10_000.0
    /// $/MWh per MW of flow beyond a branch's DC limit: the limits are soft at this price, above any redispatch
    /// or curtailment and below shedding load (`dispatch.flow_limit_penalty`).
    public var flowLimitPenalty = 5_000.0
    /// Whether the first period's balance carries marginal loss factors from the last AC state (penalty factors),
    /// or the losses as a lump (the default). Opt-in: with linear costs a dispatch linearized at the last state can
    /// swing between a remote and a local unit from one step to the next (the loss-optimal split is interior, which
    /// a linearization cannot reach); piecewise-linear losses per branch would remove that.
    public var lossFactors = false
    /// Hours a unit kept on for voltage support stays committed; 0 turns it off (`dispatch.voltage_support_hours`).
    /// When a step's first power flow diverges with the units its commitment switched off, they stay on and the step
    /// is decided again (``OptimalDispatchController/respondToDivergence(step:context:)``).
    public var voltageSupportHours = 8.0
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
