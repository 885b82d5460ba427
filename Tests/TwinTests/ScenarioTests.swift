import Foundation
import TestFixtures
import Testing
import Reports
import ScenarioFiles
import Twin

/// Writes a scenario beside temporary copies of nothing: paths point at the bundled grid and example profiles.
func writeScenario(_ body: String, name: String = "scenario.yaml") throws -> String {
    let folder = NSTemporaryDirectory() + "gridtwin-scenario-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try body.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let exampleProfiles = Fixtures.packageRoot + "/grids/example/profiles-2016-hourly.csv"

func scenarioText(
    grid: String = Fixtures.casePath("case30"), steps: Int = 48, renewables: String = "", storage: String = "",
    extra: String = ""
) -> String {
    """
    grid: \(grid)
    time: {start: 2016-03-01T00:00, step: 1h, steps: \(steps)}
    profiles: \(exampleProfiles)
    loads: {profile: hv_mixed1_pload, scale: 1.6}
    renewables:
    \(renewables.isEmpty ? "  []" : renewables)
    storage:
    \(storage.isEmpty ? "  []" : storage)
    \(extra)
    """
}

@Suite("Scenarios")
struct ScenarioTests {
    private func error(_ text: String) throws -> ScenarioError? {
        let path = try writeScenario(text)
        do {
            _ = try PreparedScenario.load(path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid scenario resolves its grid, profiles, plants and storage")
    func valid() throws {
        let scenario = try PreparedScenario.load(try writeScenario(scenarioText(
            renewables: "  - {name: w1, bus: 5, kind: wind, capacity_mw: 80, profile: WP4}",
            storage: "  - {name: b1, bus: 5, power_mw: 10, energy_mwh: 40}")))
        #expect(scenario.stepCount == 48 && scenario.stepMinutes == 60)
        #expect(scenario.plants.count == 1 && scenario.plants[0].profile.count == 48)
        #expect(scenario.storage[0].socInitial == 0.5)
    }

    @Test("15-minute profiles are averaged to the scenario's step")
    func resampling() throws {
        let folder = NSTemporaryDirectory() + "gridtwin-profiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "time;p\n01.01.2016 00:00;1\n01.01.2016 00:15;2\n01.01.2016 00:30;3\n01.01.2016 00:45;6\n01.01.2016 01:00;0\n01.01.2016 01:15;0\n01.01.2016 01:30;0\n01.01.2016 01:45;0\n"
            .write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
        let table = try ProfileTable.read(folder + "/p.csv")
        #expect(table.stepMinutes == 15)
        #expect(table.series("p", startRow: 0, stepMinutes: 60, count: 2) == [3, 0])
        #expect(table.series("p", startRow: 0, stepMinutes: 60, count: 3) == nil)
    }

    @Test("bad scenarios name the key", arguments: [
        ("  - {name: w1, bus: 999, kind: wind, capacity_mw: 80, profile: WP4}", "", "renewables[0].bus"),
        ("  - {name: w1, bus: 5, kind: wind, capacity_mw: 80, profile: NOPE}", "", "renewables[0].profile"),
        ("  - {name: w1, bus: 5, kind: wind, capacity_mw: -80, profile: WP4}", "", "renewables[0].capacity_mw"),
        ("", "  - {name: b1, bus: 5, power_mw: 10, energy_mwh: 40, soc_min: 0.8, soc_max: 0.2}", "storage[0].soc_min"),
        ("", "  - {name: b1, bus: 5, power_mw: 10, energy_mwh: 40, soc_initial: 0.05, soc_min: 0.1}", "storage[0].soc_initial"),
        ("", "  - {name: b1, bus: 5, power_mw: 10}", "storage[0].energy_mwh"),
    ])
    func badScenario(renewables: String, storage: String, key: String) throws {
        let e = try #require(try error(scenarioText(renewables: renewables, storage: storage)))
        #expect(e.key == key, "\(e)")
    }

    @Test("a horizon past the profiles, a missing load profile, malformed YAML")
    func otherErrors() throws {
        let long = try #require(try error(scenarioText(steps: 9000)))
        #expect(long.key == "time")
        let missing = try #require(try error(scenarioText().replacingOccurrences(of: "hv_mixed1_pload", with: "nothing")))
        #expect(missing.key == "loads.profile")
        let malformed = try #require(try error("grid: [unclosed\ntime: {"))
        #expect(malformed.message.contains("YAML") || malformed.message.contains("malformed"))
        let noGrid = try #require(try error(scenarioText(grid: "/nonexistent.m")))
        #expect(noGrid.key == "grid")
    }

    @Test("JSON scenarios are accepted")
    func json() throws {
        let text = """
            {"grid": "\(Fixtures.casePath("case30"))", "time": {"start": "2016-03-01T00:00", "step": "1h", "steps": 24},
             "profiles": "\(exampleProfiles)", "loads": {"profile": "hv_mixed1_pload"}}
            """
        let scenario = try PreparedScenario.load(try writeScenario(text, name: "s.json"))
        #expect(scenario.stepCount == 24)
    }
}
