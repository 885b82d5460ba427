import Foundation
import TestFixtures
import Testing

private func json(_ arguments: [String]) throws -> (Int32, [String: Any]) {
    let result = try CommandRunner.run(arguments + ["--format", "json"])
    let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    return (result.status, document ?? [:])
}

@Suite("gridtwin solve: methods and options")
struct SolverOptionTests {
    @Test("--method dc, fdxb and fdbx agree with MATPOWER's results", arguments: ["dc", "fdxb", "fdbx"])
    func methods(method: String) throws {
        let (status, document) = try json(["solve", Fixtures.casePath("case118"), "--method", method])
        #expect(status == 0)
        #expect(document["method"] as? String == method)
        let reference = try Fixtures.referenceBuses("case118", variant: method == "dc" ? "dc/" : "")
        let buses = try #require(document["buses"] as? [[String: Any]])
        for (row, ref) in zip(buses, reference) {
            #expect(abs((row["va_deg"] as! Double) - ref.angleDegrees) < 1e-4)
        }
    }

    @Test("--enforce-q-limits lists the generators held at a limit and matches MATPOWER")
    func reactiveLimits() throws {
        let (status, document) = try json(["solve", Fixtures.casePath("case300"), "--enforce-q-limits"])
        #expect(status == 0)
        let limits = try #require(document["q_limits"] as? [String: Any])
        #expect(!(limits["switched"] as! [Any]).isEmpty)
        let reference = try Fixtures.referenceBuses("case300", variant: "qlim/")
        for (row, ref) in zip(document["buses"] as! [[String: Any]], reference) {
            #expect(abs((row["vm_pu"] as! Double) - ref.magnitudePU) < 1e-6)
        }
        let text = try CommandRunner.run(["solve", Fixtures.casePath("case300"), "--enforce-q-limits"])
        #expect(text.standardOutput.contains("Reactive limits:"))
    }

    @Test("--distributed-slack with a participation file")
    func distributedSlack() throws {
        let folder = try CommandRunner.temporaryDirectory()
        try "generator,factor\n1,1\n2,3\n".write(toFile: folder + "/factors.csv", atomically: true, encoding: .utf8)
        let (status, document) = try json(["solve", Fixtures.casePath("case9"), "--distributed-slack", "--participation", folder + "/factors.csv"])
        #expect(status == 0)
        let generators = try #require(document["generators"] as? [[String: Any]])
        let p = generators.map { $0["p_mw"] as! Double }
        let setPoints = try Fixtures.grid("case9").generators.map(\.activePowerMW)
        // Generator 2 takes three times generator 1's share, generator 3 none.
        #expect(abs((p[1] - setPoints[1]) - 3 * (p[0] - setPoints[0])) < 1e-6)
        #expect(abs(p[0] - setPoints[0]) > 0.1)  // the set points are 0.68 MW off balance
        #expect(abs(p[2] - setPoints[2]) < 1e-9)
        let bad = try CommandRunner.run(["solve", Fixtures.casePath("case9"), "--distributed-slack", "--participation", folder + "/missing.csv"])
        #expect(bad.status == 2)
    }

    @Test("convert writes a case that solves to the same state; --save writes the solved state")
    func convertAndSave() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let converted = try CommandRunner.run(["convert", Fixtures.casePath("case_ACTIVSg200"), folder + "/c.m"])
        #expect(converted.status == 0)
        let (_, original) = try json(["solve", Fixtures.casePath("case_ACTIVSg200")])
        let (_, again) = try json(["solve", folder + "/c.m"])
        #expect(original["losses_mw"] as? Double == again["losses_mw"] as? Double)
        let saved = try CommandRunner.run(["solve", Fixtures.casePath("case300"), "--save", folder + "/solved.m"])
        #expect(saved.status == 0)
        let (status, resolved) = try json(["solve", folder + "/solved.m"])
        #expect(status == 0)
        #expect((resolved["iterations"] as? Int).map { $0 <= 1 } == true)
    }
}
