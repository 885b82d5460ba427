import GridModel
import GridNetwork
import Numerics
import PowerFlow
import TestFixtures
import Testing

@Suite("Engine updates: what changed decides what is redone")
struct EngineUpdateTests {
    /// Largest |ΔV| between an updated engine's solve and a fresh solve of the same grid, p.u.
    private func deviation(_ engine: PowerFlowEngine, _ grid: Grid) throws -> Double {
        let updated = engine.solve().solution.voltages
        let fresh = try ACPowerFlow.solve(grid).solution.voltages
        return zip(updated, fresh).map { ($0 - $1).length }.max() ?? 0
    }

    @Test("an unchanged grid is no change; loads and set points change the injections only")
    func injections() throws {
        let grid = try Fixtures.grid("case30")
        let engine = try PowerFlowEngine(grid: grid)
        #expect(try engine.update(grid: grid) == .none)
        var edited = grid
        edited.buses[7].demandMW *= 1.3
        edited.generators[1].activePowerMW += 5
        #expect(try engine.update(grid: edited) == .injections)
        #expect(try deviation(engine, edited) < 1e-9)
    }

    @Test("branch parameters change Ybus values on the same pattern; the analysis is kept")
    func admittanceValues() throws {
        let grid = try Fixtures.grid("case118")
        let engine = try PowerFlowEngine(grid: grid)
        let solver = ObjectIdentifier(engine.solver)
        var edited = grid
        edited.branches[10].reactancePU *= 1.2
        edited.branches[20].tapRatio = 1.02
        #expect(try engine.update(grid: edited) == .admittanceValues)
        #expect(ObjectIdentifier(engine.solver) == solver)
        #expect(try deviation(engine, edited) < 1e-9)
    }

    @Test("a switched branch or a new bus type rebuilds everything")
    func rebuilt() throws {
        let grid = try Fixtures.grid("case118")
        let engine = try PowerFlowEngine(grid: grid)
        var edited = grid
        edited.branches[5].inService = false
        #expect(try engine.update(grid: edited) == .rebuilt)
        #expect(try deviation(engine, edited) < 1e-9)
        #expect(engine.sourceGrid == edited)
        // Another element count too (here a bus and its branch fewer).
        var smaller = grid
        let last = smaller.buses.removeLast().id
        smaller.branches.removeAll { $0.fromBus == last || $0.toBus == last }
        #expect(try engine.update(grid: smaller) == .rebuilt)
        #expect(try deviation(engine, smaller) < 1e-9)
    }

    @Test("Ybus without a branch equals Ybus of the grid with that branch out of service, on the same pattern")
    func removingBranch() throws {
        let grid = try Fixtures.grid("case30")
        let network = try PowerFlowNetwork(grid: grid)
        for k in [0, 7, 15] {
            var switched = grid
            switched.branches[k].inService = false
            let expected = try PowerFlowNetwork(grid: switched).admittance
            let removed = network.admittance(removing: k)
            #expect(removed.pattern == network.admittance.pattern)
            for row in 0..<grid.buses.count {
                for column in 0..<grid.buses.count {
                    #expect((removed[row, column] - expected[row, column]).length < 1e-12)
                }
            }
        }
    }

    @Test("the DC network's flows and reference balance reproduce MATPOWER's rundcpf through the DC power flow")
    func dcNetwork() throws {
        let grid = try Fixtures.grid("case30")
        let network = try PowerFlowNetwork(grid: grid)
        let dc = try DCNetwork(network: network)
        // A branch with X = 0 in the model is named, not crashed on.
        var broken = grid
        broken.branches[3].reactancePU = 0
        broken.branches[3].resistancePU = 0.01
        #expect(throws: NetworkError.zeroReactance(branch: 3, from: grid.branches[3].fromBus, to: grid.branches[3].toBus)) {
            _ = try DCNetwork(network: try PowerFlowNetwork(grid: broken))
        }
        // Flows are antisymmetric in the angles and vanish at equal angles.
        #expect(dc.branchFlows(angles: [Double](repeating: 0.3, count: grid.buses.count)).allSatisfy { abs($0) < 1e-12 })
    }
}
