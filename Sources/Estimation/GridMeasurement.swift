/// One measurement of the grid (named apart from Foundation's unit `Measurement`): what, where, its value and its standard deviation (the weight of WLS is 1/σ²).
public struct GridMeasurement: Sendable, Equatable {
    public var kind: MeasurementKind
    /// Bus position (bus quantities) or branch index (branch quantities), 0-based in the grid's tables.
    public var element: Int
    /// For branch quantities: measured at the from end (true) or the to end.
    public var atFromEnd: Bool
    /// p.u. (degrees for angles).
    public var value: Double
    /// Standard deviation, same unit, > 0.
    public var sigma: Double
    /// An equality constraint rather than a sensor (a zero injection): never bad data. The gain form weights it by
    /// 1/σ² (σ tiny); the augmented (Hachtel) form holds it exactly.
    public var isEquality: Bool

    public init(
        kind: MeasurementKind, element: Int, atFromEnd: Bool = true, value: Double, sigma: Double, isEquality: Bool = false
    ) {
        self.kind = kind
        self.element = element
        self.atFromEnd = atFromEnd
        self.value = value
        self.sigma = sigma
        self.isEquality = isEquality
    }
}
