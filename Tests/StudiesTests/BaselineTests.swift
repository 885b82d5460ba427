import Foundation
import GridModel
import Reports
import Studies
import TestFixtures
import Testing

@Suite("Baselines")
struct BaselineTests {
    private func temporaryFile(_ name: String) -> String {
        NSTemporaryDirectory() + "gridtwin-baseline-\(UUID().uuidString)-\(name)"
    }

    @Test("a saved baseline reads back and checks clean against the unchanged grid", arguments: ["case30", "case_ACTIVSg200"])
    func roundTrip(name: String) async throws {
        let grid = try Fixtures.grid(name)
        let snapshot = try await GridSnapshot.solving(grid)
        let path = temporaryFile("\(name).json")
        try BaselineFile.write(snapshot, to: path)
        let stored = try BaselineFile.read(path)
        let diff = try GridDiff(old: stored, new: snapshot, oldName: path, newName: name)
        #expect(!diff.hasChanges, "\(diff.text())")
        // Stable: saving the same state again gives the same bytes.
        #expect(BaselineFile.text(of: snapshot) == BaselineFile.text(of: try await GridSnapshot.solving(grid)))
    }

    @Test("the baseline is one element per line with sorted keys")
    func diffFriendly() async throws {
        let text = BaselineFile.text(of: try await GridSnapshot.solving(try Fixtures.grid("case9")))
        let busLines = text.split(separator: "\n").filter { $0.hasPrefix("{\"area\"") }
        #expect(busLines.count == 9)
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { $0.split(separator: "\"")[0] }
        #expect(topKeys == topKeys.sorted())
    }

    @Test("after an edit the check fails and the JUnit report names the change")
    func editFails() async throws {
        let grid = try Fixtures.grid("case30")
        let stored = try await GridSnapshot.solving(grid)
        var edited = grid
        let k = edited.branches.firstIndex { $0.fromBus == 6 && $0.toBus == 28 }!
        edited.branches[k].reactancePU *= 2
        let diff = try GridDiff(old: stored, new: try await GridSnapshot.solving(edited), oldName: "base", newName: "edited")
        #expect(diff.hasChanges)
        let xml = diff.junitXML(suiteName: "case30")
        #expect(xml.contains("<testcase classname=\"case30\" name=\"model: branches\">"))
        #expect(xml.contains("branch 6-28 BR_X"))
        #expect(xml.contains("<testcase classname=\"case30\" name=\"model: buses\"/>"))
    }

    @Test("a corrupt baseline is an error naming the file")
    func corrupt() throws {
        let path = temporaryFile("corrupt.json")
        try "{\"format\": \"gridtwin-baseline-1\", \"buses\": 3".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try BaselineFile.read(path) } throws: { error in
            (error as? BaselineFile.ReadError)?.description.hasPrefix(path) == true
        }
        try "{\"format\": \"something-else\"}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: BaselineFile.ReadError.self) { try BaselineFile.read(path) }
    }
}

@Suite("Baselines with N-1")
struct BaselineSecurityTests {
    @Test("N-1 results survive a baseline round trip, and a change that hurts security fails the check")
    func securityRoundTrip() async throws {
        let grid = try Fixtures.grid("case_ACTIVSg200")
        let options = ContingencyOptions(workers: 1)
        let snapshot = try await GridSnapshot.solving(grid, contingencies: options)
        let path = NSTemporaryDirectory() + "gridtwin-n1-\(UUID().uuidString).json"
        try BaselineFile.write(snapshot, to: path)
        let stored = try BaselineFile.read(path)
        #expect(stored.results.contingencies?.count == snapshot.results.contingencies?.count)
        let clean = try GridDiff(old: stored, new: snapshot, oldName: path, newName: "same")
        #expect(clean.securityChanges.isEmpty, "\(clean.securityChanges.prefix(3))")
        var edited = grid
        for b in edited.buses.indices { edited.buses[b].demandMW *= 1.3 }
        for g in edited.generators.indices { edited.generators[g].activePowerMW *= 1.3 }
        let changed = try GridDiff(
            old: stored, new: try await GridSnapshot.solving(edited, contingencies: options), oldName: path, newName: "loaded")
        #expect(changed.securityChanges.contains { $0.isWorse })
        #expect(changed.junitXML(suiteName: "n1").contains("name=\"N-1 security\">"))
    }
}
