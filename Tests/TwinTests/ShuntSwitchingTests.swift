import Foundation
import TestFixtures
import Testing
import Twin

/// Two buses joined by a lossless line of x = 0.1 p.u., bus 1 the reference at 1.00 p.u., bus 2 without load and
/// with a bus shunt of `shuntMvar`. With b = BS/100 p.u. in, V2 = 1/(1 − x·b) (the current through the line is the
/// shunt's): 100 Mvar of capacitors in 4 steps give 1.1111, 1.0811, 1.0526, 1.0256 p.u. with 4, 3, 2, 1 steps in;
/// 100 Mvar of reactors 0.9091, 0.9302, 0.9524.
private func twoBusGrid(shuntMvar: Double, busTwo: String = "2 1 0 0 0", gen: String = "") -> String {
    Fixtures.caseText(
        bus: """
            1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
            \(busTwo) \(shuntMvar) 1 1 0 230 1 1.1 0.9;
            """,
        gen: "1 0 0 600 -600 1.0 100 1 500 0;\n" + gen,
        branch: "1 2 0 0.1 0 0 0 0 0 0 1;",
        gencost: "2 0 0 3 0 20 0;\n" + (gen.isEmpty ? "" : "2 0 0 3 0 30 0;"))
}

@Suite("Bus shunts switched by voltage")
struct ShuntSwitchingTests {
    private let band = "shunts: {control: voltage, band_pu: [0.95, 1.05]}"

    @Test("a capacitor above the band steps out until its bus is back in it, and stays so", arguments: ["optimal", "rules"])
    func capacitorStepsOut(method: String) throws {
        let result = try runSmallScenario(grid: twoBusGrid(shuntMvar: 100), scenario: band, method: method, wind: [1, 1])
        let first = result.steps[0], second = result.steps[1]
        #expect(first.converged && second.converged)
        // 4 → 3 → 2 → 1 step in: 1.1111, 1.0811, 1.0526 p.u. are above 1.05, 1.0256 is not.
        #expect(abs(first.maxVoltagePU - 1 / (1 - 0.1 * 0.25)) < 1e-6, "\(first.maxVoltagePU)")
        #expect(abs(first.switchedShuntMvar - 25) < 1e-9)
        #expect(first.powerFlows == 4)
        // The next step starts with the bank as it was left: one power flow, nothing to switch.
        #expect(second.powerFlows == 1)
        #expect(abs(second.maxVoltagePU - 1 / (1 - 0.1 * 0.25)) < 1e-6)
        #expect(abs(second.switchedShuntMvar - 25) < 1e-9)
    }

    @Test("a reactor below the band steps out until its bus is back in it")
    func reactorStepsOut() throws {
        let result = try runSmallScenario(grid: twoBusGrid(shuntMvar: -100), scenario: band, method: "optimal", wind: [1])
        let step = result.steps[0]
        // 4 → 3 → 2 steps in: 0.9091, 0.9302 p.u. are below 0.95, 0.9524 is not.
        #expect(abs(step.minVoltagePU - 1 / (1 + 0.1 * 0.5)) < 1e-6, "\(step.minVoltagePU)")
        #expect(abs(step.switchedShuntMvar + 50) < 1e-9)
    }

    @Test("a capacitor at a generator bus steps out while the generator absorbs beyond its reactive limit")
    func capacitorAtRegulatedBus() throws {
        // Bus 2 held at 1.00 p.u. by a unit that may absorb 10 Mvar: with 60 Mvar of capacitors in (2 steps of 30)
        // it absorbs about 60, with one step about 30 — both beyond its limit — and with none about 0.
        let grid = twoBusGrid(shuntMvar: 60, busTwo: "2 2 0 0 0", gen: "2 0 0 10 -10 1.0 100 1 50 0;")
        let scenario = "shunts: {control: voltage, steps: 2}\nlimits: {voltage_control: none}"
        let result = try runSmallScenario(grid: grid, scenario: scenario, method: "optimal", wind: [1])
        let step = result.steps[0]
        #expect(step.converged)
        #expect(step.switchedShuntMvar == 0)
        #expect(step.reactiveLimitViolations == 0)
        #expect(step.powerFlows == 3)
    }

    @Test("without a shunts key every shunt stays as the case gives it")
    func fixedByDefault() throws {
        let result = try runSmallScenario(
            grid: twoBusGrid(shuntMvar: 100), scenario: "limits: {voltage_control: none}", method: "optimal", wind: [1])
        #expect(abs(result.steps[0].maxVoltagePU - 1 / (1 - 0.1)) < 1e-6)
        #expect(result.steps[0].switchedShuntMvar == 0)
    }

    @Test("bad shunt settings name the key", arguments: [
        ("shunts: {control: relay}", "shunts.control"),
        ("shunts: {control: voltage, steps: 0}", "shunts.steps"),
        ("shunts: {control: voltage, band_pu: [1.05, 0.95]}", "shunts.band_pu"),
        ("shunts: {control: voltage, band_pu: [0.95, .nan]}", "shunts.band_pu"),
        ("shunts: {contrl: voltage}", "shunts.contrl"),
    ])
    func badSettings(text: String, key: String) throws {
        do {
            _ = try PreparedScenario.load(try writeScenario(scenarioText(extra: text)))
            Issue.record("accepted \(text)")
        } catch let error as ScenarioError {
            #expect(error.key == key, "\(error)")
        }
    }
}
