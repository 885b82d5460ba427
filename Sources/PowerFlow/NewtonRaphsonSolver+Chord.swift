import GridNetwork
import Numerics
import SparseLU

/// Quasi-Newton solves on kept factors: the Jacobian J₀ is factored once (``factorJacobian(admittance:voltages:)``)
/// and each solve starts from J = J₀ + a low-rank ``JacobianCorrection`` (the exact Jacobian at the start), improved
/// by Broyden's updates (``BroydenSteps``) — no assembly and no refactorization per iteration. Converges
/// superlinearly near the start; a solve that does not converge within its iteration limit, or whose mismatch stops
/// falling, returns nil so that the caller can run a full Newton-Raphson.
extension NewtonRaphsonSolver {
    /// Factors the Jacobian of `admittance` at `voltages` (pivoting afresh) and keeps it for chord solves; a later
    /// ``solve(admittance:injections:start:options:)`` on this solver replaces the factors.
    package func factorJacobian(admittance: AdmittanceMatrix, voltages start: [Complex<Double>]) throws(PowerFlowError) {
        precondition(participation == nil, "chord solves use a single slack")
        knownStart = nil
        load(start: start)
        knownStart = (start, Array(magnitudes), Array(angles))
        let currents = admittance.multiply(start)
        for b in currents.indices { self.currents[b] = currents[b] }
        admittance.values.withUnsafeBufferPointer { y in
            jacobian.assemble(
                admittance: y, voltages: UnsafeBufferPointer(voltages), magnitudes: UnsafeBufferPointer(magnitudes),
                currents: UnsafeBufferPointer(self.currents), into: jacobianValues)
        }
        do {
            try factorization.factor(UnsafeBufferPointer(jacobianValues))
        } catch {
            throw PowerFlowError.singularJacobian("\(error)")
        }
    }

    /// The correction of the kept factors (the Jacobian of `base` at `voltages`) to the Jacobian of `changed` at the
    /// same voltages, where `changed` differs from `base` only in the rows and columns of `changedBuses`; the
    /// unknowns of `deadBuses` (cut off, de-energized) get the equations Δθ = Δ|V| = 0. Nil when that Jacobian is
    /// singular.
    package func correction(
        base: AdmittanceMatrix, changed: AdmittanceMatrix, voltages v: [Complex<Double>], changedBuses: [Int],
        deadBuses: [Int] = []
    ) -> JacobianCorrection? {
        var unknowns: [Int] = []
        for b in changedBuses + deadBuses {
            if jacobian.activePowerRow[b] >= 0 { unknowns.append(jacobian.activePowerRow[b]) }
            if jacobian.reactivePowerRow[b] >= 0 { unknowns.append(jacobian.reactivePowerRow[b]) }
        }
        let dead = Set(deadBuses)
        let m = unknowns.count, n = jacobian.dimension
        let pattern = base.pattern
        func current(_ y: AdmittanceMatrix, at i: Int) -> Complex<Double> {
            var sum = Complex<Double>.zero
            for entry in pattern.columnStarts[i]..<pattern.columnStarts[i + 1] {
                let j = pattern.rowIndices[entry]
                sum += y[i, j] * v[j]
            }
            return sum
        }
        /// J(r, c) of the network `y`, with bus i's current.
        func entry(_ y: AdmittanceMatrix, row r: Int, column c: Int, current: Complex<Double>) -> Double {
            let i = jacobian.busOfUnknown[r], k = jacobian.busOfUnknown[c]
            guard i == k || pattern.entryIndex(row: i, column: k) != nil else { return 0 }
            let value = InjectionDerivatives.entry(
                isDiagonal: i == k, g: y[i, k].real, b: y[i, k].imaginary, viRe: v[i].real, viIm: v[i].imaginary,
                vkRe: v[k].real, vkIm: v[k].imaginary, inverseMagnitudeK: 1 / v[k].length, currentIRe: current.real,
                currentIIm: current.imaginary)
            let rowIsActive = jacobian.unknownKind[r] == .angle, columnIsAngle = jacobian.unknownKind[c] == .angle
            switch (rowIsActive, columnIsAngle) {
            case (true, true): return value.pByAngle
            case (false, true): return value.qByAngle
            case (true, false): return value.pByMagnitude
            case (false, false): return value.qByMagnitude
            }
        }
        var change = [Double](repeating: 0, count: m * m)
        for (row, r) in unknowns.enumerated() {
            let i = jacobian.busOfUnknown[r]
            let baseCurrent = current(base, at: i)
            let changedCurrent = dead.contains(i) ? .zero : current(changed, at: i)
            for (column, c) in unknowns.enumerated() {
                let new = dead.contains(i) ? (r == c ? 1.0 : 0.0) : entry(changed, row: r, column: c, current: changedCurrent)
                change[row * m + column] = new - entry(base, row: r, column: c, current: baseCurrent)
            }
        }
        var solvedColumns = [Double](repeating: 0, count: n * m)
        for (j, u) in unknowns.enumerated() { solvedColumns[j * n + u] = 1 }
        do {
            try solvedColumns.withUnsafeMutableBufferPointer { try factorization.solve($0, count: m) }
        } catch {
            return nil
        }
        var capacitance = [Double](repeating: 0, count: m * m)
        for r in 0..<m {
            for c in 0..<m {
                var sum = r == c ? 1.0 : 0.0
                for l in 0..<m { sum += change[r * m + l] * solvedColumns[c * n + unknowns[l]] }
                capacitance[r * m + c] = sum
            }
        }
        guard let factors = SmallDenseLU(matrix: capacitance, dimension: m) else { return nil }
        let fixed = unknowns.filter { dead.contains(jacobian.busOfUnknown[$0]) }
        return JacobianCorrection(
            unknowns: unknowns, change: change, solvedColumns: solvedColumns, capacitance: factors, fixedUnknowns: fixed)
    }

