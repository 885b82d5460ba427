/// What a measurement measures (the `kind` column of a measurement file).
public enum MeasurementKind: String, Sendable, CaseIterable {
    /// Bus voltage magnitude, p.u.
    case voltageMagnitude = "vm"
    /// Bus voltage angle (a PMU), degrees, against the same reference as the case.
    case voltageAngle = "va"
    /// Net active and reactive injection at a bus (generation positive), p.u. on baseMVA.
    case activeInjection = "p_inj"
    case reactiveInjection = "q_inj"
    /// Active and reactive flow into a branch at one end, p.u. on baseMVA.
    case activeFlow = "p_flow"
    case reactiveFlow = "q_flow"
    /// Current magnitude into a branch at one end, p.u. (baseMVA and the end's base kV).
    case currentMagnitude = "i_mag"

    /// Whether it is measured at a branch end (element = branch row) rather than at a bus.
    public var isBranchQuantity: Bool { self == .activeFlow || self == .reactiveFlow || self == .currentMagnitude }
}
