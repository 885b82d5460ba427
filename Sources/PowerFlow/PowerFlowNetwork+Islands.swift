import GridModel
import GridNetwork

extension PowerFlowNetwork {
    /// The islands of `grid` and the network compiled from the grid they prepare (each island with generation has a
    /// reference, the others are isolated): the set-up every power-flow method starts from.
    static func islanded(grid: Grid) throws(PowerFlowError) -> (islands: IslandAnalysis, network: PowerFlowNetwork) {
        let islands = IslandAnalysis(grid: grid)
        guard islands.islands.contains(where: \.isEnergized) else { throw PowerFlowError.noReferenceBus }
        let network = try compiled(grid: islands.isSingleIsland ? grid : islands.preparedGrid, lookup: islands.lookup)
        return (islands, network)
    }
}
