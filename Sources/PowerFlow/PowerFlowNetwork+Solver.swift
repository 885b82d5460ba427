import GridModel
import GridNetwork

extension PowerFlowNetwork {
    /// Compiles `grid` for a power-flow solver, its network errors as ``PowerFlowError``s.
    static func compiled(grid: Grid, lookup: BusLookup? = nil) throws(PowerFlowError) -> PowerFlowNetwork {
        do {
            return try PowerFlowNetwork(grid: grid, lookup: lookup)
        } catch {
            throw PowerFlowError(error)
        }
    }
}
