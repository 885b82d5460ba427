import GridModel
import GridNetwork
import Numerics
import SparseLU

/// The DC power flow, as MATPOWER's `rundcpf`: lossless, |V| = 1 p.u., branch susceptance 1/(X·tap), phase
/// shifters as injections, bus shunt conductance as load; Bθ = P solved for the angles of PV and PQ buses with
/// KLU; the reference generator takes the balance.
public enum DCPowerFlow {
    /// Solves `grid` (which must be valid, every in-service branch with X ≠ 0).
    public static func solve(_ grid: Grid) throws(PowerFlowError) -> PowerFlowReport {
        var timing = PowerFlowTiming()
        let start = Stopwatch.now()
        let (islands, network) = try PowerFlowNetwork.islanded(grid: grid)
        let prepared = network.grid
        let n = prepared.buses.count
        let base = prepared.baseMVA
        let dc: DCNetwork
        do {
            dc = try DCNetwork(network: network)
        } catch {
            throw PowerFlowError(error)
        }
        let bMatrix = dc.matrix
        var netInjection = [Double](repeating: 0, count: n)
        for b in 0..<n {
            netInjection[b] = network.injections[b].real - dc.busShiftInjection[b] - prepared.buses[b].shuntConductanceMW / base
        }
        var angles = prepared.buses.map { $0.voltageAngleDegrees * .pi / 180 }
        let unknown = dc.unknownBuses
        timing.admittance = Stopwatch.now() - start
        if !unknown.isEmpty {
            let analysisStart = Stopwatch.now()
            let reduced = bMatrix.submatrix(unknown)
            var rhs = unknown.map { netInjection[$0] }
            // Move the reference angles to the right-hand side.
            var position = [Int](repeating: -1, count: n)
            for (p, b) in unknown.enumerated() { position[b] = p }
            for r in network.roles.slack {
                for entry in bMatrix.pattern.columnStarts[r]..<bMatrix.pattern.columnStarts[r + 1] {
                    let row = bMatrix.pattern.rowIndices[entry]
                    if position[row] >= 0 { rhs[position[row]] -= bMatrix.values[entry] * angles[r] }
                }
            }
            do {
                let lu = try RealSparseLU(pattern: reduced.pattern)
                timing.analysis = Stopwatch.now() - analysisStart
                let factorStart = Stopwatch.now()
                try lu.factor(reduced.values)
                let solveStart = Stopwatch.now()
                timing.newton.factorization = solveStart - factorStart
                try lu.solve(&rhs)
                timing.newton.solve = Stopwatch.now() - solveStart
                timing.newton.factorizations = 1
            } catch {
                throw PowerFlowError.singularJacobian("the DC susceptance matrix is singular (\(error))")
            }
            for (p, b) in unknown.enumerated() { angles[b] = rhs[p] }
        }
        let resultsStart = Stopwatch.now()
        for b in islands.deenergizedBuses { angles[b] = 0 }
        var voltages = angles.map { Complex(Double.cos($0), .sin($0)) }
        for b in islands.deenergizedBuses { voltages[b] = .zero }
        for b in 0..<n where network.roles.roles[b] == .isolated && !islands.deenergizedBuses.contains(b) {
            voltages[b] = Complex(grid.buses[b].voltageMagnitudePU * .cos(angles[b]), grid.buses[b].voltageMagnitudePU * .sin(angles[b]))
        }
        // Flows Bf θ + Pfinj, lossless.
        let flows = zip(prepared.branches, dc.branchFlows(angles: angles)).map { branch, flowPU in
            var flow = BranchFlow(fromMW: flowPU * base, fromMvar: 0, toMW: -flowPU * base, toMvar: 0, loadingPercent: nil)
            flow.loadingPercent = flow.loadingPercent(ratingMVA: branch.rateAMVA)
            return flow
        }
        // The reference bus's first generator takes what the network draws there: B θ + Pbusinj + GS.
        let generators = network.referenceBalancedDispatch { r in
            (dc.injection(at: r, angles: angles) + dc.busShiftInjection[r]) * base + prepared.buses[r].shuntConductanceMW
        }.map { GeneratorDispatch(activeMW: $0, reactiveMvar: 0) }
        let solution = PowerFlowSolution(
            grid: prepared, roles: network.roles, voltages: voltages, generators: generators, branches: flows)
        timing.results = Stopwatch.now() - resultsStart
        timing.total = Stopwatch.now() - start
        let outcome = SolveOutcome(
            voltages: voltages, converged: true, iterations: 1,
            history: [MismatchRecord(iteration: 1, maximumMismatchPU: 0, worstBusPosition: -1, worstIsReactive: false)],
            failure: nil, timing: timing.newton)
        return PowerFlowReport(solution: solution, outcome: outcome, timing: timing, method: .dc, islands: islands.islands)
    }
}
