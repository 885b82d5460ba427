import Foundation
import TestFixtures
import Testing
import Twin

@Suite("Curtailment for voltages above the band")
struct OvervoltageCurtailmentTests {
    /// Bus 1 the reference at 1.00 p.u.; bus 2 a generator bus held at 1.055 p.u. with a 5 MW wind farm; bus 3 the
    /// far end of a cable (B = 3 p.u.) whose charging lifts it above 1.06 p.u., with a second 5 MW farm. Band
    /// [0.94, 1.06]; the set-point control is off, so only curtailment acts on the far end.
    static let grid = Fixtures.caseText(
        bus: """
            1 3 20 5 0 0 1 1 0 230 1 1.1 0.9;
            2 2 0 0 0 0 1 1 0 230 1 1.1 0.9;
            3 1 10 2 0 0 1 1 0 230 1 1.1 0.9;
            """,
        gen: """
            1 30 0 600 -600 1.0 100 1 500 0;
            2 0 0 600 -600 1.055 100 1 500 0;
            """,
        branch: """
            1 2 0.002 0.02 0 0 0 0 0 0 1;
            2 3 0.005 0.05 3 0 0 0 0 0 1;
            """,
        gencost: """
            2 0 0 3 0 20 0;
            2 0 0 3 0 25 0;
            """)
    static let scenario = """
        limits: {voltage_control: none, voltage_pu: [0.94, 1.06]}
        renewables:
          - {name: held, bus: 2, kind: wind, capacity_mw: 5, profile: wind}
          - {name: far, bus: 3, kind: wind, capacity_mw: 5, profile: wind}
        """

    @Test("the farm at the overvoltage's load bus gives up output; the one at a generator bus within 0.01 p.u. of the band's top keeps it", arguments: ["optimal", "rules"])
    func onlyLoadBusesCurtailed(method: String) throws {
        let result = try runSmallScenario(grid: Self.grid, scenario: Self.scenario, method: method, wind: [1, 1])
        for (t, step) in result.steps.enumerated() {
            #expect(step.converged)
            // The far end stays above the band (curtailing 5 MW barely moves a cable's charging rise)…
            #expect(step.maxVoltagePU > 1.06)
            // …so the far farm is cut, round after round, and that is counted as voltage curtailment.
            let far = result.plantUsedMW[t][1]
            #expect(far < 0.5 * result.plantAvailableMW[t][1], "far farm kept \(far) MW")
            #expect(abs(step.voltageCurtailedMW - (result.plantAvailableMW[t][1] - far)) < 1e-6)
            // The farm at the bus its generator holds at 1.055 p.u. is not: its output does not move that voltage.
            #expect(abs(result.plantUsedMW[t][0] - result.plantAvailableMW[t][0]) < 1e-9, "held farm \(result.plantUsedMW[t][0]) MW")
        }
    }
}
