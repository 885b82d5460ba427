import Foundation
import TestFixtures
import Testing
import Reports
import ScenarioFiles
import Twin

/// The error of preparing a scenario, or nil when it prepares.
private func failure(_ text: String, profiles: String? = nil) throws -> ScenarioError? {
    let path = try writeScenario(profiles == nil ? text : text.replacingOccurrences(of: exampleProfiles, with: "p.csv"))
    if let profiles {
        try profiles.write(toFile: (path as NSString).deletingLastPathComponent + "/p.csv", atomically: true, encoding: .utf8)
    }
    do {
        _ = try PreparedScenario.load(path)
        return nil
    } catch {
        return error
    }
}

@Suite("Hostile scenarios and profiles: one-line errors, never a crash")
struct HostileScenarioTests {
    @Test("an unknown key is an error naming the key, its line and the nearest known key", arguments: [
        ("renewabels:\n  - {name: w, bus: 5, kind: wind, capacity_mw: 1, profile: WP4}", "renewabels", "renewables", 9),
        ("limits: {branch_loading_procent: 90}", "limits.branch_loading_procent", "branch_loading_percent", 9),
        ("ratings: {default_mav: 90}", "ratings.default_mva", "default_mva", 9),
    ])
    func unknownKey(extra: String, key: String, suggestion: String, line: Int) throws {
        let error = try #require(try failure(scenarioText(extra: extra)))
        #expect(error.description.contains("unknown key"), "\(error)")
        #expect(error.description.contains("did you mean \(suggestion)?"), "\(error)")
        #expect(error.line == line, "\(error)")
    }

    @Test("a typo inside a plant or a load override is caught too")
    func nestedTypo() throws {
        let plant = try #require(try failure(scenarioText(renewables: "  - {name: w, bus: 5, kind: wind, capacity_mw: 1, profile: WP4, curtailabel: false}")))
        #expect(plant.key == "renewables[0].curtailabel" && plant.message.contains("curtailable"), "\(plant)")
        let text = scenarioText().replacingOccurrences(of: "loads: {profile: hv_mixed1_pload, scale: 1.6}", with: "loads: {profile: hv_mixed1_pload, sclae: 2}")
        let scale = try #require(try failure(text))
        #expect(scale.key == "loads.sclae" && scale.message.contains("did you mean scale?"), "\(scale)")
    }

    @Test("malformed YAML names its line")
    func malformedYAML() throws {
        let error = try #require(try failure("grid: x.m\ntime: {start: 2016-01-01T00:00\nprofiles: [a"))
        #expect(error.line != nil && error.message.contains("malformed YAML"), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("huge step counts and step lengths are refused before anything is sized by them", arguments: [
        ("steps: 48}", "steps: 150000000000000000}", "time.steps"),
        ("step: 1h,", "step: 200000000000000000h,", "time.step"),
        ("step: 1h,", "step: 99999999999999999999999999h,", "time.step"),
        ("steps: 48}", "end: 9999-12-31T00:00}", "time.end"),
        ("steps: 48}", "steps: 48, end: 2016-03-03T00:00}", "time"),
    ])
    func hugeHorizon(old: String, new: String, key: String) throws {
        let error = try #require(try failure(scenarioText().replacingOccurrences(of: old, with: new)))
        #expect(error.key == key, "\(error)")
    }

    @Test("absurd numbers are refused naming the key", arguments: [
        ("  - {name: w, bus: 5, kind: wind, capacity_mw: 1e308, profile: WP4}", "renewables[0].capacity_mw"),
        ("  - {name: w, bus: 5, kind: wind, capacity_mw: .nan, profile: WP4}", "renewables[0].capacity_mw"),
        ("  - {name: w, bus: 5, kind: wind, capacity_mw: 10, profile: WP4, power_factor: 0}", "renewables[0].power_factor"),
    ])
    func absurdNumbers(renewables: String, key: String) throws {
        let error = try #require(try failure(scenarioText(renewables: renewables)))
        #expect(error.key == key, "\(error)")
    }

    @Test("a run that would need more memory than allowed is refused before it starts")
    func memoryBound() throws {
        var text = scenarioText(grid: Fixtures.packageRoot + "/grids/case300.m", steps: 1_000_000)
        text = text.replacingOccurrences(of: "step: 1h", with: "step: 1min")
        let error = try #require(try failure(text))
        #expect(error.message.contains("runs past") || error.message.contains("GiB"), "\(error)")
    }

    private let header = "time,p\n"

    @Test("profiles: a header without rows, a gap, a repeat or a row out of order is an error naming the line", arguments: [
        ("", nil as Int?),
        ("2016-03-01T00:00,1\n2016-03-01T01:00,1\n9999-12-31T00:00,1\n", 4),
        ("2016-03-01T00:00,1\n2016-03-01T01:00,1\n2016-03-01T01:00,1\n2016-03-01T01:00,1\n", 5),
        ("2016-03-01T00:00,1\n2016-03-01T01:00,1\n2016-03-01T00:00,1\n", 4),
        ("2016-03-01T00:00,1\n2016-03-01T00:00,1\n", 3),
        ("2016-03-01T00:00,1\n2016-03-01T01:00,1e300\n", 3),
        ("2016-03-01T00:00,1\n2016-03-01T03:00,1\n2016-03-01T06:00,1\n2016-03-01T11:00,1\n", 5),
    ])
    func badProfiles(rows: String, line: Int?) throws {
        let text = scenarioText(steps: 2).replacingOccurrences(of: "loads: {profile: hv_mixed1_pload, scale: 1.6}", with: "loads: {profile: p}")
        let error = try #require(try failure(text, profiles: header + rows))
        #expect(error.line == line, "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("daylight-saving clock changes are read as such: rows stay evenly spaced in real time")
    func clockChanges() throws {
        // Spring: 02:00 is skipped; autumn: 02:00 comes twice. Each row is one real hour.
        var rows = ""
        for (index, label) in ["2016-03-27T00:00", "2016-03-27T01:00", "2016-03-27T03:00", "2016-03-27T04:00"].enumerated() {
            rows += "\(label),\(index)\n"
        }
        let table = try ProfileTable.parse(header + rows, file: "p.csv")
        #expect(table.stepMinutes == 60 && table.times.count == 4)
        #expect(table.series("p", startRow: 0, stepMinutes: 60, count: 4) == [0, 1, 2, 3])
        let autumn = "2016-10-30T01:00,0\n2016-10-30T02:00,1\n2016-10-30T02:00,2\n2016-10-30T03:00,3\n"
        let fall = try ProfileTable.parse(header + autumn, file: "p.csv")
        #expect(fall.series("p", startRow: 0, stepMinutes: 60, count: 4) == [0, 1, 2, 3])
        #expect(fall.row(at: TimeAxis.minutes(from: "2016-10-30T03:00")!) == 3)
        // The bundled year (local time, both changes) reads whole.
        #expect(try ProfileTable.read(exampleProfiles).times.count == 8784)
    }
}
