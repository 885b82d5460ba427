/// An electrical island: buses connected through in-service branches.
public struct Island: Sendable, Equatable {
    /// Positions in the bus table, ascending.
    public var buses: [Int]
    /// Whether the island is solved (it has generation); otherwise its buses are de-energized.
    public var isEnergized: Bool
    /// Position of the island's reference bus, when energized.
    public var referenceBus: Int?
    /// Whether GridTwin chose the reference (the island had no usable type-3 bus).
    public var referenceWasChosen: Bool
    /// Demand in the island, MW (lost when de-energized).
    public var demandMW: Double
}
