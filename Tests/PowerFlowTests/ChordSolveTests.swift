import GridModel
import GridNetwork
import Numerics
import PowerFlow
import SparseLU
import TestFixtures
import Testing

@Suite("Quasi-Newton solves on kept factors (branch outages)")
struct ChordSolveTests {
    /// The grid's base solution, its network and a solver holding the base Jacobian's factors.
    private func setUp(_ name: String) throws -> (network: PowerFlowNetwork, voltages: [Complex<Double>], chord: NewtonRaphsonSolver) {
        let grid = try Fixtures.grid(name)
        let engine = try PowerFlowEngine(grid: grid)
        let base = engine.solveVoltages()
        #expect(base.converged)
        let chord = try NewtonRaphsonSolver(network: engine.network, orderingOnJacobian: true)
        try chord.factorJacobian(admittance: engine.network.admittance, voltages: base.voltages)
        return (engine.network, base.voltages, chord)
    }

    @Test("a branch outage solved on the base factors equals a full Newton-Raphson solve")
    func equalsNewtonRaphson() throws {
        let (network, base, chord) = try setUp("case118")
        let bridges = BusGraph(network: network).bridges()
        let full = try NewtonRaphsonSolver(network: network)
        var solvedByChord = 0, tried = 0
        for k in network.branchAdmittances.indices where network.branchAdmittances[k].isInModel && !bridges.contains(k) {
            tried += 1
            let outaged = network.admittance(removing: k)
            let reference = full.solve(admittance: outaged, injections: network.injections, start: base)
            let ends = network.branchEnds[k]
            let correction = try #require(chord.correction(
                base: network.admittance, changed: outaged, voltages: base, changedBuses: Array(Set([ends.from, ends.to]))))
            guard let outcome = chord.solveChord(
                admittance: outaged, injections: network.injections, start: base, correction: correction, tolerancePU: 1e-8,
                maximumIterations: 12)
            else {
                // Not converging quickly is allowed (the caller then solves in full), never a wrong answer.
                continue
            }
            solvedByChord += 1
            #expect(reference.converged)
            let difference = zip(outcome.voltages, reference.voltages).map { ($0 - $1).length }.max() ?? 0
            #expect(difference < 1e-7, "branch \(k): |ΔV| \(difference)")
            #expect(outcome.maximumMismatchPU < 1e-8)
        }
        #expect(solvedByChord * 10 >= tried * 9, "\(solvedByChord) of \(tried) outages solved on the base factors")
    }

    @Test("a bridge outage that cuts off a bus without generation de-energizes it and solves the rest exactly")
    func deadIsland() throws {
        let (network, base, chord) = try setUp("case30")
        let grid = network.grid
        let lookup = grid.busLookup()
        let b25 = try #require(lookup[25]), b26 = try #require(lookup[26])
        let k = try #require(network.branchEnds.indices.first { network.branchEnds[$0].from == b25 && network.branchEnds[$0].to == b26 })
        let cutOff = try #require(BusGraph(network: network).buses(reachedFrom: b26, avoiding: k, limit: 4))
        #expect(cutOff == [b26])
        var injections = network.injections, start = base
        injections[b26] = .zero
        start[b26] = .zero
        let outaged = network.admittance(removing: k)
        let correction = try #require(chord.correction(
            base: network.admittance, changed: outaged, voltages: base, changedBuses: [b25], deadBuses: [b26]))
        let outcome = try #require(chord.solveChord(
            admittance: outaged, injections: injections, start: start, correction: correction, tolerancePU: 1e-8, maximumIterations: 12))
        #expect(outcome.voltages[b26] == .zero)
        // The reference: the grid with the branch out, solved with its islands (bus 26 isolated).
        var changed = grid
        changed.branches[k].inService = false
        let reference = try PowerFlowEngine(grid: changed).solveVoltages(from: start)
        #expect(reference.converged)
        let difference = zip(outcome.voltages, reference.voltages).map { ($0 - $1).length }.max() ?? 0
        #expect(difference < 1e-7, "|ΔV| \(difference)")
    }

    @Test("the search for a cut-off side stops at its limit")
    func boundedSide() throws {
        let (network, _, _) = try setUp("case30")
        let lookup = network.grid.busLookup()
        let b25 = try #require(lookup[25]), b26 = try #require(lookup[26])
        let k = try #require(network.branchEnds.indices.first { network.branchEnds[$0].from == b25 && network.branchEnds[$0].to == b26 })
        let graph = BusGraph(network: network)
        #expect(graph.buses(reachedFrom: b25, avoiding: k, limit: 5) == nil)
        #expect(graph.buses(reachedFrom: b25, avoiding: k, limit: 29)?.count == 29)
    }
}
