/// Why buses stayed outside the voltage band after the voltage control.
public enum VoltageLimitCause: String, Sendable, CaseIterable {
    /// The set-points could have brought every bus into the band, but the regulating generators' reactive limits
    /// stopped them: more reactive capability (or a unit committed for voltage support) is needed.
    case reactiveLimits = "reactive_limits"
    /// Even without reactive limits, set-points inside the band cannot reach these buses: reactors, capacitors or
    /// tap changes are needed.
    case setpointRange = "setpoint_range"
    /// The control's linearization had not settled within its rounds, or there is no voltage control.
    case unresolved
}
