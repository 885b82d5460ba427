import GridModel
import GridNetwork
import Numerics
import SparseLU

/// The fast-decoupled AC power flow, as MATPOWER's `fdpf` with `makeB`: constant matrices B′ (angles) and B″
/// (magnitudes), each factored once by KLU, alternating P and Q half-iterations until both mismatches are below
/// the tolerance.
public enum FastDecoupledPowerFlow {
    /// Which resistances each matrix ignores.
    public enum Variant: String, Sendable, CaseIterable {
        /// XB: B′ without resistances, B″ with them (MATPOWER's FDXB, `pf.alg = 'FDXB'`).
        case xb
        /// BX: B′ with resistances, B″ without them (MATPOWER's FDBX).
        case bx
    }

    /// MATPOWER's default iteration limit for the fast-decoupled methods (`pf.fd.max_it`).
    public static let defaultMaximumIterations = 30

    /// Solves `grid` (which must be valid). `options.newton` gives the tolerance and the iteration limit;
    /// `initialVoltages`, when given, replaces `options.start`.
    public static func solve(
        _ grid: Grid, variant: Variant, options: PowerFlowOptions, initialVoltages: [Complex<Double>]? = nil
    ) throws(PowerFlowError) -> PowerFlowReport {
        var timing = PowerFlowTiming()
        let start = Stopwatch.now()
        let (islands, network) = try PowerFlowNetwork.islanded(grid: grid)
        let roles = network.roles
        let pvpq = roles.pv + roles.pq
        let pq = roles.pq
        timing.admittance = Stopwatch.now() - start

        let analysisStart = Stopwatch.now()
        let primeLU: RealSparseLU, doublePrimeLU: RealSparseLU
        do {
            let bPrime = susceptanceMatrix(of: network, primeFor: variant).submatrix(pvpq)
            let bDoublePrime = susceptanceMatrix(of: network, doublePrimeFor: variant).submatrix(pq)
            primeLU = try RealSparseLU(pattern: bPrime.pattern)
            doublePrimeLU = try RealSparseLU(pattern: bDoublePrime.pattern)
            timing.analysis = Stopwatch.now() - analysisStart
            let factorStart = Stopwatch.now()
            try primeLU.factor(bPrime.values)
            if !pq.isEmpty { try doublePrimeLU.factor(bDoublePrime.values) }
            timing.newton.factorization = Stopwatch.now() - factorStart
            timing.newton.factorizations = 2
        } catch {
            throw PowerFlowError.singularJacobian("B′ or B″ is singular (\(error))")
        }

        var voltages = initialVoltages ?? network.initialVoltages(options.start)
        var magnitudes = voltages.map(\.length)
        var angles = voltages.map { Double.atan2(y: $0.imaginary, x: $0.real) }
        var history: [MismatchRecord] = []
        var failure: SolveFailure?
        var converged = false
        var iterations = 0

        // mis = (V·conj(Ybus V) − S) / |V|: P at PV and PQ buses, Q at PQ buses.
        func mismatch() -> (p: [Double], q: [Double], record: MismatchRecord) {
            let clock = Stopwatch.now()
            let residual = network.powerMismatch(voltages: voltages)
            var p = [Double](repeating: 0, count: pvpq.count), q = [Double](repeating: 0, count: pq.count)
            var worst = 0.0, worstBus = -1, worstReactive = false
            for (i, b) in pvpq.enumerated() {
                p[i] = residual[b].real / magnitudes[b]
                if abs(p[i]) > worst || p[i].isNaN { worst = abs(p[i]); worstBus = b; worstReactive = false }
            }
            for (i, b) in pq.enumerated() {
                q[i] = residual[b].imaginary / magnitudes[b]
                if abs(q[i]) > worst || q[i].isNaN { worst = abs(q[i]); worstBus = b; worstReactive = true }
            }
            timing.newton.mismatch += Stopwatch.now() - clock
            return (p, q, MismatchRecord(iteration: iterations, maximumMismatchPU: worst, worstBusPosition: worstBus, worstIsReactive: worstReactive))
        }
        func updateVoltages() {
            for b in pvpq { voltages[b] = Complex(magnitudes[b] * .cos(angles[b]), magnitudes[b] * .sin(angles[b])) }
        }

        var (p, q, record) = mismatch()
        history.append(record)
        converged = record.maximumMismatchPU < options.newton.tolerancePU
        do {
            /// Records the mismatch after a half-iteration; whether to stop (converged or diverging).
            func measured() -> Bool {
                (p, q, record) = mismatch()
                history.append(record)
                if record.maximumMismatchPU < options.newton.tolerancePU { converged = true }
                return converged || !record.maximumMismatchPU.isFinite || record.maximumMismatchPU > 1e10
            }
            while !converged && iterations < options.newton.maximumIterations {
                iterations += 1
                // P half-iteration: Δθ = −B′⁻¹ P.
                var clock = Stopwatch.now()
                try primeLU.solve(&p)
                timing.newton.solve += Stopwatch.now() - clock
                for (i, b) in pvpq.enumerated() { angles[b] -= p[i] }
                updateVoltages()
                if measured() { break }
                // Q half-iteration: Δ|V| = −B″⁻¹ Q.
                if !pq.isEmpty {
                    clock = Stopwatch.now()
                    try doublePrimeLU.solve(&q)
                    timing.newton.solve += Stopwatch.now() - clock
                    for (i, b) in pq.enumerated() { magnitudes[b] -= q[i] }
                    updateVoltages()
                }
                if measured() { break }
            }
        } catch {
            failure = .singularMatrix(iteration: iterations, detail: "\(error)")
        }
        let finalMismatch = history.last?.maximumMismatchPU ?? .nan
        if !converged && failure == nil {
            failure = !finalMismatch.isFinite || finalMismatch > 1e10
                ? .diverged(mismatchPU: finalMismatch) : .iterationLimit(iterations: iterations, mismatchPU: finalMismatch)
        }
        for b in islands.deenergizedBuses { voltages[b] = .zero }
        let resultsStart = Stopwatch.now()
        let solution = PowerFlowSolution(network: network, voltages: voltages)
        timing.results = Stopwatch.now() - resultsStart
        timing.total = Stopwatch.now() - start
        let outcome = SolveOutcome(
            voltages: voltages, converged: converged, iterations: iterations, history: history, failure: failure,
            timing: timing.newton)
        return PowerFlowReport(
            solution: solution, outcome: outcome, timing: timing, method: variant == .xb ? .fastDecoupledXB : .fastDecoupledBX,
            islands: islands.islands)
    }

