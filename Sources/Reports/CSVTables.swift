import Foundation
import GridNetwork
import GridModel
import OutputFiles
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
            buses += "\(bus.id),\(bus.type.rawValue),\(Self.field(magnitudes[b])),\(Self.field(angles[b])),\(Self.field(bus.demandMW)),\(Self.field(bus.demandMvar))\n"
        }
        var branches = "index,from,to,in_service,p_from_mw,q_from_mvar,p_to_mw,q_to_mvar,loss_mw,rate_a_mva,loading_percent\n"
        for (k, branch) in grid.branches.enumerated() {
            let flow = solution.branches[k]
            branches += "\(k + 1),\(branch.fromBus),\(branch.toBus),\(branch.inService ? 1 : 0),\(Self.field(flow.fromMW)),\(Self.field(flow.fromMvar)),"
            branches += "\(Self.field(flow.toMW)),\(Self.field(flow.toMvar)),\(Self.field(flow.lossMW)),\(Self.field(branch.rateAMVA)),\(flow.loadingPercent.map(Self.field) ?? "")\n"
        }
        var generators = "index,bus,in_service,p_mw,q_mvar\n"
        for (g, generator) in grid.generators.enumerated() {
            let dispatch = solution.generators[g]
            generators += "\(g + 1),\(generator.bus),\(generator.inService ? 1 : 0),\(Self.field(dispatch.activeMW)),\(Self.field(dispatch.reactiveMvar))\n"
        }
        self.buses = buses
        self.branches = branches
        self.generators = generators
    }

    /// A CSV field: the shortest exact text, empty for a value that is not a finite number.
    private static func field(_ value: Double) -> String { NumberText.shortest(value) }

    /// Writes `buses.csv`, `branches.csv` and `generators.csv` into `directory` as one ``OutputFolder``: all three or
    /// none, never over a user's file or an input.
    public func write(to directory: String, inputs: [String]) throws(OutputError) {
        try OutputFolder(path: directory, command: "solve", inputs: inputs).write([
            ("buses.csv", Data(buses.utf8)), ("branches.csv", Data(branches.utf8)), ("generators.csv", Data(generators.utf8)),
        ])
    }
}
