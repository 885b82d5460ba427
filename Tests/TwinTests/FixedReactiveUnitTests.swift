import Foundation
import TestFixtures
import Testing
import Twin

@Suite("Units without a reactive range")
struct FixedReactiveUnitTests {
    @Test("a unit whose QMAX equals its QMIN does not hold its bus's voltage: its bus is a load bus")
    func fixedReactiveUnitIsPQ() throws {
        // Bus 2 is a generator bus (set-point 1.05 p.u.) whose only unit has QMIN = QMAX = 0, with 10 MW and 20 Mvar
        // of load. Held at 1.05 p.u. it would take about 70 Mvar from the unit; as a load bus it sits below the
        // reference's 1.00 p.u. (the line drops about x·Q = 0.1 × 0.2 p.u.), and the unit gives no reactive power.
        let grid = Fixtures.caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 2 10 20 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: "1 0 0 300 -300 1.0 100 1 500 0;\n2 10 0 0 0 1.05 100 1 10 10;",
            branch: "1 2 0 0.1 0 0 0 0 0 0 1;",
            gencost: "2 0 0 3 0 20 0;\n2 0 0 3 0 10 0;")
        let result = try runSmallScenario(
            grid: grid, scenario: "limits: {voltage_control: none, voltage_pu: [0.9, 1.1]}", method: "optimal", wind: [1])
        let step = result.steps[0]
        #expect(step.converged)
        #expect(step.reactiveLimitViolations == 0)
        #expect(step.maxVoltagePU < 1.0 + 1e-9, "bus 2 held at \(step.maxVoltagePU) p.u.")
        #expect(step.minVoltagePU > 0.97 && step.minVoltagePU < 0.99, "\(step.minVoltagePU) p.u.")
    }
}
