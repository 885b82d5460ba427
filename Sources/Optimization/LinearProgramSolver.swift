import CCoinOR
import Foundation

/// Solves ``LinearProgram``s with COIN-OR: Clp's dual simplex for linear programs (through a one-off
/// ``LinearProgramSession``), Clp's primal for convex quadratic
/// ones, Cbc's branch and cut when a column is integer. The solvers stay silent (log level 0) so that reports on
/// standard output are not mixed with theirs.
///
/// Clp and Cbc are not safe to run on several threads at once (Cbc keeps process-wide parameter and message state;
/// concurrent solves returned wrong optima in the tests), so solves are serialized by one process-wide lock: a
/// constant, the only shared state, guarding a C library's.
public enum LinearProgramSolver {
    /// COIN's infinity: bounds beyond it are free.
    static let infinity = 1e30
    /// Serializes every call into Clp and Cbc.
    private static let coinLock = NSLock()
    /// Linear programs with more nonzeros than this are presolved before the simplex.
    static let presolveNonzeros = 50_000

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
        let n = program.columnCount, m = program.rowCount
        if program.isInteger.contains(true) {
            let (starts, rows, values) = columnWise(program)
            return withCoinLock {
                solveMixedInteger(
                    program, starts: starts, rows: rows, values: values, columnLower: clamp(program.columnLower),
                    columnUpper: clamp(program.columnUpper), rowLower: clamp(program.rowLower),
                    rowUpper: clamp(program.rowUpper), timeLimitSeconds: timeLimitSeconds, relativeGap: relativeGap,
                    maximumNodes: maximumNodes, start: start)
            }
        }
        guard program.quadraticCost.contains(where: { $0 > 0 }) else {
            return LinearProgramSession().solve(program)
        }
        return withCoinLock {
            guard let model = Clp_newModel() else {
                return LinearProgramSolution(status: .stopped, objective: .nan, values: [], rowPrices: [])
            }
            defer { Clp_deleteModel(model) }
            Clp_setLogLevel(model, 0)
            let (starts, rows, values) = columnWise(program)
            Clp_loadProblem(
                model, Int32(n), Int32(m), starts, rows, values, clamp(program.columnLower), clamp(program.columnUpper),
                program.cost, clamp(program.rowLower), clamp(program.rowUpper))
            // The full symmetric Q of ½xᵀQx, diagonal here.
            var quadraticStarts = [Int32](repeating: 0, count: n + 1)
            var columns: [Int32] = [], entries: [Double] = []
            for j in 0..<n {
                if program.quadraticCost[j] > 0 {
                    columns.append(Int32(j))
                    entries.append(program.quadraticCost[j])
                }
                quadraticStarts[j + 1] = Int32(columns.count)
            }
            Clp_loadQuadraticObjective(model, Int32(n), quadraticStarts, columns, entries)
            Clp_primal(model, 0)
            cleanUpUnscaled(model)
            return solution(of: model, columns: n, rows: m)
        }
    }

    /// What Clp's `model` holds after a solve: status, objective, values of its `columns`, prices of its `rows`.
    static func solution(of model: UnsafeMutableRawPointer, columns: Int, rows: Int) -> LinearProgramSolution {
        let status: LinearProgramSolution.Status
        switch Clp_status(model) {
        case 0: status = .optimal
        case 1: status = .infeasible
        case 2: status = .unbounded
        default: status = .stopped
        }
        let x = Array(UnsafeBufferPointer(start: Clp_getColSolution(model), count: columns))
        let prices = Array(UnsafeBufferPointer(start: Clp_getRowPrice(model), count: rows))
        return LinearProgramSolution(status: status, objective: Clp_getObjValue(model), values: x, rowPrices: prices)
    }

    /// Clp solves a scaled copy of a program; it can end "optimal" there while the unscaled program's reduced costs
    /// still say a column should move (secondary status 2–4: primal, dual or both infeasible unscaled). Its values
    /// are then no optimum: on case300 with 4.8 GW of wind, the dual simplex stopped with both wind farms at 0 MW, a
    /// reduced cost of −30 $/MWh on each, 65 % above the optimum's cost. The primal simplex goes on from that basis
    /// on the unscaled program until it is optimal there too. Call holding the lock.
    static func cleanUpUnscaled(_ model: UnsafeMutableRawPointer) {
        guard Clp_status(model) == 0, (2...4).contains(Clp_secondaryStatus(model)) else { return }
        let scaling = Clp_scalingFlag(model)
        Clp_scaling(model, 0)
        Clp_primal(model, 0)
        Clp_scaling(model, scaling)
    }

    /// Runs `body` holding the lock that serializes calls into Clp and Cbc.
    static func withCoinLock<T>(_ body: () -> T) -> T {
        coinLock.lock()
        defer { coinLock.unlock() }
        return body()
    }

    /// Bounds beyond COIN's infinity, as COIN's infinity.
    static func clamp(_ x: [Double]) -> [Double] { x.map { min(max($0, -infinity), infinity) } }

    /// The program's coefficients column by column (CSC), as both solvers load them: column starts, rows, values.
    private static func columnWise(_ program: LinearProgram) -> (starts: [Int32], rows: [Int32], values: [Double]) {
        var counts = [Int32](repeating: 0, count: program.columnCount + 1)
        for entry in program.coefficients { counts[entry.column + 1] += 1 }
        for j in 0..<program.columnCount { counts[j + 1] += counts[j] }
        var next = Array(counts.dropLast())
        var rows = [Int32](repeating: 0, count: program.coefficients.count)
        var values = [Double](repeating: 0, count: program.coefficients.count)
        for entry in program.coefficients {
            let position = Int(next[entry.column])
            rows[position] = Int32(entry.row)
            values[position] = entry.value
            next[entry.column] += 1
        }
        return (counts, rows, values)
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