    /// B′ = −Im Ybus without shunts, line charging and taps (phase shifts kept), and without resistances for XB.
    static func susceptanceMatrix(of network: PowerFlowNetwork, primeFor variant: Variant) -> SparseMatrix<Double> {
        var grid = network.grid
        for b in grid.buses.indices { grid.buses[b].shuntSusceptanceMvar = 0 }
        for k in grid.branches.indices {
            grid.branches[k].chargingSusceptancePU = 0
            grid.branches[k].tapRatio = 1
            if variant == .xb { grid.branches[k].resistancePU = 0 }
        }
        return negativeSusceptance(of: grid, network: network)
    }

    /// B″ = −Im Ybus without phase shifts, and without resistances for BX.
    static func susceptanceMatrix(of network: PowerFlowNetwork, doublePrimeFor variant: Variant) -> SparseMatrix<Double> {
        var grid = network.grid
        for k in grid.branches.indices {
            grid.branches[k].phaseShiftDegrees = 0
            if variant == .bx { grid.branches[k].resistancePU = 0 }
        }
        return negativeSusceptance(of: grid, network: network)
    }

    private static func negativeSusceptance(of grid: Grid, network: PowerFlowNetwork) -> SparseMatrix<Double> {
        let admittances = BranchAdmittance.all(of: grid, ends: network.branchEnds, roles: network.roles.roles)
        let y = AdmittanceMatrix(grid: grid, branchAdmittances: admittances, ends: network.branchEnds)
        var entries: [SparseEntry<Double>] = []
        entries.reserveCapacity(y.values.count)
        for column in 0..<y.dimension {
            for entry in y.pattern.columnStarts[column]..<y.pattern.columnStarts[column + 1] {
                entries.append(SparseEntry(row: y.pattern.rowIndices[entry], column: column, value: -y.values[entry].imaginary))
            }
        }
        return SparseMatrix(dimension: y.dimension, entries: entries)
    }
}
