import Foundation
import Numerics
import TestFixtures
import Testing
import Twin

/// A controller that answers a step's last converged power flow by multiplying one bus's demand far beyond what the
/// grid can carry, so that the next power flow diverges.
private struct CollapsingController: TwinController {
    var name: String { "collapse" }
    let bus: Int
    var responded = false

    mutating func prepare(_ step: inout StepState, context: SimulationContext) { responded = false }

    mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool {
        guard !responded else { return false }
        responded = true
        step.demandMW[bus] *= 60
        step.demandMvar[bus] *= 60
        return true
    }
}

@Suite("A step whose power flow diverges")
struct DivergedPowerFlowTests {
    private func scenario(method: String) throws -> PreparedScenario {
        let text = scenarioText(
            grid: Fixtures.packageRoot + "/grids/case118.m", steps: 6,
            renewables: "  - {name: w, bus: 10, kind: wind, capacity_mw: 900, profile: WP4}",
            extra: "dispatch: {method: \(method)}")
        return try PreparedScenario.load(try writeScenario(text))
    }

    @Test("a control round whose power flow diverges is abandoned: the step keeps its last converged power flow",
          arguments: ["optimal", "rules"])
    func abandonedRound(method: String) throws {
        let scenario = try scenario(method: method)
        let bus = try #require(scenario.grid.buses.firstIndex { $0.demandMW > 200 })
        let plain = try TwinStepper(scenario: scenario)
        let collapsing = try TwinStepper(
            scenario: scenario,
            controllers: TwinStepper.defaultControllers(for: scenario) + [CollapsingController(bus: bus)])
        var plainState = plain.initialState(), collapsingState = collapsing.initialState()
        for t in 0..<scenario.stepCount {
            let expected = plain.advance(plain.inputs(at: t), state: &plainState).record
            let record = collapsing.advance(collapsing.inputs(at: t), state: &collapsingState).record
            #expect(record.converged)
            #expect(record.powerFlows == expected.powerFlows + 1)
            #expect(record.loadMW == expected.loadMW)
            #expect(abs(record.lossesMW - expected.lossesMW) < 1e-6)
            #expect(abs(record.curtailedMW - expected.curtailedMW) < 1e-6)
            #expect(abs(record.dispatchableMW - expected.dispatchableMW) < 1e-6)
            #expect(abs(record.maxLoadingPercent - expected.maxLoadingPercent) < 1e-6)
        }
    }

    @Test("a step whose warm start is out of Newton's reach is solved from the DC power flow's angles")
    func dcAngleRestart() throws {
        let scenario = try scenario(method: "optimal")
        let stepper = try TwinStepper(scenario: scenario)
        var reference = stepper.initialState()
        let expected = stepper.advance(stepper.inputs(at: 0), state: &reference).record
        let fresh = try TwinStepper(scenario: scenario)
        var state = fresh.initialState()
        // Angles scattered over ±3 rad around the reference: no basin of Newton-Raphson holds them.
        state.voltages = state.voltages.indices.map { b in
            let angle = 3 * Double.sin(Double(b) * 1.7), magnitude = state.voltages[b].length
            return Complex(magnitude * .cos(angle), magnitude * .sin(angle))
        }
        let record = fresh.advance(fresh.inputs(at: 0), state: &state).record
        #expect(record.converged)
        #expect(record.minVoltagePU > 0.9)
        #expect(abs(record.lossesMW - expected.lossesMW) < 1e-3)
        #expect(abs(record.curtailedMW - expected.curtailedMW) < 1e-3)
    }
}
