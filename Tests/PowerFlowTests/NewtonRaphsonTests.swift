import GridModel
import GridNetwork
import Numerics
import PowerFlow
import TestFixtures
import Testing

@Suite("Newton-Raphson")
struct NewtonRaphsonTests {
    @Test("a run that cannot converge says so, with the mismatch history and the worst bus")
    func nonConvergenceIsReported() throws {
        var grid = try Fixtures.grid("case118")
        for b in grid.buses.indices { grid.buses[b].demandMW *= 8 }  // far beyond what the grid can carry
        let report = try ACPowerFlow.solve(grid)
        #expect(!report.converged)
        #expect(report.outcome.history.count >= 2)
        #expect(report.outcome.history.last!.worstBusPosition >= 0)
    }

    @Test("stops at the iteration limit and reports the last mismatch")
    func iterationLimit() throws {
        let grid = try Fixtures.grid("case300")
        let options = PowerFlowOptions(newton: NewtonRaphsonOptions(tolerancePU: 1e-8, maximumIterations: 1))
        let report = try ACPowerFlow.solve(grid, options: options)
        #expect(!report.converged)
        #expect(report.outcome.iterations == 1)
        #expect(report.outcome.maximumMismatchPU > 1e-8)
    }

    @Test("a flat start reaches the same solution on a small case")
    func flatStart() throws {
        let grid = try Fixtures.grid("case30")
        let fromCase = try ACPowerFlow.solve(grid)
        let flat = try ACPowerFlow.solve(grid, options: PowerFlowOptions(start: .flat))
        #expect(flat.converged)
        for (a, b) in zip(fromCase.solution.voltages, flat.solution.voltages) { #expect((a - b).length < 1e-8) }
    }

    @Test("re-solving with the engine reuses the analysis and refactors, with the same answer")
    func engineReuse() throws {
        let engine = try PowerFlowEngine(grid: try Fixtures.grid("case118"))
        let first = engine.solveVoltages()
        let second = engine.solveVoltages()
        #expect(first.converged && second.converged)
        #expect(first.timing.factorizations == 1)
        // Refactorizations only (no new pivoting); the final step may reuse the last factors.
        #expect(second.timing.factorizations == 0)
        #expect(second.timing.refactorizations == second.iterations || second.timing.refactorizations == second.iterations - 1)
        for (a, b) in zip(first.voltages, second.voltages) { #expect((a - b).length < 1e-12) }
        // Warm start from the solution: converged at once.
        let warm = engine.solveVoltages(from: first.voltages)
        #expect(warm.converged && warm.iterations == 0)
    }

    @Test("a PV bus without an in-service generator is solved as PQ; a generator on a PQ bus is a fixed injection")
    func busRoles() throws {
        var grid = try Fixtures.grid("case9")
        let gen = grid.generators.firstIndex { $0.bus == 2 }!
        grid.generators[gen].inService = false
        let network = try PowerFlowNetwork(grid: grid)
        #expect(network.roles.roles[network.busIndex[2]!] == .pq)
        // Generator on a PQ bus: bus 5 gets 50 MW + 10 Mvar.
        grid.generators.append(Generator(bus: 5, activePowerMW: 50, reactivePowerMvar: 10, voltageSetpointPU: 1.1))
        let report = try ACPowerFlow.solve(grid)
        #expect(report.converged)
        let b5 = report.solution.grid.busLookup()[5]!
        #expect(report.solution.roles.roles[b5] == .pq)
        #expect(abs(report.solution.generators.last!.reactiveMvar - 10) < 1e-6)
        #expect(abs(report.solution.magnitudesPU[b5] - 1.1) > 1e-3)  // VG of a PQ-bus generator is not enforced
    }

    @Test("several generators on one bus share Q in proportion to their ranges; slack P closes the balance")
    func generatorSharing() throws {
        var grid = try Fixtures.grid("case9")
        let original = try ACPowerFlow.solve(grid)
        var twin = grid.generators[1]
        twin.activePowerMW = 0
        twin.maximumReactivePowerMvar = 600
        twin.minimumReactivePowerMvar = -600
        grid.generators[1].maximumReactivePowerMvar = 300
        grid.generators[1].minimumReactivePowerMvar = -300
        grid.generators.append(twin)
        let report = try ACPowerFlow.solve(grid)
        let q1 = report.solution.generators[1].reactiveMvar, q2 = report.solution.generators.last!.reactiveMvar
        #expect(abs(q1 + q2 - original.solution.generators[1].reactiveMvar) < 1e-6)
        // Qmin + share × range, the same share for both: (q − Qmin) / range equal.
        #expect(abs((q1 + 300) / 600 - (q2 + 600) / 1200) < 1e-9)
        #expect(abs(report.solution.generators[0].activeMW - original.solution.generators[0].activeMW) < 1e-6)
    }

    @Test("an isolated bus and its branches are out of the model")
    func isolatedBus() throws {
        var grid = try Fixtures.grid("case30")
        let leaf = grid.buses.firstIndex { $0.id == 26 }!  // bus 26 hangs on branch 25-26 only
        grid.buses[leaf].type = .isolated
        let report = try ACPowerFlow.solve(grid)
        #expect(report.converged)
        let k = grid.branches.firstIndex { $0.fromBus == 25 && $0.toBus == 26 }!
        #expect(report.solution.branches[k].fromMW == 0)
        #expect(report.solution.roles.roles[leaf] == .isolated)
    }

    @Test("a grid without any generator at a reference or PV bus is an error, not a crash")
    func noReference() throws {
        var grid = try Fixtures.grid("case9")
        for g in grid.generators.indices { grid.generators[g].inService = false }
        #expect(throws: PowerFlowError.noReferenceBus) { try ACPowerFlow.solve(grid) }
    }
}

@Suite("Solver robustness")
struct SolverRobustnessTests {
    @Test("grids with extreme values give a report or an error, never a crash")
    func extremeValues() throws {
        let base = try Fixtures.grid("case30")
        let extremes: [Double] = [0, -1, 1e-12, 1e12, -1e12, 1e300]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_000_007)
        }
        for _ in 0..<150 {
            var grid = base
            for _ in 0..<3 {
                let value = extremes[next() % extremes.count]
                switch next() % 7 {
                case 0: grid.buses[next() % grid.buses.count].demandMW = value
                case 1: grid.buses[next() % grid.buses.count].voltageMagnitudePU = value
                case 2: grid.branches[next() % grid.branches.count].reactancePU = value == 0 ? 1e-9 : value
                case 3: grid.branches[next() % grid.branches.count].tapRatio = value
                case 4: grid.generators[next() % grid.generators.count].voltageSetpointPU = value
                case 5: grid.buses[next() % grid.buses.count].shuntSusceptanceMvar = value
                default: grid.branches[next() % grid.branches.count].inService.toggle()
                }
            }
            for method in PowerFlowMethod.allCases {
                _ = try? PowerFlowStudy.run(grid, options: PowerFlowOptions(method: method, enforceReactiveLimits: method == .newtonRaphson))
            }
        }
    }
}

@Suite("Factor reuse near convergence")
struct FactorReuseTests {
    @Test("reusing the factors for the final step keeps MATPOWER's iteration counts and the solution", arguments: ["case300", "case2869pegase"])
    func sameAnswer(name: String) throws {
        let grid = try Fixtures.grid(name)
        var exact = PowerFlowOptions()
        exact.newton.reuseFactorsNearConvergence = false
        let plain = try ACPowerFlow.solve(grid, options: exact)
        let reused = try ACPowerFlow.solve(grid)
        #expect(plain.outcome.iterations == reused.outcome.iterations)
        let saved = plain.outcome.timing.refactorizations + plain.outcome.timing.factorizations
            - reused.outcome.timing.refactorizations - reused.outcome.timing.factorizations
        // case300 reaches 1e-5 p.u. one step before the end; case2869pegase jumps from above it straight to convergence.
        #expect(saved == (name == "case300" ? 1 : 0))
        for (a, b) in zip(plain.solution.voltages, reused.solution.voltages) { #expect((a - b).length < 1e-8) }
    }
}
