import GridModel
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

@Suite("Distributed slack")
struct DistributedSlackTests {
    private func shuntMW(_ solution: PowerFlowSolution) -> Double {
        let magnitudes = solution.magnitudesPU
        return solution.grid.buses.indices.reduce(0) { sum, b in
            solution.grid.buses[b].type == .isolated ? sum : sum + solution.grid.buses[b].shuntConductanceMW * magnitudes[b] * magnitudes[b]
        }
    }

    @Test("the balance closes and every generator's change is proportional to its factor",
          arguments: ["case9", "case30", "case118", "case300", "case_ACTIVSg2000", "case2869pegase"])
    func proportionalShares(name: String) throws {
        let grid = try Fixtures.grid(name)
        let report = try ACPowerFlow.solve(grid, options: PowerFlowOptions(distributedSlack: .maximumPower))
        #expect(report.converged, "\(name): \(report.outcome.failure?.description ?? "")")
        #expect(report.outcome.iterations <= 8)
        let solution = report.solution
        // Balance: generation = load + losses + shunt consumption.
        let balance = solution.totalGeneration.mw - grid.totalDemand.mw - solution.lossesMW - shuntMW(solution)
        #expect(abs(balance) < 1e-5, "\(name): imbalance \(balance) MW")
        // ΔP / PMAX is the same for every participating generator.
        var ratios: [Double] = []
        for (g, generator) in grid.generators.enumerated() where generator.inService && generator.maximumActivePowerMW > 0 {
            ratios.append((solution.generators[g].activeMW - generator.activePowerMW) / generator.maximumActivePowerMW)
        }
        let spread = (ratios.max() ?? 0) - (ratios.min() ?? 0)
        #expect(spread < 1e-9 * max(1, abs(ratios[0])), "\(name): ratios spread \(spread)")
    }

    @Test("with the reference generator as the only participant it equals the single-slack solution")
    func onlyReferenceParticipates() throws {
        let grid = try Fixtures.grid("case118")
        let single = try ACPowerFlow.solve(grid)
        let referenceGenerator = grid.generators.firstIndex { $0.bus == grid.buses[single.solution.roles.slack[0]].id }!
        var factors = [Double](repeating: 0, count: grid.generators.count)
        factors[referenceGenerator] = 1
        let distributed = try ACPowerFlow.solve(grid, options: PowerFlowOptions(distributedSlack: .given(factors)))
        #expect(distributed.converged)
        for (a, b) in zip(single.solution.voltages, distributed.solution.voltages) { #expect((a - b).length < 1e-9) }
        #expect(abs(single.solution.generators[referenceGenerator].activeMW - distributed.solution.generators[referenceGenerator].activeMW) < 1e-6)
    }

    @Test("generators beyond PMIN or PMAX after sharing are reported")
    func activePowerLimits() throws {
        var grid = try Fixtures.grid("case9")
        for b in grid.buses.indices { grid.buses[b].demandMW *= 2.3 }  // 724 MW of load for 820 MW of PMAX
        grid.generators[2].maximumActivePowerMW = 90  // bus 3 is at 85 MW: it will be pushed past 90
        let report = try ACPowerFlow.solve(grid, options: PowerFlowOptions(distributedSlack: .equal))
        #expect(report.converged)
        #expect(report.solution.violations.contains { $0.kind == .activePowerHigh && $0.index == 2 })
    }

    @Test("wrong factors are an error")
    func badFactors() throws {
        let grid = try Fixtures.grid("case9")
        #expect(throws: PowerFlowError.self) {
            try ACPowerFlow.solve(grid, options: PowerFlowOptions(distributedSlack: .given([1, 2])))
        }
        #expect(throws: PowerFlowError.self) {
            try ACPowerFlow.solve(grid, options: PowerFlowOptions(distributedSlack: .given([1, -2, 1])))
        }
    }
}
