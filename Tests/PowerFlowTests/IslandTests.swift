import GridModel
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

@Suite("Islands")
struct IslandTests {
    @Test("a connected grid is one island and is left unchanged")
    func connected() throws {
        let grid = try Fixtures.grid("case118")
        let analysis = IslandAnalysis(grid: grid)
        #expect(analysis.islands.count == 1)
        #expect(analysis.isSingleIsland)
        #expect(analysis.preparedGrid == grid)
    }

    @Test("cutting a grid in two solves both halves; the half without a slack gets its largest generator as reference")
    func splitGrid() throws {
        var grid = try Fixtures.grid("case9")
        // case9 is a ring 1-4-5-6-3-9-8-2-7? Its branches: 1-4, 4-5, 5-6, 3-6, 6-7, 7-8, 8-2, 8-9, 9-4.
        // Cut 5-6 and 8-9: island A = {1, 4, 5, 9}, island B = {2, 3, 6, 7, 8}.
        for k in grid.branches.indices {
            let b = grid.branches[k]
            if (b.fromBus, b.toBus) == (5, 6) || (b.fromBus, b.toBus) == (8, 9) { grid.branches[k].inService = false }
        }
        // Island A would have only bus 1's generator; make the load fit.
        let report = try ACPowerFlow.solve(grid)
        #expect(report.converged)
        let engine = try PowerFlowEngine(grid: grid)
        #expect(engine.islands.islands.count == 2)
        let second = engine.islands.islands[1]
        #expect(second.isEnergized && second.referenceWasChosen)
        // The chosen reference is the bus of the larger generator (bus 2: PMAX 300 vs bus 3: 270).
        #expect(grid.buses[second.referenceBus!].id == 2)
        // Each island balances: its reference generator covers its load and losses.
        let solution = report.solution
        #expect(solution.voltages.allSatisfy { $0.length > 0.8 })
        let totalLoad = grid.totalDemand.mw
        #expect(abs(solution.totalGeneration.mw - totalLoad - solution.lossesMW) < 1e-6)
    }

    @Test("an island without generation is de-energized and its load reported lost")
    func deadIsland() throws {
        var grid = try Fixtures.grid("case30")
        // Bus 26 hangs on 25-26 only: cut it off.
        let k = grid.branches.firstIndex { $0.fromBus == 25 && $0.toBus == 26 }!
        grid.branches[k].inService = false
        let engine = try PowerFlowEngine(grid: grid)
        let report = engine.solve()
        #expect(report.converged)
        let dead = engine.islands.islands.filter { !$0.isEnergized }
        #expect(dead.count == 1)
        #expect(dead[0].buses.map { grid.buses[$0].id } == [26])
        #expect(dead[0].demandMW == grid.buses[dead[0].buses[0]].demandMW)
        #expect(report.solution.voltages[dead[0].buses[0]].length == 0)
    }

    @Test("a grid with no generation anywhere is an error, not a crash")
    func nothingToSolve() throws {
        var grid = try Fixtures.grid("case14")
        for g in grid.generators.indices { grid.generators[g].inService = false }
        #expect(throws: PowerFlowError.self) { try ACPowerFlow.solve(grid) }
    }
}
