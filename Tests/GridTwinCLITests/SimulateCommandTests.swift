import Foundation
import TestFixtures
import Testing

@Suite("gridtwin simulate")
struct SimulateCommandTests {
    @Test("the worked example's first week runs and writes every output")
    func example() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let text = try String(contentsOfFile: Fixtures.packageRoot + "/grids/example/wind-north.yaml", encoding: .utf8)
            .replacingOccurrences(of: "steps: 8760", with: "steps: 168")
            .replacingOccurrences(of: "grid: ../case118.m", with: "grid: \(Fixtures.packageRoot)/grids/case118.m")
            .replacingOccurrences(of: "profiles: profiles-2016-hourly.csv", with: "profiles: \(Fixtures.packageRoot)/grids/example/profiles-2016-hourly.csv")
        try text.write(toFile: folder + "/week.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["simulate", folder + "/week.yaml", "--out", folder + "/results"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("168 steps (168 converged)"))
        #expect(result.standardError.isEmpty)  // no progress bar when not on a terminal
        for name in ["steps.csv", "plants.csv", "branches.csv", "storage.csv", "summary.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/results/" + name))
        }
    }

    @Test("a bad scenario exits 2 naming the key, and writes nothing")
    func badScenario() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let text = """
            grid: \(Fixtures.casePath("case30"))
            time: {start: 2016-01-01T00:00, step: 1h, steps: 24}
            profiles: \(Fixtures.packageRoot)/grids/example/profiles-2016-hourly.csv
            renewables:
              - {name: w, bus: 4711, kind: wind, capacity_mw: 10, profile: WP4}
            """
        try text.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["simulate", folder + "/bad.yaml", "--out", folder + "/results"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("renewables[0].bus"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/results"))
    }
}
