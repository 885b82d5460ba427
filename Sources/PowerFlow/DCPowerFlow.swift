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
        let islands = IslandAnalysis(grid: grid)
        let prepared = islands.isSingleIsland ? grid : islands.preparedGrid
        let network = try PowerFlowNetwork.compiled(grid: prepared)
        let n = prepared.buses.count
        let base = prepared.baseMVA
        // Branch susceptances, the B matrix and the phase-shifter injections (makeBdc).
        var susceptance = [Double](repeating: 0, count: prepared.branches.count)
        var shiftInjection = [Double](repeating: 0, count: prepared.branches.count)
        var busInjection = [Double](repeating: 0, count: n)
        var entries: [SparseEntry<Double>] = []
        for (k, branch) in prepared.branches.enumerated() where network.branchAdmittances[k].isInModel {
            guard branch.reactancePU != 0 else {
                throw PowerFlowError.invalidOption(
                    "branch \(branch.fromBus)-\(branch.toBus) has X = 0: the DC power flow needs a reactance")
            }
            let b = 1 / branch.reactancePU / branch.effectiveTapRatio
            let f = network.branchEnds[k].from, t = network.branchEnds[k].to
            susceptance[k] = b
            entries += [
                SparseEntry(row: f, column: f, value: b), SparseEntry(row: f, column: t, value: -b),
                SparseEntry(row: t, column: f, value: -b), SparseEntry(row: t, column: t, value: b),
            ]
            shiftInjection[k] = -b * branch.phaseShiftDegrees * .pi / 180
            busInjection[f] += shiftInjection[k]
            busInjection[t] -= shiftInjection[k]
        }
        let bMatrix = SparseMatrix(dimension: n, entries: entries, storingDiagonal: true)
        var netInjection = [Double](repeating: 0, count: n)
        for b in 0..<n {
            netInjection[b] = network.injections[b].real - busInjection[b] - prepared.buses[b].shuntConductanceMW / base
        }
        var angles = prepared.buses.map { $0.voltageAngleDegrees * .pi / 180 }
        let unknown = (0..<n).filter { network.roles.roles[$0] == .pv || network.roles.roles[$0] == .pq }
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
        var flows: [BranchFlow] = []
        for (k, branch) in prepared.branches.enumerated() {
            var flow = BranchFlow(fromMW: 0, fromMvar: 0, toMW: 0, toMvar: 0, loadingPercent: nil)
            if network.branchAdmittances[k].isInModel {
                let f = network.branchEnds[k].from, t = network.branchEnds[k].to
                let p = (susceptance[k] * (angles[f] - angles[t]) + shiftInjection[k]) * base
                flow = BranchFlow(fromMW: p, fromMvar: 0, toMW: -p, toMvar: 0, loadingPercent: nil)
            }
            if branch.rateAMVA > 0 { flow.loadingPercent = flow.maximumMVA / branch.rateAMVA * 100 }
            flows.append(flow)
        }
        // The reference bus's first generator: old PG + (B θ − Pbus) at the reference.
        var generators = prepared.generators.map { GeneratorDispatch(activeMW: $0.inService ? $0.activePowerMW : 0, reactiveMvar: 0) }
        for r in network.roles.slack {
            guard let g = prepared.generators.indices.first(where: {
                prepared.generators[$0].inService && network.generatorBusPositions[$0] == r
            }) else { continue }
            var injected = 0.0
            for entry in bMatrix.pattern.columnStarts[r]..<bMatrix.pattern.columnStarts[r + 1] {
                injected += bMatrix.values[entry] * angles[bMatrix.pattern.rowIndices[entry]]  // B symmetric
            }
            generators[g].activeMW += (injected - netInjection[r]) * base
        }
        let solution = PowerFlowSolution(
            grid: prepared, roles: network.roles, voltages: voltages, generators: generators, branches: flows)
        timing.results = Stopwatch.now() - resultsStart
        timing.total = Stopwatch.now() - start
        let outcome = NewtonRaphsonOutcome(
            voltages: voltages, converged: true, iterations: 1,
            history: [MismatchRecord(iteration: 1, maximumMismatchPU: 0, worstBusPosition: -1, worstIsReactive: false)],
            failure: nil, timing: timing.newton)
        return PowerFlowReport(solution: solution, outcome: outcome, timing: timing)
    }
}
