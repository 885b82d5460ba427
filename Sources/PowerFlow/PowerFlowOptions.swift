import GridModel
import GridNetwork

/// Everything a power flow can be asked for — the one options type of every method and of the study that runs
/// them; Newton-Raphson's (and fast-decoupled's) iteration settings are nested in ``newton``.
public struct PowerFlowOptions: Sendable, Equatable {
    public var method: PowerFlowMethod
    /// Tolerance, iteration limit and step control (Newton-Raphson; tolerance and limit for fast-decoupled).
    public var newton: NewtonRaphsonOptions
    public var start: VoltageStart
    /// Share the active-power balance among generators (distributed slack) instead of the reference generator
    /// (Newton-Raphson only).
    public var distributedSlack: SlackParticipation.Source?
    /// Enforce generator reactive limits as MATPOWER's `enforce_q_lims = 1` (Newton-Raphson only).
    public var enforceReactiveLimits: Bool
    /// When the first Newton-Raphson attempt fails (or lands on a low-voltage solution), try a DC-angle start with a
    /// line search, then a flat start with a line search.
    public var fallback: Bool

    public init(
        method: PowerFlowMethod = .newtonRaphson, newton: NewtonRaphsonOptions = NewtonRaphsonOptions(),
        start: VoltageStart = .fromCase, distributedSlack: SlackParticipation.Source? = nil,
        enforceReactiveLimits: Bool = false, fallback: Bool = true
    ) {
        self.method = method
        self.newton = newton
        self.start = start
        self.distributedSlack = distributedSlack
        self.enforceReactiveLimits = enforceReactiveLimits
        self.fallback = fallback
    }
}
