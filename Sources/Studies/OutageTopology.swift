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

    /// The buses a bridge's outage cuts off, ascending, when there are at most
    /// ``ContingencyAnalysis/deadIslandLimit`` of them and none holds generation (nil otherwise).
    func deadSide(of k: Int) -> [Int]? {
        guard let side = smallSide(of: k), !side.contains(where: generationAt.contains) else { return nil }
        return side
    }

    /// The buses a bridge's outage cuts off, ascending, when there are at most ``ContingencyAnalysis/deadIslandLimit``
    /// of them, some hold generation and none is a reference bus (they then form an island of their own).
    func generationSide(of k: Int) -> [Int]? {
        guard let side = smallSide(of: k), side.contains(where: generationAt.contains), !side.contains(where: referenceBuses.contains)
        else { return nil }
        return side
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
