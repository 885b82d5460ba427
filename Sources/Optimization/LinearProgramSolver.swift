import CCoinOR
import Foundation

/// Solves ``LinearProgram``s with COIN-OR: Clp's dual simplex for linear programs, Clp's primal for convex quadratic
/// ones, Cbc's branch and cut when a column is integer. The solvers stay silent (log level 0) so that reports on
/// standard output are not mixed with theirs.
///
/// Clp and Cbc are not safe to run on several threads at once (Cbc keeps process-wide parameter and message state;
/// concurrent solves returned wrong optima in the tests), so solves are serialized by one process-wide lock: a
/// constant, the only shared state, guarding a C library's.
public enum LinearProgramSolver {
    /// COIN's infinity: bounds beyond it are free.
    static let infinity = 1e30
    /// Linear programs with more nonzeros than this are presolved before the simplex.
    static let presolveNonzeros = 50_000
    /// Serializes every call into Clp and Cbc.
    private static let coinLock = NSLock()

    /// Solves `program`. A mixed-integer solve stops once its incumbent is proven within `relativeGap` of the optimum
    /// (the default 1e-4: a hundredth of a percent of the cost), or after `maximumNodes` branch-and-bound nodes (a
    /// limit that, unlike time, gives the same answer on every machine), or after `timeLimitSeconds`; stopped with an
    /// incumbent, its status is ``LinearProgramSolution/Status/stopped`` and its values are the incumbent's.
    /// `start` (one value per column) offers its integer columns' values, rounded, as a first incumbent (Cbc
    /// completes the continuous ones; an infeasible start is ignored): a good one lets branch and bound prune early.
    public static func solve(
        _ program: LinearProgram, timeLimitSeconds: Double = 60, relativeGap: Double = 1e-4, maximumNodes: Int? = nil,
        start: [Double]? = nil
    ) -> LinearProgramSolution {
        coinLock.lock()
        defer { coinLock.unlock() }
        // Column-major matrix (CSC), as both solvers take it.
        let n = program.columnCount, m = program.rowCount
        var counts = [Int32](repeating: 0, count: n + 1)
        for entry in program.coefficients { counts[entry.column + 1] += 1 }
        for j in 0..<n { counts[j + 1] += counts[j] }
        var next = Array(counts.dropLast())
        var rows = [Int32](repeating: 0, count: program.coefficients.count)
        var values = [Double](repeating: 0, count: program.coefficients.count)
        for entry in program.coefficients {
            let position = Int(next[entry.column])
            rows[position] = Int32(entry.row)
            values[position] = entry.value
            next[entry.column] += 1
        }
        func clamp(_ x: [Double]) -> [Double] { x.map { min(max($0, -infinity), infinity) } }
        let columnLower = clamp(program.columnLower), columnUpper = clamp(program.columnUpper)
        let rowLower = clamp(program.rowLower), rowUpper = clamp(program.rowUpper)
        if program.isInteger.contains(true) {
            return solveMixedInteger(
                program, starts: counts, rows: rows, values: values, columnLower: columnLower, columnUpper: columnUpper,
                rowLower: rowLower, rowUpper: rowUpper, timeLimitSeconds: timeLimitSeconds, relativeGap: relativeGap,
                maximumNodes: maximumNodes, start: start)
        }
        guard let model = Clp_newModel() else {
            return LinearProgramSolution(status: .stopped, objective: .nan, values: [], rowPrices: [])
        }
        defer { Clp_deleteModel(model) }
        Clp_setLogLevel(model, 0)
        Clp_loadProblem(
            model, Int32(n), Int32(m), counts, rows, values, columnLower, columnUpper, program.cost, rowLower, rowUpper)
        let quadratic = program.quadraticCost.contains { $0 > 0 }
        if quadratic {
            // The full symmetric Q of ½xᵀQx, diagonal here.
            var starts = [Int32](repeating: 0, count: n + 1)
            var columns: [Int32] = [], entries: [Double] = []
            for j in 0..<n {
                if program.quadraticCost[j] > 0 {
                    columns.append(Int32(j))
                    entries.append(program.quadraticCost[j])
                }
                starts[j + 1] = Int32(columns.count)
            }
            Clp_loadQuadraticObjective(model, Int32(n), starts, columns, entries)
            Clp_primal(model, 0)
        } else if program.coefficients.count > presolveNonzeros {
            // Presolve, then Clp's choice of simplex: a 24-hour window of case2869pegase (61,000 rows, 86,000
            // columns) in 0.6–0.9 s where the dual simplex on the whole program took 2.5–3.2 s.
            Clp_initialSolve(model)
        } else {
            // Small programs: presolve costs more than it saves (case118's steps took twice as long with it).
            Clp_dual(model, 0)
        }
        let status: LinearProgramSolution.Status
        switch Clp_status(model) {
        case 0: status = .optimal
        case 1: status = .infeasible
        case 2: status = .unbounded
        default: status = .stopped
        }
        let x = Array(UnsafeBufferPointer(start: Clp_getColSolution(model), count: n))
        let prices = Array(UnsafeBufferPointer(start: Clp_getRowPrice(model), count: m))
        return LinearProgramSolution(status: status, objective: Clp_getObjValue(model), values: x, rowPrices: prices)
    }

    private static func solveMixedInteger(
        _ program: LinearProgram, starts: [Int32], rows: [Int32], values: [Double], columnLower: [Double],
        columnUpper: [Double], rowLower: [Double], rowUpper: [Double], timeLimitSeconds: Double, relativeGap: Double,
        maximumNodes: Int?, start: [Double]?
    ) -> LinearProgramSolution {
        let n = program.columnCount
        precondition(!program.quadraticCost.contains { $0 > 0 }, "a mixed-integer program must be linear")
        guard let model = Cbc_newModel() else {
            return LinearProgramSolution(status: .stopped, objective: .nan, values: [], rowPrices: [])
        }
        defer { Cbc_deleteModel(model) }
        Cbc_setParameter(model, "logLevel", "0")
        Cbc_loadProblem(
            model, Int32(n), Int32(program.rowCount), starts, rows, values, columnLower, columnUpper, program.cost,
            rowLower, rowUpper)
        for (j, integer) in program.isInteger.enumerated() where integer { Cbc_setInteger(model, Int32(j)) }
        if let start, start.count == n {
            let columns = program.isInteger.indices.filter { program.isInteger[$0] && start[$0].isFinite }
            let indices = columns.map { Int32($0) }, values = columns.map { start[$0].rounded() }
            if !columns.isEmpty { Cbc_setMIPStartI(model, Int32(columns.count), indices, values) }
        }
        Cbc_setMaximumSeconds(model, timeLimitSeconds)
        Cbc_setAllowableFractionGap(model, relativeGap)
        if let maximumNodes { Cbc_setMaximumNodes(model, Int32(clamping: max(0, maximumNodes))) }
        Cbc_solve(model)
        let status: LinearProgramSolution.Status
        if Cbc_isProvenOptimal(model) != 0 {
            status = .optimal
        } else if Cbc_isProvenInfeasible(model) != 0 {
            status = .infeasible
        } else {
            status = .stopped
        }
        let solution = Cbc_getColSolution(model)
        let x = solution.map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? []
        return LinearProgramSolution(status: status, objective: Cbc_getObjValue(model), values: x, rowPrices: [])
    }
}
