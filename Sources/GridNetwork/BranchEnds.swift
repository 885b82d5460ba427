import GridModel

/// Positions in the bus table of a branch's two ends (−1 for a bus that does not exist).
public struct BranchEnds: Sendable, Equatable {
    public var from: Int
    public var to: Int

    /// The ends of every branch of `grid`.
    public static func all(of grid: Grid, lookup: BusLookup) -> [BranchEnds] {
        grid.branches.map { BranchEnds(from: lookup[$0.fromBus] ?? -1, to: lookup[$0.toBus] ?? -1) }
    }
}
