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
}
