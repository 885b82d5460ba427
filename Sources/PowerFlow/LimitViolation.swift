/// A quantity outside its limit in a solved state.
public struct LimitViolation: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case voltageHigh = "voltage_high"
        case voltageLow = "voltage_low"
        case branchOverload = "branch_overload"
        case reactivePowerHigh = "generator_q_high"
        case reactivePowerLow = "generator_q_low"
        case activePowerHigh = "generator_p_high"
        case activePowerLow = "generator_p_low"
    }

    public var kind: Kind
    /// The element, e.g. `bus 12`, `branch 12-16`, `generator 3 at bus 4`.
    public var element: String
    /// Position of the element in its table (bus, branch or generator).
    public var index: Int
    public var value: Double
    public var limit: Double
    /// Unit of `value` and `limit`: `p.u.`, `%` (of RATE_A), `Mvar`, `MW`.
    public var unit: String

    /// How far beyond the limit, in the violation's unit (positive).
    public var excess: Double { abs(value - limit) }

    public init(kind: Kind, element: String, index: Int, value: Double, limit: Double, unit: String) {
        self.kind = kind
        self.element = element
        self.index = index
        self.value = value
        self.limit = limit
        self.unit = unit
    }
}
