import GridModel
import GridNetwork

/// What the outage list needs to know of a network's connectivity: the branches whose outage splits it (bridges)
/// and, for those, the buses cut off when they are few (solved on the base pattern: de-energized, or an island of
/// their own when they hold generation).
struct OutageTopology: Sendable {
    let graph: BusGraph
    let bridges: Set<Int>
    let branchEnds: [BranchEnds]
    /// Bus positions with an in-service generator.
    let generationAt: Set<Int>
    /// The network's reference buses.
    let referenceBuses: Set<Int>

    init(grid: Grid, network: PowerFlowNetwork) {
        graph = BusGraph(network: network)
        bridges = graph.bridges()
        branchEnds = network.branchEnds
        let lookup = grid.busLookup()
        generationAt = Set(grid.generators.filter(\.inService).compactMap { lookup[$0.bus] })
        referenceBuses = Set(network.roles.roles.indices.filter { network.roles.roles[$0] == .slack })
    }

    /// The outage of in-model branch `k`, named `element`: whether it splits the grid and, when it cuts off at most
    /// ``ContingencyAnalysis/deadIslandLimit`` buses, whether those hold generation (an island of their own, unless
    /// one is a reference bus) or not (de-energized).
    func branchOutage(_ k: Int, element: OutageElement) -> ContingencyAnalysis.Outage {
        var outage = ContingencyAnalysis.Outage(element: element, branch: k, generator: nil, splitsGrid: bridges.contains(k))
        if let side = smallSide(of: k) {
            if !side.contains(where: generationAt.contains) {
                outage.deadBuses = side
            } else if !side.contains(where: referenceBuses.contains) {
                outage.generationIsland = side
            }
        }
        return outage
    }

    /// The smaller side of a bridge when it has at most ``ContingencyAnalysis/deadIslandLimit`` buses.
    private func smallSide(of k: Int) -> [Int]? {
        guard bridges.contains(k) else { return nil }
        for end in [branchEnds[k].to, branchEnds[k].from] {
            if let side = graph.buses(reachedFrom: end, avoiding: k, limit: ContingencyAnalysis.deadIslandLimit) { return side }
        }
        return nil
    }
}
