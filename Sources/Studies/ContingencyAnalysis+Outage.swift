import GridFormats
import GridModel

extension ContingencyAnalysis {
    /// A bridge whose outage cuts off at most this many buses, none with generation, is solved on the base
    /// pattern (the cut-off buses de-energized); beyond, the grid is rebuilt.
    static let deadIslandLimit = 12
    /// Chord iterations on the base factors before an outage falls back to a full Newton-Raphson.
    static let chordIterationLimit = 12

    struct Outage: Sendable {
        var element: OutageElement
        var branch: Int?
        var generator: Int?
        var splitsGrid: Bool
        /// A change table's contingency that is more than one branch's outage: the table and its file.
        var changes: (table: ChangeTable, file: String)?
        /// The buses a bridge's outage de-energizes, when they hold no generation and are few (see
        /// ``deadIslandLimit``): the outage is then solved on the base pattern.
        var deadBuses: [Int]?
        /// The buses a bridge's outage cuts off into an island with generation of its own, when they are few: the
        /// rest is solved on the base pattern, the island alone.
        var generationIsland: [Int]?
        /// Position among all outages in ``OutageElement`` order.
        var rank = 0
        /// The second branch of an N-2 pair.
        var secondBranch: Int?
        /// The second generator of an N-2 pair of generators.
        var secondGenerator: Int?

        /// Solved on the base case's pattern and factors (a branch outage that keeps the grid connected or only
        /// de-energizes a few buses without generation).
        var isOnBasePattern: Bool {
            branch != nil && generator == nil && secondBranch == nil && changes == nil && (!splitsGrid || deadBuses != nil || generationIsland != nil)
        }
    }

}