    /// Solves for the bus voltages of `admittance` by chord iterations on the kept factors corrected by
    /// `correction`, from `start`. Nil unless it converges to `tolerancePU` within `maximumIterations` with a
    /// mismatch that falls at every iteration.
    package func solveChord(
        admittance: AdmittanceMatrix, injections: [Complex<Double>], start: [Complex<Double>],
        correction: JacobianCorrection, tolerancePU: Double, maximumIterations: Int
    ) -> SolveOutcome? {
        precondition(participation == nil && factorization.isFactored, "factorJacobian(admittance:voltages:) first")
        precondition(
            admittance.dimension == voltages.count && injections.count == voltages.count && start.count == voltages.count,
            "one injection and one start voltage per bus")
        load(start: start)
        var history: [MismatchRecord] = []
        var iterations = 0
        var broyden = BroydenSteps()
        let converged = admittance.values.withUnsafeBufferPointer { y in
            injections.withUnsafeBufferPointer { s -> Bool in
                while true {
                    let record = computeMismatch(admittance: admittance, values: y, injections: s, iteration: iterations)
                    history.append(record)
                    if record.maximumMismatchPU < tolerancePU { return true }
                    let previous = history.count >= 2 ? history[history.count - 2].maximumMismatchPU : .infinity
                    guard record.maximumMismatchPU.isFinite, record.maximumMismatchPU < previous, iterations < maximumIterations
                    else { return false }
                    if iterations == 0 && correction.isLocal(step, tolerance: tolerancePU) {
                        // The first mismatch lies in the changed rows (the base case was solved): J₀⁻¹F = W·F_U.
                        correction.solveLocal(step)
                    } else {
                        do { try factorization.solve(step) } catch { return false }
                    }
                    correction.apply(to: step)
                    broyden.update(step)
                    applyStep(scale: 1)
                    iterations += 1
                }
            }
        }
        guard converged else { return nil }
        return SolveOutcome(
            voltages: Array(voltages), converged: true, iterations: iterations, history: history, failure: nil, timing: SolveTiming())
    }
}
