import Foundation
import TestFixtures
import Testing

@Suite("gridtwin diff, baseline and contingency")
struct StudyCommandTests {
    /// case30 with one line's reactance doubled, written to a temporary file.
    private func editedCase30() throws -> String {
        let text = try String(contentsOfFile: Fixtures.casePath("case30"), encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\t6\t28\t0.02\t0.06\t", with: "\t6\t28\t0.02\t0.12\t")
        #expect(edited != text)
        let path = try CommandRunner.temporaryDirectory() + "/case30-edited.m"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("diff A A exits 0 with no rows; a real edit exits 1 and names it")
    func diff() throws {
        let same = try CommandRunner.run(["diff", Fixtures.casePath("case30"), Fixtures.casePath("case30")])
        #expect(same.status == 0)
        #expect(same.standardOutput.contains("No differences"))
        let changed = try CommandRunner.run(["diff", Fixtures.casePath("case30"), try editedCase30()])
        #expect(changed.status == 1)
        #expect(changed.standardOutput.contains("branch 6-28 BR_X: 0.06 → 0.12 p.u."))
        let json = try CommandRunner.run(["diff", Fixtures.casePath("case30"), try editedCase30(), "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["changed"] as? Bool == true)
        #expect((document["model_changes"] as? [Any])?.count == 1)
    }

    @Test("diff names the side that does not parse, and refuses grids that cannot be matched")
    func diffErrors() throws {
        let result = try CommandRunner.run(["diff", Fixtures.casePath("case30"), "/nonexistent/new.m"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("new grid"))
        let unmatched = try CommandRunner.run(["diff", Fixtures.casePath("case30"), Fixtures.casePath("case118")])
        #expect(unmatched.status == 2)
        #expect(unmatched.standardError.contains("cannot compare"))
    }

    @Test("baseline save then check passes unchanged and fails after an edit with a JUnit file naming it")
    func baseline() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let saved = try CommandRunner.run(["baseline", "save", Fixtures.casePath("case30"), "-o", folder + "/case30.json"])
        #expect(saved.status == 0)
        let clean = try CommandRunner.run(["baseline", "check", Fixtures.casePath("case30"), folder + "/case30.json", "--junit", folder + "/clean.xml"])
        #expect(clean.status == 0)
        #expect(try String(contentsOfFile: folder + "/clean.xml", encoding: .utf8).contains("failures=\"0\""))
        let failed = try CommandRunner.run(["baseline", "check", try editedCase30(), folder + "/case30.json", "--junit", folder + "/failed.xml"])
        #expect(failed.status == 1)
        let xml = try String(contentsOfFile: folder + "/failed.xml", encoding: .utf8)
        #expect(xml.contains("branch 6-28 BR_X"))
        try "not json".write(toFile: folder + "/corrupt.json", atomically: true, encoding: .utf8)
        let corrupt = try CommandRunner.run(["baseline", "check", Fixtures.casePath("case30"), folder + "/corrupt.json"])
        #expect(corrupt.status == 2)
        #expect(corrupt.standardError.contains("corrupt.json"))
    }

    @Test("contingency ranks insecure outages and exits 1 when one is insecure")
    func contingency() throws {
        let result = try CommandRunner.run(["contingency", Fixtures.casePath("case30")])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("outages analyzed"))
        #expect(result.standardOutput.contains("outage of branch 25-26: islands 1 bus(es)"))
        let json = try CommandRunner.run(["contingency", Fixtures.casePath("case30"), "--format", "json", "--threads", "1"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((document["contingencies"] as? [Any])?.count == 41)
    }
}
