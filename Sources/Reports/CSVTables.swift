import GridModel
import PowerFlow

/// The solved state as three CSV tables (buses, branches, generators), MATPOWER units, full precision.
public struct CSVTables {
    public var buses: String
    public var branches: String
    public var generators: String

    public init(_ solution: PowerFlowSolution) {
        let grid = solution.grid
        let magnitudes = solution.magnitudesPU, angles = solution.anglesDegrees
        var buses = "bus_id,type,vm_pu,va_deg,p_load_mw,q_load_mvar\n"
        for (b, bus) in grid.buses.enumerated() {
            buses += "\(bus.id),\(bus.type.rawValue),\(magnitudes[b]),\(angles[b]),\(bus.demandMW),\(bus.demandMvar)\n"
        }
        var branches = "index,from,to,in_service,p_from_mw,q_from_mvar,p_to_mw,q_to_mvar,loss_mw,rate_a_mva,loading_percent\n"
        for (k, branch) in grid.branches.enumerated() {
            let flow = solution.branches[k]
            branches += "\(k + 1),\(branch.fromBus),\(branch.toBus),\(branch.inService ? 1 : 0),\(flow.fromMW),\(flow.fromMvar),"
            branches += "\(flow.toMW),\(flow.toMvar),\(flow.lossMW),\(branch.rateAMVA),\(flow.loadingPercent.map { String($0) } ?? "")\n"
        }
        var generators = "index,bus,in_service,p_mw,q_mvar\n"
        for (g, generator) in grid.generators.enumerated() {
            let dispatch = solution.generators[g]
            generators += "\(g + 1),\(generator.bus),\(generator.inService ? 1 : 0),\(dispatch.activeMW),\(dispatch.reactiveMvar)\n"
        }
        self.buses = buses
        self.branches = branches
        self.generators = generators
    }

    /// Writes `buses.csv`, `branches.csv` and `generators.csv` into `directory` (created if needed).
    public func write(to directory: String) throws {
        try FileOutput.createDirectory(directory)
        try FileOutput.write(buses, to: directory + "/buses.csv")
        try FileOutput.write(branches, to: directory + "/branches.csv")
        try FileOutput.write(generators, to: directory + "/generators.csv")
    }
}
