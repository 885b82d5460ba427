import Foundation
import Reports
import ScenarioFiles
import TestFixtures
import Testing
import Twin

@Suite("Sweeps over a scenario's parameters")
struct SweepTests {
    /// A folder with a sweep file over the worked example (24 steps), and the example's text.
    private func sweep(_ parameters: String) throws -> (folder: String, path: String, example: String) {
        let folder = NSTemporaryDirectory() + "gridtwin-sweep-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let example = Fixtures.packageRoot + "/grids/example/wind-north.yaml"
        let path = folder + "/sweep.yaml"
        try "scenario: \(example)\nparameters:\n\(parameters)".write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path, try String(contentsOfFile: example, encoding: .utf8))
    }

    @Test("each variant equals a simulation of the scenario file written with its values; the first parameter varies slowest")
    func variantsEqualEditedScenarios() throws {
        let (folder, path, example) = try sweep("""
              time.steps: [12]
              renewables[wind-north-10].capacity_mw: [300, 1200]
              storage[1].energy_mwh: [100, 600]
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try SweepFile(path)
        #expect(file.variantCount == 4)
        #expect(file.settings(ofVariant: 1).map(\.value) == ["12", "300", "600"])
        #expect(file.settings(ofVariant: 2).map(\.value) == ["12", "1200", "100"])
        // Variant 3 (0-based 2) by hand: the example's text with the values replaced, beside the example.
        var edited = example.replacingOccurrences(of: "steps: 8760", with: "steps: 12")
        edited = edited.replacingOccurrences(
            of: "{name: wind-north-10, bus: 10, kind: wind, capacity_mw: 700", with: "{name: wind-north-10, bus: 10, kind: wind, capacity_mw: 1200")
        edited = edited.replacingOccurrences(of: "power_mw: 50, energy_mwh: 200", with: "power_mw: 50, energy_mwh: 100")
        #expect(edited.contains("capacity_mw: 1200") && edited.contains("energy_mwh: 100"))
        // Written in the test's folder, its relative paths made absolute.
        let exampleFolder = Fixtures.packageRoot + "/grids/example/"
        edited = edited.replacingOccurrences(of: "grid: ../case118.m", with: "grid: \(exampleFolder)../case118.m")
        edited = edited.replacingOccurrences(of: "profiles: profiles-2016-hourly.csv", with: "profiles: \(exampleFolder)profiles-2016-hourly.csv")
        let byHand = folder + "/by-hand.yaml"
        try edited.write(toFile: byHand, atomically: true, encoding: .utf8)
        let expected = SimulationSummary(try TimeSeriesSimulation(scenario: try PreparedScenario.load(byHand)).run())
        let swept = SimulationSummary(try TimeSeriesSimulation(scenario: try file.scenario(ofVariant: 2)).run())
        let a = SweepText.Row(index: 2, settings: [], summary: expected), b = SweepText.Row(index: 2, settings: [], summary: swept)
        #expect(a == b)
        #expect(swept.curtailmentPercent > 0)
    }

    @Test("a key path that leads nowhere names the sweep file, the parameter's line and the key")
    func badPaths() throws {
        let (folder, path, _) = try sweep("  time.steps: [12]\n  renewables[no-such-plant].capacity_mw: [300]\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try SweepFile(path)
        do {
            _ = try file.scenario(ofVariant: 0)
            Issue.record("a missing plant was accepted")
        } catch {
            #expect(error.description.contains("sweep.yaml:4: parameters.renewables[no-such-plant].capacity_mw: no entry"), "\(error)")
            #expect(error.description.contains("no entry named 'no-such-plant'"), "\(error)")
        }
        let (folder2, path2, _) = try sweep("  renewables[wind-north-10].capacity_mw: [lots]\n")
        defer { try? FileManager.default.removeItem(atPath: folder2) }
        do {
            _ = try SweepFile(path2).scenario(ofVariant: 0)
            Issue.record("a capacity of 'lots' was accepted")
        } catch {
            #expect(error.description.contains("variant 1 (renewables[wind-north-10].capacity_mw=lots)"), "\(error)")
        }
        let (folder3, path3, _) = try sweep("  time.steps: 12\n")
        defer { try? FileManager.default.removeItem(atPath: folder3) }
        #expect(throws: ScenarioError.self) { try SweepFile(path3) }
    }
}
