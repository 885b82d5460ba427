import Optimization
import Testing

@Suite("Linear program sessions (warm re-solves)")
struct LinearProgramSessionTests {
    @Test(
        "after rows, columns and bounds change, a warm re-solve gives the cold solve's optimum (also when a re-solve runs out of its iterations and starts afresh)",
        arguments: [1_000, 0])
    func warmEqualsCold(allowance: Int32) {
        // min 10 a + 20 b + 30 c, a + b + c = 150, each within [0, 100]: a = 100, b = 50 (2,000 $).
        var lp = LinearProgram()
        let a = lp.addColumn(cost: 10, lower: 0, upper: 100)
        let b = lp.addColumn(cost: 20, lower: 0, upper: 100)
        let c = lp.addColumn(cost: 30, lower: 0, upper: 100)
        lp.addRow([(a, 1), (b, 1), (c, 1)], lower: 150, upper: 150)
        let session = LinearProgramSession(warmIterationAllowance: allowance)
        func expectSame(_ expected: Double, _ comment: Comment) {
            let warm = session.solve(lp), cold = LinearProgramSolver.solve(lp)
            #expect(warm.status == .optimal && cold.status == .optimal, comment)
            #expect(abs(warm.objective - expected) < 1e-6 && abs(cold.objective - expected) < 1e-6, "\(warm.objective) \(cold.objective): \(comment)")
            #expect(zip(warm.values, cold.values).allSatisfy { abs($0 - $1) < 1e-6 }, comment)
            #expect(zip(warm.rowPrices, cold.rowPrices).allSatisfy { abs($0 - $1) < 1e-6 }, comment)
        }
        expectSame(2000, "first solve")
        // A limit a + b ≤ 120 (a "line"): c takes 30 → 10·100 + 20·20 + 30·30 = 2,300.
        lp.addRow([(a, 1), (b, 1)], lower: -.infinity, upper: 120)
        expectSame(2300, "a row added")
        // A new column d at 15 $ in a new row of its own (a separate demand of 25 MW it alone meets): +375.
        let d = lp.addColumn(cost: 15, lower: 0, upper: 25)
        lp.addRow([(d, 1)], lower: 25, upper: 25)
        expectSame(2675, "a column and its row added")
        // The line relaxed again and b capped: a = 100, b = 40, c = 10 → 1,000 + 800 + 300 + 375 = 2,475.
        lp.setBounds(row: 1, lower: -.infinity, upper: .infinity)
        lp.setBounds(column: b, lower: 0, upper: 40)
        expectSame(2475, "bounds changed")
        // Tightened into infeasibility, and back.
        lp.setBounds(column: c, lower: 0, upper: 5)
        #expect(session.solve(lp).status == .infeasible)
        lp.setBounds(column: c, lower: 0, upper: 100)
        expectSame(2475, "feasible again")
    }

    /// A rolling window of `periods` hours: per hour a cheap unit (10 $/MWh, ≤ `cheapMW[t]`) and a dear one
    /// (30 $/MWh, ≤ 100) meet `demandMW[t]`; the cheap unit ramps at most 20 MW between hours.
    private func window(demandMW: [Double], cheapMW: [Double]) -> LinearProgram {
        var lp = LinearProgram()
        var last: Int?
        for t in demandMW.indices {
            let cheap = lp.addColumn(cost: 10, lower: 0, upper: cheapMW[t])
            let dear = lp.addColumn(cost: 30, lower: 0, upper: 100)
            lp.addRow([(cheap, 1), (dear, 1)], lower: demandMW[t], upper: demandMW[t])
            if let last { lp.addRow([(cheap, 1), (last, -1)], lower: -20, upper: 20) } else { lp.addRow([(cheap, 1)], lower: -.infinity, upper: .infinity) }
            last = cheap
        }
        return lp
    }

    @Test("a session started from another program's basis (the last window's, shifted by an hour) gives the cold solve's optimum; a basis with the wrong number of basic variables is repaired; an infeasible program is reported infeasible")
    func startingFromBasis() throws {
        let demand: [Double] = [60, 80, 120, 90, 70, 70], cheap: [Double] = [100, 100, 60, 100, 100, 100]
        let first = window(demandMW: Array(demand[0..<4]), cheapMW: Array(cheap[0..<4]))
        let session = LinearProgramSession()
        #expect(session.solve(first).status == .optimal)
        let basis = try #require(session.basis)
        #expect(basis.columns.count == first.columnCount && basis.rows.count == first.rowCount)
        // Two columns and two rows per hour: the next window's hours 0–2 start from this one's 1–3, its last from 3.
        let next = window(demandMW: Array(demand[1..<5]), cheapMW: Array(cheap[1..<5]))
        let shifted = LinearProgramBasis(
            columns: Array(basis.columns[2..<8]) + Array(basis.columns[6..<8]), rows: Array(basis.rows[2..<8]) + Array(basis.rows[6..<8]))
        let allBasic = LinearProgramBasis(
            columns: [UInt8](repeating: LinearProgramBasis.basic, count: next.columnCount),
            rows: [UInt8](repeating: LinearProgramBasis.basic, count: next.rowCount))
        let cold = LinearProgramSolver.solve(next)
        // By hand: hour 1 (cheap 80 of 100), hour 2 (cheap 60 of 60, dear 60), hour 3 (cheap 80, its ramp from 60; dear 10),
        // hour 4 (70): 10·(80 + 60 + 80 + 70) + 30·(60 + 10) = 5,000.
        #expect(cold.status == .optimal && abs(cold.objective - 5_000) < 1e-6, "\(cold.objective)")
        for start in [shifted, allBasic] {
            let warm = LinearProgramSession().solve(next, startingFrom: start)
            #expect(warm.status == .optimal && abs(warm.objective - cold.objective) < 1e-6, "\(warm.objective)")
            #expect(zip(warm.rowPrices, cold.rowPrices).allSatisfy { abs($0 - $1) < 1e-6 })
        }
        var infeasible = next
        infeasible.setBounds(row: 0, lower: 500, upper: 500)
        #expect(LinearProgramSession().solve(infeasible, startingFrom: shifted).status == .infeasible)
    }
}
