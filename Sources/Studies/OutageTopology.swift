import GridModel
import GridNetwork

/// What the outage list needs to know of a network's connectivity: the branches whose outage splits it (bridges)
/// and, for those, the buses cut off when they are few and hold no generation (solved on the base pattern, those
/// buses de-energized).
struct OutageTopology: Sendable {
    let graph: BusGraph
    let bridges: Set<Int>
    let branchEnds: [BranchEnds]
    /// Bus positions with an in-service generator.
    let generationAt: Set<Int>

    init(grid: Grid, network: PowerFlowNetwork) {
        graph = BusGraph(network: network)
        bridges = graph.bridges()
        branchEnds = network.branchEnds
        let lookup = grid.busLookup()
        generationAt = Set(grid.generators.filter(\.inService).compactMap { lookup[$0.bus] })
    }

    /// The buses a bridge's outage cuts off, ascending, when there are at most
    /// ``ContingencyAnalysis/deadIslandLimit`` of them and none holds generation (nil otherwise).
    func deadSide(of k: Int) -> [Int]? {
        guard bridges.contains(k) else { return nil }
        for end in [branchEnds[k].to, branchEnds[k].from] {
            if let side = graph.buses(reachedFrom: end, avoiding: k, limit: ContingencyAnalysis.deadIslandLimit) {
                return side.contains(where: generationAt.contains) ? nil : side
            }
        }
        return nil
    }
}
