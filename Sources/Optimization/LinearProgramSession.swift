import CCoinOR

/// A linear program kept loaded in Clp between solves: a re-solve after rows or columns were added, or bounds
/// changed, starts from the last basis (dual simplex) instead of from scratch — how a security-constrained
/// dispatch adds the flow limits that bind, round by round, at the cost of a few pivots each.
///
/// Each ``solve(_:)`` takes the program as it is now; it must extend the one solved before: the same columns and rows
/// first (their costs and coefficients unchanged, new coefficients only in new rows), bounds free to change. Linear
/// and continuous programs only. A class (it owns a Clp model); every use of its state holds the lock that serializes
/// COIN-OR, hence `@unchecked Sendable`.
package final class LinearProgramSession: @unchecked Sendable {
    private var model: UnsafeMutableRawPointer
    /// Columns, rows and coefficients loaded so far, and the bounds Clp holds.
    private var columns = 0, rows = 0, coefficients = 0
    private var columnLower: [Double] = [], columnUpper: [Double] = []
    private var rowLower: [Double] = [], rowUpper: [Double] = []
    private var solved = false
    /// Simplex iterations of the last solve from scratch: a warm re-solve that needs more starts afresh.
    private var coldIterations: Int32 = 0
    /// A warm re-solve may always take this many iterations.
    private let warmIterationAllowance: Int32

    /// An empty session; a warm re-solve may always take `warmIterationAllowance` simplex iterations.
    package init(warmIterationAllowance: Int32 = 1_000) {
        self.warmIterationAllowance = warmIterationAllowance
        model = LinearProgramSolver.withCoinLock { Clp_newModel()! }
        LinearProgramSolver.withCoinLock { Clp_setLogLevel(model, 0) }
    }

    deinit {
        LinearProgramSolver.withCoinLock { Clp_deleteModel(model) }
    }

    /// Solves `program` from the last basis (the first solve: presolved when large, see
    /// ``LinearProgramSolver/presolveNonzeros``, or started from `basis` when given). A warm re-solve that takes more
    /// iterations than the last solve from scratch did (at least the allowance given at creation) is abandoned for one
    /// from scratch: on case2869pegase, 1,200 dense PTDF rows added at once sent Clp's dual simplex astray for minutes
    /// where a fresh solve takes seconds.
    ///
    /// `basis` (one status per column and row of `program`; ignored after the first solve or when its counts differ)
    /// starts the first solve by the dual simplex instead of from scratch — a rolling window's basis shifted by one
    /// period is most of the next window's optimal basis. Clp repairs a basis with the wrong number of basic
    /// variables. A start that takes more than `iterationLimit` iterations (or ends other than optimal) is abandoned
    /// for a solve from scratch.
    package func solve(
        _ program: LinearProgram, startingFrom basis: LinearProgramBasis? = nil, iterationLimit: Int32 = 20_000
    ) -> LinearProgramSolution {
        precondition(!program.isInteger.contains(true) && !program.quadraticCost.contains { $0 > 0 }, "a linear program")
        precondition(program.columnCount >= columns && program.rowCount >= rows && program.coefficients.count >= coefficients,
                     "a session's program only grows")
        return LinearProgramSolver.withCoinLock {
            let change = load(program)
            if solved {
                resolveWarm(program, change: change)
            } else if let basis, basis.columns.count == program.columnCount, basis.rows.count == program.rowCount {
                start(program, from: basis, iterationLimit: iterationLimit)
            } else {
                solveFromScratch(program)
            }
            LinearProgramSolver.cleanUpUnscaled(model)
            solved = true
            return LinearProgramSolver.solution(of: model, columns: program.columnCount, rows: program.rowCount)
        }
    }

    /// The basis of the last solve; nil before the first.
    package var basis: LinearProgramBasis? {
        LinearProgramSolver.withCoinLock {
            guard solved, Clp_statusExists(model) != 0, let status = Clp_statusArray(model) else { return nil }
            // Clp keeps flags above the low three bits of each status.
            let all = (0..<columns + rows).map { status[$0] & 7 }
            return LinearProgramBasis(columns: Array(all[..<columns]), rows: Array(all[columns...]))
        }
    }

    /// A re-solve from the last basis (`program` loaded), from scratch when it takes too many iterations.
    private func resolveWarm(_ program: LinearProgram, change: Change) {
        Clp_setMaximumIterations(model, max(warmIterationAllowance, coldIterations))
        if change == .relaxed {
            // The last solution is still feasible: the primal simplex goes on from it.
            Clp_primal(model, 0)
        } else {
            // Rows added or bounds tightened: the last basis stays dual feasible (as long as no bound of a column that
            // is not fixed was lifted too — a caller that alternates, e.g. fixing and freeing commitments, keeps two
            // sessions).
            Clp_dual(model, 0)
        }
        Clp_setMaximumIterations(model, Int32.max)
        if Clp_isIterationLimitReached(model) != 0 || Clp_status(model) != 0 {
            restart()
            _ = load(program)
            solveFromScratch(program)
        }
    }

    /// The first solve (`program` loaded) started from `basis`, from scratch when that fails.
    private func start(_ program: LinearProgram, from basis: LinearProgramBasis, iterationLimit: Int32) {
        Clp_copyinStatus(model, basis.columns + basis.rows)
        Clp_setMaximumIterations(model, iterationLimit)
        Clp_dual(model, 0)
        Clp_setMaximumIterations(model, Int32.max)
        if Clp_isIterationLimitReached(model) != 0 || Clp_status(model) != 0 {
            restart()
            _ = load(program)
            solveFromScratch(program)
        } else {
            // Later warm re-solves may take as many iterations as this start was allowed: a solve from scratch of the
            // program it came from took about that many (a window of case2869pegase: 4,000–7,000 for 8 periods).
            coldIterations = iterationLimit
        }
    }

    /// The first solve of a model.
    private func solveFromScratch(_ program: LinearProgram) {
        if program.coefficients.count > LinearProgramSolver.presolveNonzeros {
            // Presolve, then Clp's choice of simplex: a 24-hour window of case2869pegase (61,000 rows, 86,000
            // columns) in 0.6–0.9 s where the dual simplex on the whole program took 2.5–3.2 s.
            Clp_initialSolve(model)
        } else {
            // Small programs: presolve costs more than it saves (case118's steps took twice as long with it).
            Clp_dual(model, 0)
        }
        coldIterations = Clp_getIterationCount(model)
    }

    /// An empty model in place of the one held.
    private func restart() {
        Clp_deleteModel(model)
        model = Clp_newModel()!
        Clp_setLogLevel(model, 0)
        (columns, rows, coefficients) = (0, 0, 0)
        (columnLower, columnUpper, rowLower, rowUpper) = ([], [], [], [])
    }

    /// How a program differs from the one solved last.
    private enum Change {
        /// Only bounds lifted (the last solution stays feasible).
        case relaxed
        /// Anything else: rows or columns added, bounds tightened (or nothing).
        case other
    }

    /// Brings Clp's model up to `program`: new columns, new rows with their coefficients, changed bounds.
    private func load(_ program: LinearProgram) -> Change {
        var lifted = false, tightened = program.columnCount > columns || program.rowCount > rows
        func compare(_ old: [Double], _ new: ArraySlice<Double>, lower: Bool) {
            for (a, b) in zip(old, new) where a != b {
                if (b < a) == lower { lifted = true } else { tightened = true }
            }
        }
        compare(columnLower, program.columnLower[..<columnLower.count], lower: true)
        compare(columnUpper, program.columnUpper[..<columnUpper.count], lower: false)
        compare(rowLower, program.rowLower[..<rowLower.count], lower: true)
        compare(rowUpper, program.rowUpper[..<rowUpper.count], lower: false)
        let clamp = LinearProgramSolver.clamp
        if program.columnCount > columns {
            let added = columns..<program.columnCount
            // Empty columns (their coefficients come with the new rows); one dummy entry keeps the arrays non-null.
            let starts = [Int32](repeating: 0, count: added.count + 1), noRows: [Int32] = [0], noValues = [0.0]
            Clp_addColumns(
                model, Int32(added.count), clamp(Array(program.columnLower[added])), clamp(Array(program.columnUpper[added])),
                Array(program.cost[added]), starts, noRows, noValues)
            columnLower += program.columnLower[added]
            columnUpper += program.columnUpper[added]
            columns = program.columnCount
        }
        if program.rowCount > rows {
            // Row-wise (CSR) form of the new rows' coefficients.
            let added = rows..<program.rowCount
            var starts = [Int32](repeating: 0, count: added.count + 1)
            let entries = program.coefficients[coefficients...]
            for entry in entries {
                precondition(entry.row >= rows, "coefficients may only be added in new rows")
                starts[entry.row - rows + 1] += 1
            }
            for r in 0..<added.count { starts[r + 1] += starts[r] }
            var next = Array(starts.dropLast())
            var columnIndices = [Int32](repeating: 0, count: entries.count), values = [Double](repeating: 0, count: entries.count)
            for entry in entries {
                let position = Int(next[entry.row - rows])
                columnIndices[position] = Int32(entry.column)
                values[position] = entry.value
                next[entry.row - rows] += 1
            }
            Clp_addRows(
                model, Int32(added.count), clamp(Array(program.rowLower[added])), clamp(Array(program.rowUpper[added])),
                starts, columnIndices, values)
            rowLower += program.rowLower[added]
            rowUpper += program.rowUpper[added]
            rows = program.rowCount
            coefficients = program.coefficients.count
        }
        if program.columnLower != columnLower || program.columnUpper != columnUpper {
            columnLower = program.columnLower
            columnUpper = program.columnUpper
            Clp_chgColumnLower(model, clamp(columnLower))
            Clp_chgColumnUpper(model, clamp(columnUpper))
        }
        if program.rowLower != rowLower || program.rowUpper != rowUpper {
            rowLower = program.rowLower
            rowUpper = program.rowUpper
            Clp_chgRowLower(model, clamp(rowLower))
            Clp_chgRowUpper(model, clamp(rowUpper))
        }
        return lifted && !tightened ? .relaxed : .other
    }
}
