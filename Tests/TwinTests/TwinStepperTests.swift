import Foundation
import TestFixtures
import Testing
import Reports
import ScenarioFiles
import Twin

@Suite("The twin as a stepper")
struct TwinStepperTests {
    @Test("stepping one step at a time gives exactly the batch run's records")
    func stepsEqualBatch() throws {
        let text = scenarioText(
            grid: Fixtures.packageRoot + "/grids/case118.m", steps: 24,
            renewables: "  - {name: w, bus: 10, kind: wind, capacity_mw: 900, profile: WP4}",
            storage: "  - {name: b, bus: 10, power_mw: 50, energy_mwh: 200}")
        let scenario = try PreparedScenario.load(try writeScenario(text))
        let batch = try TimeSeriesSimulation(scenario: scenario).run()
        let stepper = try TwinStepper(scenario: scenario)
        var state = stepper.initialState()
        for t in 0..<scenario.stepCount {
            let result = stepper.advance(stepper.inputs(at: t), state: &state)
            let expected = batch.steps[t]
            #expect(result.record.converged == expected.converged)
            #expect(result.record.curtailedMW == expected.curtailedMW)
            #expect(result.record.lossesMW == expected.lossesMW)
            #expect(state.stateOfCharge == batch.stateOfCharge[t])
        }
    }
}
