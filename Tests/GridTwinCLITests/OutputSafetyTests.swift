import Foundation
import TestFixtures
import Testing

/// No command deletes or replaces a file or folder it did not create: the output rules, run through the tool.
@Suite("Outputs never destroy a user's files")
struct OutputSafetyTests {
    /// A project folder as a user keeps it: scenario, grid, profiles and notes side by side.
    private func project() throws -> String {
        let folder = try CommandRunner.temporaryDirectory() + "/project"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let profiles = try String(contentsOfFile: Fixtures.packageRoot + "/grids/example/profiles-2016-hourly.csv", encoding: .utf8)
        try profiles.split(separator: "\n").prefix(30).joined(separator: "\n").write(
            toFile: folder + "/profiles.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/grids/case30.m", toPath: folder + "/grid.m")
        try """
            grid: grid.m
            time: {start: 2016-01-01T00:00, step: 1h, steps: 12}
            profiles: profiles.csv
            renewables:
              - {name: w, bus: 5, kind: wind, capacity_mw: 40, profile: WP4}
            """.write(toFile: folder + "/scenario.yaml", atomically: true, encoding: .utf8)
        try "my notes\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        return folder
    }

    /// Every file below `folder` with its contents.
    private func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + name) { files[name] = data }
        }
        return files
    }

    @Test("--out naming the project folder, its parent, or an input is refused and changes nothing",
          arguments: [".", "..", "scenario.yaml", "grid.m", "profiles.csv"])
    func refusedTargets(out: String) throws {
        let folder = try project()
        let parent = (folder as NSString).deletingLastPathComponent
        let before = snapshot(parent)
        let result = try CommandRunner.run(["simulate", folder + "/scenario.yaml", "--out", folder + "/" + out, "--quiet"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("input"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(snapshot(parent) == before)
    }

    @Test("a user's file in the output folder survives a re-run; our files are replaced")
    func userFileSurvives() throws {
        let folder = try project()
        let out = folder + "/results"
        #expect(try CommandRunner.run(["simulate", folder + "/scenario.yaml", "--out", out]).status == 0)
        try "keep me\n".write(toFile: out + "/mine.txt", atomically: true, encoding: .utf8)
        try "stale\n".write(toFile: out + "/steps.csv", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["simulate", folder + "/scenario.yaml", "--out", out]).status == 0)
        #expect(try String(contentsOfFile: out + "/mine.txt", encoding: .utf8) == "keep me\n")
        #expect(try String(contentsOfFile: out + "/steps.csv", encoding: .utf8).hasPrefix("time,load_mw"))
        #expect(FileManager.default.fileExists(atPath: out + "/gridtwin-manifest.json"))
    }

    @Test("a non-empty folder that GridTwin did not write is refused, and nothing is written into it")
    func foreignFolder() throws {
        let folder = try project()
        let out = folder + "/mine"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "data\n".write(toFile: out + "/steps.csv", atomically: true, encoding: .utf8)
        let before = snapshot(out)
        let simulate = try CommandRunner.run(["simulate", folder + "/scenario.yaml", "--out", out])
        #expect(simulate.status == 2)
        let solve = try CommandRunner.run(["solve", folder + "/grid.m", "--format", "csv", "--out", out])
        #expect(solve.status == 2)
        #expect(snapshot(out) == before)
    }

    @Test("a user's own file of an output's name in a GridTwin folder is refused")
    func foreignFileInOurFolder() throws {
        let folder = try project()
        let out = folder + "/tables"
        #expect(try CommandRunner.run(["solve", folder + "/grid.m", "--format", "csv", "--out", out]).status == 0)
        try "mine\n".write(toFile: out + "/steps.csv", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["simulate", folder + "/scenario.yaml", "--out", out])
        #expect(result.status == 2)
        #expect(try String(contentsOfFile: out + "/steps.csv", encoding: .utf8) == "mine\n")
        #expect(FileManager.default.fileExists(atPath: out + "/buses.csv"))
    }

    @Test("the default output folder keeps a user's file")
    func defaultFolder() throws {
        let folder = try project()
        let out = folder + "/scenario-results"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "keep\n".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["simulate", "scenario.yaml", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)  // not empty, not ours
        #expect(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8) == "keep\n")
    }

    @Test("single-file outputs: never onto an input, never over a file GridTwin did not write, replaced when ours")
    func singleFiles() throws {
        let folder = try project()
        let grid = folder + "/grid.m"
        let original = try Data(contentsOf: URL(fileURLWithPath: grid))
        #expect(try CommandRunner.run(["convert", grid, grid]).status == 2)
        #expect(try CommandRunner.run(["solve", grid, "--save", grid]).status == 2)
        #expect(try CommandRunner.run(["convert", grid, folder + "/notes.txt"]).status == 2)
        #expect(try CommandRunner.run(["baseline", "save", grid, "-o", folder + "/notes.txt"]).status == 2)
        #expect(try CommandRunner.run(["convert", grid, folder]).status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: grid)) == original)
        #expect(try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8) == "my notes\n")
        // Our own earlier outputs are replaced.
        #expect(try CommandRunner.run(["convert", grid, folder + "/clean.m"]).status == 0)
        #expect(try CommandRunner.run(["convert", grid, folder + "/clean.m"]).status == 0)
        #expect(try CommandRunner.run(["baseline", "save", grid, "-o", folder + "/b.json"]).status == 0)
        #expect(try CommandRunner.run(["baseline", "save", grid, "-o", folder + "/b.json"]).status == 0)
        let check = try CommandRunner.run(["baseline", "check", grid, folder + "/b.json", "--junit", folder + "/j.xml"])
        #expect(check.status == 0)
        #expect(try CommandRunner.run(["baseline", "check", grid, folder + "/b.json", "--junit", folder + "/j.xml"]).status == 0)
        #expect(try CommandRunner.run(["baseline", "check", grid, folder + "/b.json", "--junit", folder + "/notes.txt"]).status == 2)
        #expect(try CommandRunner.run(["baseline", "check", grid, folder + "/b.json", "--junit", folder + "/b.json"]).status == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
    }
}
