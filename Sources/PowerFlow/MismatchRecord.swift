/// The largest power mismatch at one point of a Newton-Raphson run.
public struct MismatchRecord: Sendable, Equatable {
    /// Newton updates made before this measurement (0 = at the start).
    public var iteration: Int
    /// Infinity norm of the P and Q mismatch, p.u.
    public var maximumMismatchPU: Double
    /// Position (in bus-table order) of the bus where it is largest, or −1 when there is no unknown.
    public var worstBusPosition: Int
    /// Whether the largest mismatch is in reactive (Q) rather than real (P) power.
    public var worstIsReactive: Bool
}
