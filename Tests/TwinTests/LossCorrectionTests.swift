import Foundation
import TestFixtures
import Testing
import Twin

@Suite("The AC loop's loss correction")
struct LossCorrectionTests {
    @Test("measured losses reach the dispatch even when the round's tightened limit cannot be met")
    func lossesKeptWhenLimitFails() throws {
        // Bus 1: the reference unit, cheap, PMAX 40 MW. Bus 2: 100 MW and 30 Mvar of load and a dearer unit of PMAX
        // 62 MW without a reactive range (a load bus). The line (r = 0.05, x = 0.1 p.u.) is rated 45 MVA. DC: 40 MW over
        // the line, the unit at bus 2 60 MW. AC: the load's 30 Mvar also crosses the line — about 50 MVA — and the line
        // loses about 1.7 MW. The AC loop tightens the line's DC limit to about 33 MW, which needs 67 MW at bus 2 (more
        // than its 62): that round pays for flow beyond the limit and is dropped; the losses it carried are then taken
        // alone, by the unit at bus 2, and the reference unit stays within its PMAX.
        let grid = Fixtures.caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 2 100 30 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: "1 0 0 300 -300 1.0 100 1 40 0;\n2 0 0 0 0 1.0 100 1 62 0;",
            branch: "1 2 0.05 0.1 0 45 45 45 0 0 1;",
            gencost: "2 0 0 3 0 20 0;\n2 0 0 3 0 50 0;")
        let result = try runSmallScenario(
            grid: grid, scenario: "limits: {voltage_control: none, voltage_pu: [0.8, 1.2]}", method: "optimal", wind: [1])
        let step = result.steps[0]
        #expect(step.converged)
        #expect(step.lossesMW > 1)
        #expect(step.referenceOutsideLimits == 0, "reference unit at \(result.generatorMW[0][0]) MW")
        #expect(result.generatorMW[0][0] <= 40 + 0.5, "\(result.generatorMW[0][0]) MW")
        #expect(result.generatorMW[0][1] > 60 + 0.5, "\(result.generatorMW[0][1]) MW, losses \(step.lossesMW), powerflows \(step.powerFlows)")
        #expect(step.remainingOverloads == 1)
    }
}
