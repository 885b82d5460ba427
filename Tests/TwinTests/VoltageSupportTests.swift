import Foundation
import TestFixtures
import Testing
import Twin

/// Bus 1 the reference at 1.00 p.u. with a cheap unit; bus 2 with 150 MW and 20 Mvar of load behind a lossless line of
/// x = 0.3 p.u., and a dear unit (PMIN 10 MW, QMAX 100 Mvar, set-point 1.00 p.u.) that the dispatch switches off.
/// Without it the two-bus line's load-bus voltage solves V⁴ + (2·Q·x − V1²)·V² + x²·(P² + Q²) = 0 (P, Q drawn at bus
/// 2, p.u.): with P = 1.5, Q = 0.2, V⁴ − 0.88·V² + 0.2061 = 0, which has no real root (0.88² < 4 × 0.2061): the power
/// flow has no solution.
private let supportGrid = Fixtures.caseText(
    bus: """
        1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
        2 2 150 20 0 0 1 1 0 230 1 1.1 0.9;
        """,
    gen: "1 0 0 300 -300 1.0 100 1 500 0;\n2 0 0 100 -50 1.0 100 1 100 10;",
    branch: "1 2 0 0.3 0 0 0 0 0 0 1;",
    gencost: "2 0 0 3 0 20 0;\n2 0 0 3 0 50 0;")

@Suite("Units kept on for voltage support")
struct VoltageSupportTests {
    private let limits = "limits: {voltage_control: none, voltage_pu: [0.9, 1.1]}"

    @Test("a step whose power flow has no solution with a unit switched off keeps it on, for the hours set")
    func divergenceKeepsUnitOn() throws {
        // The dispatch switches the dear unit off; the power flow diverges; the unit stays on (at its minimum output),
        // the step converges, and the next one starts with it on: one power flow.
        let result = try runSmallScenario(grid: supportGrid, scenario: limits, method: "optimal", wind: [1, 1])
        #expect(result.steps.allSatisfy { $0.converged })
        #expect(result.committed[0] == [true, true] && result.committed[1] == [true, true])
        #expect(result.steps[0].voltageSupportUnits == 1 && result.steps[1].voltageSupportUnits == 1)
        #expect(abs(result.generatorMW[0][1] - 10) < 1e-6, "\(result.generatorMW[0][1]) MW")
        #expect(result.steps[0].powerFlows == 2)
        #expect(result.steps[1].powerFlows == 1)
        // Kept on for one hour only: the next step switches it off again, diverges, and keeps it on once more.
        let hour = try runSmallScenario(
            grid: supportGrid, scenario: limits, method: "optimal", wind: [1, 1], dispatch: ", voltage_support_hours: 1")
        #expect(hour.steps.allSatisfy { $0.converged })
        #expect(hour.steps[1].powerFlows == 2)
        #expect(hour.steps[1].voltageSupportUnits == 1)
    }

    @Test("with voltage support off the step diverges and is left out")
    func supportOff() throws {
        let result = try runSmallScenario(
            grid: supportGrid, scenario: limits, method: "optimal", wind: [1], dispatch: ", voltage_support_hours: 0")
        #expect(!result.steps[0].converged)
        #expect(result.steps[0].voltageSupportUnits == 0)
    }

    @Test("a unit off since an earlier step is not started for a diverging step")
    func onlyUnitsJustSwitchedOff() throws {
        // Hour 1: a wind farm at bus 2 meets its load (bus 2 at 0.936 p.u.: P = 0, V² = (0.88 + √(0.88² − 4 × 0.0036))/2)
        // and the unit is switched off. Hour 2: no wind; the power flow has no solution without the unit, which was
        // already off when the step began: the step is reported as not converged.
        let wind = "renewables:\n  - {name: w, bus: 2, kind: wind, capacity_mw: 150, profile: wind}"
        let result = try runSmallScenario(grid: supportGrid, scenario: limits + "\n" + wind, method: "optimal", wind: [1, 0])
        #expect(result.steps[0].converged)
        #expect(abs(result.steps[0].minVoltagePU - ((0.88 + 0.76.squareRoot()) / 2).squareRoot()) < 1e-6)
        #expect(result.committed[0] == [true, false])
        #expect(!result.steps[1].converged)
        #expect(result.steps[1].voltageSupportUnits == 0)
    }

    @Test("a bad voltage_support_hours names the key")
    func badKey() throws {
        do {
            _ = try runSmallScenario(
                grid: supportGrid, scenario: limits, method: "optimal", wind: [1], dispatch: ", voltage_support_hours: -1")
            Issue.record("a negative voltage_support_hours was accepted")
        } catch {
            #expect("\(error)".contains("dispatch.voltage_support_hours"), "\(error)")
        }
    }
}
