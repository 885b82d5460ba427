import GridModel


/// Finds the electrical islands of a grid after out-of-service branches and isolated buses, and prepares the grid
/// so that every island with generation can be solved and the rest is de-energized.
///
/// Per island: a type-3 bus with an in-service generator stays the reference. An island whose type-3 buses have
/// no generator in service — or a connected grid without any — takes its first PV bus with one (MATPOWER's
/// `bustypes` rule); another island without a type-3 bus takes the bus of its largest in-service generator (by
/// PMAX, then PG). An island without generation is de-energized:
/// its buses become isolated (type 4).
public struct IslandAnalysis: Sendable {
    /// Every island, the one holding the first reference bus of the table first, then by size.
    public var islands: [Island]
    /// The grid with bus types adjusted as above.
    public var preparedGrid: Grid
    /// Positions of the buses that were de-energized because their island has no generation.
    public var deenergizedBuses: [Int]

    /// The bus lookup of the grid (bus numbers do not change in the preparation).
    public let lookup: BusLookup

    public init(grid: Grid) {
        let n = grid.buses.count
        let lookup = grid.busLookup()
        self.lookup = lookup
        let members = BusGraph(grid: grid, lookup: lookup).components { grid.buses[$0].type != .isolated }
        var generatorsAtBus = [[Int]](repeating: [], count: n)
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            if let b = lookup[generator.bus] { generatorsAtBus[b].append(g) }
        }
        let energizedIslandCount = members.filter { buses in buses.contains { !generatorsAtBus[$0].isEmpty } }.count
        var prepared = grid
        var islands: [Island] = []
        var deenergized: [Int] = []
        for buses in members {
            let demand = buses.reduce(0) { $0 + grid.buses[$1].demandMW }
            let withGeneration = buses.filter { !generatorsAtBus[$0].isEmpty }
            guard !withGeneration.isEmpty else {
                for b in buses { prepared.buses[b].type = .isolated }
                deenergized += buses
                islands.append(Island(buses: buses, isEnergized: false, referenceBus: nil, referenceWasChosen: false, demandMW: demand))
                continue
            }
            let slackBuses = buses.filter { grid.buses[$0].type == .slack }
            var reference = slackBuses.first { !generatorsAtBus[$0].isEmpty }
            var chosen = false
            if reference == nil {
                chosen = true
                let firstPV = buses.first { grid.buses[$0].type == .pv && !generatorsAtBus[$0].isEmpty }
                if let firstPV, !slackBuses.isEmpty || energizedIslandCount == 1 {
                    reference = firstPV
                } else {
                    // The bus of the island's largest in-service generator.
                    var best: (bus: Int, size: (Double, Double))?
                    for b in withGeneration {
                        for g in generatorsAtBus[b] {
                            let generator = grid.generators[g]
                            let capacity = generator.maximumActivePowerMW.isFinite ? generator.maximumActivePowerMW : generator.activePowerMW
                            let size = (capacity, generator.activePowerMW)
                            if best == nil || size > best!.size { best = (b, size) }
                        }
                    }
                    reference = best!.bus
                }
                prepared.buses[reference!].type = .slack
            }
            islands.append(Island(buses: buses, isEnergized: true, referenceBus: reference, referenceWasChosen: chosen, demandMW: demand))
        }
        let firstSlack = grid.buses.firstIndex { $0.type == .slack } ?? 0
        islands.sort { a, b in
            let aMain = a.buses.contains(firstSlack), bMain = b.buses.contains(firstSlack)
            if aMain != bMain { return aMain }
            return a.buses.count != b.buses.count ? a.buses.count > b.buses.count : a.buses[0] < b.buses[0]
        }
        self.islands = islands
        preparedGrid = prepared
        deenergizedBuses = deenergized.sorted()
    }

    /// Whether the grid is one island with its own reference (nothing was changed).
    public var isSingleIsland: Bool { islands.count == 1 && islands[0].isEnergized && !islands[0].referenceWasChosen }
}
