import Foundation
import Reports
import ScenarioFiles
import TestFixtures
import Testing
import Twin

@Suite("Dispatch outputs and ratings")
struct DispatchOutputTests {
    @Test("a rating override reaches every parallel circuit; FROM-TO#N only the N-th")
    func parallelCircuits() throws {
        let grid = Fixtures.packageRoot + "/grids/case118.m"
        let all = try PreparedScenario.load(try writeScenario(scenarioText(grid: grid, extra: "ratings: {branches: {\"42-49\": 123}}")))
        let circuits = all.grid.branches.indices.filter { all.grid.branches[$0].fromBus == 42 && all.grid.branches[$0].toBus == 49 }
        #expect(circuits.count == 2)
        #expect(circuits.allSatisfy { all.ratingsMVA[$0] == 123 })
        let second = try PreparedScenario.load(try writeScenario(scenarioText(grid: grid, extra: "ratings: {branches: {\"42-49#2\": 77}}")))
        #expect(second.ratingsMVA[circuits[1]] == 77 && second.ratingsMVA[circuits[0]] != 77)
        #expect(throws: ScenarioError.self) {
            _ = try PreparedScenario.load(try writeScenario(scenarioText(grid: grid, extra: "ratings: {branches: {\"42-49#3\": 77}}")))
        }
    }

    @Test("generators.csv holds every in-service unit's output in every step, as the run recorded it")
    func generatorsCSV() throws {
        let scenario = try PreparedScenario.load(try writeScenario(scenarioText(
            steps: 6, renewables: "  - {name: w, bus: 5, kind: wind, capacity_mw: 80, profile: WP4}")))
        let result = try TimeSeriesSimulation(scenario: scenario).run()
        let folder = NSTemporaryDirectory() + "gridtwin-generators-" + UUID().uuidString
        try SimulationOutputs.write(result, to: folder)
        let lines = try String(contentsOfFile: folder + "/generators.csv", encoding: .utf8).split(separator: "\n")
        let units = scenario.grid.generators.indices.filter { scenario.grid.generators[$0].inService }
        #expect(lines.count == 1 + 6 * units.count)
        let first = lines[1].split(separator: ",")
        #expect(Int(first[1]) == units[0] + 1)
        #expect(abs(Double(first[3])! - result.generatorMW[0][units[0]]) < 1e-3)
    }
}
