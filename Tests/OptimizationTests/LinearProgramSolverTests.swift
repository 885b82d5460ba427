import Optimization
import Testing

@Suite("Linear programs with COIN-OR")
struct LinearProgramSolverTests {
    @Test("a two-generator dispatch: cheapest first, the price is the marginal unit's cost")
    func dispatch() {
        // min 10 x + 30 y, x + y = 150, 0 ≤ x ≤ 100, 0 ≤ y ≤ 100 → x = 100, y = 50, cost 2,500, price 30.
        var lp = LinearProgram()
        let x = lp.addColumn(cost: 10, lower: 0, upper: 100)
        let y = lp.addColumn(cost: 30, lower: 0, upper: 100)
        lp.addRow([(x, 1), (y, 1)], lower: 150, upper: 150)
        let solution = LinearProgramSolver.solve(lp)
        #expect(solution.status == .optimal)
        #expect(abs(solution.values[x] - 100) < 1e-9 && abs(solution.values[y] - 50) < 1e-9)
        #expect(abs(solution.objective - 2500) < 1e-6)
        #expect(abs(abs(solution.rowPrices[0]) - 30) < 1e-9)
    }

    @Test("an infeasible program says so")
    func infeasible() {
        var lp = LinearProgram()
        let x = lp.addColumn(cost: 1, lower: 0, upper: 10)
        lp.addRow([(x, 1)], lower: 20, upper: .infinity)
        #expect(LinearProgramSolver.solve(lp).status == .infeasible)
    }

    @Test("a convex quadratic cost: the optimum where marginal costs meet")
    func quadratic() {
        // min ½·2·x² + ½·2·y², x + y = 10 → x = y = 5, cost 50.
        var lp = LinearProgram()
        let x = lp.addColumn(cost: 0, lower: -100, upper: 100, quadraticCost: 2)
        let y = lp.addColumn(cost: 0, lower: -100, upper: 100, quadraticCost: 2)
        lp.addRow([(x, 1), (y, 1)], lower: 10, upper: 10)
        let solution = LinearProgramSolver.solve(lp)
        #expect(solution.status == .optimal)
        #expect(abs(solution.values[x] - 5) < 1e-6 && abs(solution.values[y] - 5) < 1e-6)
        #expect(abs(solution.objective - 50) < 1e-5)
    }

    @Test("unit commitment in miniature: a unit with a minimum is switched off when it is not needed")
    func commitment() {
        // Load 30 MW. Unit A: 20 $/MWh, 0-100 MW. Unit B: 10 $/MWh, PMIN 50, PMAX 100, on/off u.
        // Running B at its minimum forces 50 MW > load: B must be off; A serves 30 MW at 600 $.
        var lp = LinearProgram()
        let a = lp.addColumn(cost: 20, lower: 0, upper: 100)
        let b = lp.addColumn(cost: 10, lower: 0, upper: 100)
        let u = lp.addColumn(cost: 0, lower: 0, upper: 1, integer: true)
        lp.addRow([(a, 1), (b, 1)], lower: 30, upper: 30)
        lp.addRow([(b, 1), (u, -50)], lower: 0, upper: .infinity)  // P_B ≥ 50 u
        lp.addRow([(b, 1), (u, -100)], lower: -.infinity, upper: 0)  // P_B ≤ 100 u
        let solution = LinearProgramSolver.solve(lp)
        #expect(solution.status == .optimal)
        #expect(abs(solution.values[u]) < 1e-9 && abs(solution.values[a] - 30) < 1e-9)
        #expect(abs(solution.objective - 600) < 1e-6)
        // With a load of 80 MW, B runs: 80 MW at 10 $.
        lp.setBounds(row: 0, lower: 80, upper: 80)
        let larger = LinearProgramSolver.solve(lp)
        #expect(abs(larger.values[u] - 1) < 1e-9 && abs(larger.values[b] - 80) < 1e-9)
    }

    @Test("solves from many tasks at once give the serial answers (COIN-OR is serialized)")
    func concurrent() async {
        // Mixed-integer programs of the commitment example with loads 30…93 MW: B is off below 50 MW.
        func program(load: Double) -> LinearProgram {
            var lp = LinearProgram()
            let a = lp.addColumn(cost: 20, lower: 0, upper: 100)
            let b = lp.addColumn(cost: 10, lower: 0, upper: 100)
            let u = lp.addColumn(cost: 0, lower: 0, upper: 1, integer: true)
            lp.addRow([(a, 1), (b, 1)], lower: load, upper: load)
            lp.addRow([(b, 1), (u, -50)], lower: 0, upper: .infinity)
            lp.addRow([(b, 1), (u, -100)], lower: -.infinity, upper: 0)
            return lp
        }
        let loads = (0..<64).map { 30 + Double($0) }
        let results = await withTaskGroup(of: (Double, Double).self) { group in
            for load in loads {
                group.addTask { (load, LinearProgramSolver.solve(program(load: load)).objective) }
            }
            var all: [(Double, Double)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == loads.count)
        for (load, objective) in results {
            let expected = load < 50 ? 20 * load : 10 * load
            #expect(abs(objective - expected) < 1e-6, "load \(load): \(objective)")
        }
    }

    @Test("the LP optimum equals a brute-force search over a grid of points on a tiny program")
    func bruteForce() {
        // max 3x + 2y (min −3x − 2y), x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0.
        var lp = LinearProgram()
        let x = lp.addColumn(cost: -3, lower: 0, upper: 3)
        let y = lp.addColumn(cost: -2, lower: 0)
        lp.addRow([(x, 1), (y, 1)], lower: -.infinity, upper: 4)
        lp.addRow([(x, 1), (y, 3)], lower: -.infinity, upper: 6)
        let solution = LinearProgramSolver.solve(lp)
        var best = Double.infinity
        for i in 0...300 {
            for j in 0...600 {
                let px = Double(i) / 100, py = Double(j) / 100
                if px + py <= 4 + 1e-12 && px + 3 * py <= 6 + 1e-12 { best = min(best, -3 * px - 2 * py) }
            }
        }
        #expect(abs(solution.objective - best) < 1e-9)
    }
}
