import Foundation
import GridFormats
import GridModel
import PowerFlow
import TestFixtures
import Testing
import Twin

@Suite("Voltage set-point control")
struct VoltageControlTests {
    /// A lightly loaded 230 kV cable: its charging (B = 3 p.u.) lifts the far end to about 1.08 p.u. with the
    /// generator at 1.00 p.u., which absorbs the charging; `qmax` is the generator's upper reactive limit, Mvar.
    static func cable(qmax: Double = 600, qmin: Double = -600, charging: Double = 3) -> String {
        Fixtures.caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 1 10 2 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: "1 10 0 \(qmax) \(qmin) 1.0 100 1 500 0;",
            branch: "1 2 0.005 0.05 \(charging) 0 0 0 0 0 1;",
            gencost: "2 0 0 3 0 20 0;")
    }

    /// The far end's voltage and the generator's reactive output from a standalone power flow with the generator's
    /// set-point at `setpoint`.
    static func standalone(_ text: String, setpoint: Double) throws -> (farEnd: Double, generatorMvar: Double) {
        var grid = try MatpowerCaseReader.parse(Array(text.utf8), file: "cable.m").grid
        grid.generators[0].voltageSetpointPU = setpoint
        let report = try ACPowerFlow.solve(grid)
        return (report.solution.voltages[1].length, report.solution.generators[0].reactiveMvar)
    }

    @Test("the set-point moves down until the cable's far end is at the band's edge, as a standalone power flow confirms")
    func bringsFarEndIntoBand() throws {
        let uncontrolled = try Self.standalone(Self.cable(), setpoint: 1.0)
        #expect(uncontrolled.farEnd > 1.07)
        let result = try runSmallScenario(grid: Self.cable(), scenario: "", method: "optimal", wind: [0, 0])
        for (t, step) in result.steps.enumerated() {
            #expect(step.converged && step.voltageViolations == 0 && step.voltageLimitCause == nil)
            // The least movement that does it: the far end lands on 1.06, not below.
            #expect(abs(step.maxVoltagePU - 1.06) < 2e-4, "\(step.maxVoltagePU)")
            let setpoint = Double(result.generatorVoltagePU[t][0])
            #expect(setpoint < 0.99)
            let check = try Self.standalone(Self.cable(), setpoint: setpoint)
            #expect(abs(check.farEnd - step.maxVoltagePU) < 1e-5, "\(check.farEnd) vs \(step.maxVoltagePU)")
        }
        let off = try runSmallScenario(
            grid: Self.cable(), scenario: "limits: {voltage_control: none}", method: "optimal", wind: [0])
        #expect(off.steps[0].voltageViolations == 1 && off.steps[0].voltageLimitCause == .unresolved)
        #expect(abs(off.steps[0].maxVoltagePU - uncontrolled.farEnd) < 1e-6)
        #expect(off.voltageViolationHours == [1: 1])
    }

    @Test("a generator at its reactive limit keeps its set-point within the limit; the violation is left to the limit")
    func reactiveLimitStops() throws {
        let uncontrolled = try Self.standalone(Self.cable(), setpoint: 1.0)
        // The generator absorbs the cable's charging; a lower set-point lowers the charging and so what it absorbs.
        // Its limit lets it absorb 3 Mvar less, not the ~30 Mvar less that the band would need.
        let limit = uncontrolled.generatorMvar + 3
        let result = try runSmallScenario(grid: Self.cable(qmax: limit), scenario: "", method: "optimal", wind: [0])
        let step = result.steps[0]
        #expect(step.converged && step.voltageViolations == 1, "\(uncontrolled) \(limit) \(result.generatorVoltagePU[0][0])")
        #expect(step.voltageLimitCause == .reactiveLimits)
        let setpoint = Double(result.generatorVoltagePU[0][0])
        let check = try Self.standalone(Self.cable(qmax: limit), setpoint: setpoint)
        // Moved as far as the limit allows (the linearization within 0.3 Mvar), not further.
        #expect(check.generatorMvar <= limit + 0.3 && check.generatorMvar > limit - 0.5, "\(check.generatorMvar) vs \(limit)")
        #expect(step.maxVoltagePU > 1.06 && step.maxVoltagePU < uncontrolled.farEnd)
    }

    @Test("a generator beyond its reactive limit gets the set-point that brings it back, voltages in the band")
    func reactiveOutputBroughtWithinLimit() throws {
        // B = 1 p.u.: the far end is in the band, but the generator absorbs 10 Mvar more than its limit allows.
        let before = try Self.standalone(Self.cable(charging: 1), setpoint: 1.0)
        let limit = before.generatorMvar + 10
        let text = Self.cable(qmin: limit, charging: 1)
        let result = try runSmallScenario(grid: text, scenario: "", method: "optimal", wind: [0])
        let step = result.steps[0]
        #expect(step.voltageViolations == 0 && step.reactiveLimitViolations == 0)
        let check = try Self.standalone(text, setpoint: Double(result.generatorVoltagePU[0][0]))
        #expect(check.generatorMvar >= limit - 0.5 && check.generatorMvar < limit + 0.5, "\(check.generatorMvar) vs \(limit)")
        let off = try runSmallScenario(grid: text, scenario: "limits: {voltage_control: none}", method: "optimal", wind: [0])
        #expect(off.steps[0].reactiveLimitViolations == 1)
    }

    @Test("a bus no set-point inside the band can reach is classified so")
    func outOfReach() throws {
        // B = 6 p.u.: even at 0.94 p.u. the far end stays above 1.06.
        let text = Self.cable(charging: 6)
        #expect(try Self.standalone(text, setpoint: 0.94).farEnd > 1.06)
        let result = try runSmallScenario(grid: text, scenario: "", method: "optimal", wind: [0])
        #expect(result.steps[0].voltageLimitCause == .setpointRange)
        #expect(abs(Double(result.generatorVoltagePU[0][0]) - 0.94) < 1e-6)
    }

    @Test("a unit the dispatch switches off stops regulating its bus: the step equals the power flow without it")
    func decommittedUnitDoesNotRegulate() throws {
        // A cheap unit at bus 1 covers the 60 MW load; the dear unit at bus 3 (PMIN 20 MW) is switched off, so
        // bus 3 no longer sits at its 1.05 p.u. set-point. Voltage control off: the network alone decides.
        let text = Fixtures.caseText(
            bus: """
                1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
                2 1 60 20 0 0 1 1 0 230 1 1.1 0.9;
                3 2 0 0 0 0 1 1 0 230 1 1.1 0.9;
                """,
            gen: """
                1 0 0 300 -300 1.0 100 1 500 0;
                3 0 0 300 -300 1.05 100 1 100 20;
                """,
            branch: """
                1 2 0.01 0.1 0.02 0 0 0 0 0 1;
                2 3 0.01 0.1 0.02 0 0 0 0 0 1;
                """,
            gencost: """
                2 0 0 3 0 10 0;
                2 0 0 3 0 50 0;
                """)
        let result = try runSmallScenario(grid: text, scenario: "limits: {voltage_control: none}", method: "optimal", wind: [0])
        #expect(result.committed[0] == [true, false])
        var alone = try MatpowerCaseReader.parse(Array(text.utf8), file: "three.m").grid
        alone.generators[1].inService = false
        let report = try ACPowerFlow.solve(alone)
        let bus3 = report.solution.voltages[2].length
        #expect(abs(bus3 - 1.05) > 1e-3)
        #expect(abs(Double(result.generatorVoltagePU[0][1]) - bus3) < 1e-5, "\(result.generatorVoltagePU[0][1]) vs \(bus3)")
        // Kept on (must run), it holds its set-point.
        let kept = try runSmallScenario(
            grid: text, scenario: "limits: {voltage_control: none}", method: "optimal", wind: [0],
            dispatch: ", units: {\"3\": {must_run: true}}")
        #expect(abs(Double(kept.generatorVoltagePU[0][1]) - 1.05) < 1e-6)
    }
}
