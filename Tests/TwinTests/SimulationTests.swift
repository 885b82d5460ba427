import Foundation
import GridNetwork
import PowerFlow
import TestFixtures
import Testing
import Reports
import ScenarioFiles
import Twin

@Suite("Time-series simulation")
struct SimulationTests {
    private func run(_ text: String) throws -> SimulationResult {
        try TimeSeriesSimulation(scenario: try PreparedScenario.load(try writeScenario(text))).run()
    }

    /// case30 with two wind farms and a battery; the line 2-6 is the weak link behind the farm at bus 2 when rated low.
    private func windy(rating: Double, steps: Int = 72) -> String {
        scenarioText(
            steps: steps,
            renewables: """
                  - {name: wind-2, bus: 2, kind: wind, capacity_mw: 120, profile: WP4}
                  - {name: solar-7, bus: 7, kind: solar, capacity_mw: 40, profile: PV3, power_factor: 0.95}
                """,
            storage: "  - {name: battery-2, bus: 2, power_mw: 10, energy_mwh: 30, soc_initial: 0.5, soc_min: 0.1, soc_max: 0.9}",
            extra: "ratings: {default_mva: 300, branches: {\"2-6\": \(rating)}}")
    }

    @Test("every step balances, state of charge stays in bounds and no plant exceeds its availability")
    func invariants() throws {
        let result = try run(windy(rating: 25))
        #expect(result.convergedSteps == result.steps.count)
        for (t, step) in result.steps.enumerated() {
            let supply = step.dispatchableMW + step.renewableUsedMW + step.storageDischargeMW + step.unservedMW
            let demand = step.loadMW + step.lossesMW + step.storageChargeMW
            #expect(abs(supply - demand) < 1e-3, "step \(t): \(supply) vs \(demand)")
            for (p, available) in result.plantAvailableMW[t].enumerated() {
                #expect(result.plantUsedMW[t][p] <= available + 1e-9 && result.plantUsedMW[t][p] >= -1e-9)
            }
            for (s, unit) in result.scenario.storage.enumerated() {
                #expect(result.stateOfCharge[t][s] >= unit.socMin - 1e-9 && result.stateOfCharge[t][s] <= unit.socMax + 1e-9)
            }
        }
    }

    @Test("no curtailment where the grid has room; curtailment behind a weak line, with no overload left")
    func curtailment() throws {
        let roomy = try run(windy(rating: 500))
        #expect(roomy.energyMWh(\.curtailedMW) == 0)
        let weak = try run(windy(rating: 25))
        #expect(weak.energyMWh(\.congestionCurtailedMW) > 1)
        // An overload may remain only where curtailment has nothing left to give: the wind farm behind the line is off.
        for (t, step) in weak.steps.enumerated() where step.remainingOverloads > 0 {
            #expect(weak.plantUsedMW[t][0] < 1e-6, "step \(t): \(step.remainingOverloads) overloads with wind-2 at \(weak.plantUsedMW[t][0]) MW")
        }
        #expect(weak.congestionHours.values.reduce(0, +) > 0)
    }

    @Test("the state at a step equals a standalone power flow of that step's injections")
    func standalone() throws {
        let result = try run(windy(rating: 25, steps: 24))
        let scenario = result.scenario
        for t in [3, 11, 20] {
            let grid = scenario.grid
            let shed = result.steps[t].unservedMW / max(result.steps[t].loadMW, 1e-9)
            var p = grid.buses.indices.map { b in grid.buses[b].demandMW * scenario.loadSeries[scenario.busLoadSeries[b]][t] * scenario.busScale[b] * (1 - shed) }
            var q = grid.buses.indices.map { b in grid.buses[b].demandMvar * scenario.loadSeries[scenario.busLoadSeries[b]][t] * scenario.busScale[b] * (1 - shed) }
            for (i, plant) in scenario.plants.enumerated() {
                p[plant.busPosition] -= result.plantUsedMW[t][i]
                q[plant.busPosition] -= result.plantUsedMW[t][i] * plant.reactivePerActive
            }
            for (s, unit) in scenario.storage.enumerated() {
                p[unit.busPosition] += result.storageChargeMW[t][s] - result.storageDischargeMW[t][s]
            }
            let standalone = try ACPowerFlow.solve(TimeSeriesSimulation.grid(
                of: scenario, demandMW: p, demandMvar: q, generatorMW: result.generatorMW[t]))
            #expect(standalone.converged)
            let magnitudes = standalone.solution.magnitudesPU
            #expect(abs((magnitudes.min() ?? 0) - result.steps[t].minVoltagePU) < 1e-6)
            #expect(abs(standalone.solution.totalGeneration.mw - result.steps[t].dispatchableMW) < 1e-4)
        }
    }

    @Test("outputs are written in one piece, with a self-contained HTML report")
    func outputs() throws {
        let result = try run(windy(rating: 25, steps: 24))
        let folder = NSTemporaryDirectory() + "gridtwin-sim-" + UUID().uuidString + "/out"
        try SimulationOutputs.write(result, to: folder)
        for name in ["steps.csv", "plants.csv", "branches.csv", "storage.csv", "prices.csv", "summary.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        let steps = try String(contentsOfFile: folder + "/steps.csv", encoding: .utf8)
        #expect(steps.split(separator: "\n").count == 25)
        #expect(steps.hasPrefix("time,load_mw,renewable_available_mw,renewable_used_mw,curtailed_mw"))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        // Generation, loading, voltage, storage; and for the optimal dispatch curtailment by cause, prices, commitment.
        #expect(html.components(separatedBy: "<svg").count - 1 == 7)
        #expect(!html.contains("<script"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))) as! [String: Any]
        for key in ["steps", "converged_steps", "energy_mwh", "curtailment_percent", "congestion_hours", "violations", "wall_seconds"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path)
        #expect(leftovers == ["out"])
    }
}
