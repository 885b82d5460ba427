import Foundation
import TestFixtures
import Testing

@Suite("gridtwin solve")
struct SolveCommandTests {
    @Test("prints a readable report and exits 0 on a bundled grid")
    func tableReport() throws {
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case118")])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Converged in 3 Newton-Raphson iterations"))
        #expect(result.standardOutput.contains("Violations:"))
        #expect(result.standardOutput.contains("Buses"))
        #expect(result.standardOutput.contains("Branches"))
        #expect(result.standardOutput.contains("--all shows every row"))
        let all = try CommandRunner.run(["solve", Fixtures.casePath("case118"), "--all"])
        #expect(!all.standardOutput.contains("--all shows every row"))
    }

    @Test("--format json has the documented keys and agrees with MATPOWER; --repeat adds timing")
    func jsonDocument() throws {
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case30"), "--format", "json", "--repeat", "3"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["converged"] as? Bool == true)
        #expect(json["iterations"] as? Int == 3)
        #expect((json["max_mismatch_pu"] as? Double).map { $0 < 1e-8 } == true)
        #expect(json["losses_mw"] is Double)
        #expect(json["violations"] is [Any])
        let buses = try #require(json["buses"] as? [[String: Any]])
        let reference = try Fixtures.referenceBuses("case30")
        #expect(buses.count == reference.count)
        for (row, ref) in zip(buses, reference) {
            #expect(row["id"] as? Int == ref.id)
            #expect(abs((row["vm_pu"] as! Double) - ref.magnitudePU) < 1e-6)
            #expect(abs((row["va_deg"] as! Double) - ref.angleDegrees) < 1e-4)
        }
        let branch = try #require((json["branches"] as? [[String: Any]])?.first)
        for key in ["from", "to", "p_from_mw", "q_from_mvar", "p_to_mw", "q_to_mvar", "loading_percent"] {
            #expect(branch[key] != nil, "missing \(key)")
        }
        let generator = try #require((json["generators"] as? [[String: Any]])?.first)
        for key in ["bus", "p_mw", "q_mvar"] { #expect(generator[key] != nil, "missing \(key)") }
        let timing = try #require(json["timing"] as? [String: Any])
        for key in ["cold_ms", "warm_ms", "parse_ms", "ybus_ms", "analysis_ms", "jacobian_ms", "factorization_ms", "solve_ms"] {
            #expect(timing[key] is Double, "timing.\(key)")
        }
    }

    @Test("--format csv writes three tables")
    func csvTables() throws {
        let folder = try CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case9"), "--format", "csv", "--out", folder])
        #expect(result.status == 0)
        let buses = try String(contentsOfFile: folder + "/buses.csv", encoding: .utf8)
        #expect(buses.hasPrefix("bus_id,type,vm_pu,va_deg"))
        #expect(buses.split(separator: "\n").count == 10)
        let branches = try String(contentsOfFile: folder + "/branches.csv", encoding: .utf8)
        #expect(branches.split(separator: "\n").count == 10)
        let generators = try String(contentsOfFile: folder + "/generators.csv", encoding: .utf8)
        #expect(generators.split(separator: "\n").count == 4)
    }

    @Test("a case that does not converge exits 1 and shows the mismatch history and the worst bus")
    func notConverged() throws {
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case300"), "--max-iterations", "1", "--no-fallback"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("NOT CONVERGED"))
        #expect(result.standardOutput.contains("Mismatch by iteration"))
        #expect(result.standardOutput.contains(" at bus "))
    }

    @Test("when the first attempt fails, the fallback strategies are tried and reported")
    func fallbackIsReported() throws {
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case300"), "--max-iterations", "1"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Start strategy:"))
        #expect(result.standardOutput.contains("line search"))
        let json = try CommandRunner.run(["solve", Fixtures.casePath("case300"), "--max-iterations", "1", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let strategy = try #require(document["strategy"] as? [[String: Any]])
        #expect(strategy.count >= 2)
        #expect(strategy.contains { $0["chosen"] as? Bool == true && $0["converged"] as? Bool == true })
    }

    @Test("bad input exits 2 with a one-line error naming the file and line")
    func badInput() throws {
        let missing = try CommandRunner.run(["solve", "/nonexistent/grid.m"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent/grid.m: no such file"))
        let folder = try CommandRunner.temporaryDirectory()
        let bad = folder + "/bad.m"
        try """
            mpc.baseMVA = 100;
            mpc.bus = [
            1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
            2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;
            ];
            mpc.gen = [1 0 0 300 -300 1.02 100 1 250 10];
            mpc.branch = [1 3 0.01 0.1 0.02 250 250 250 0 0 1];
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["solve", bad])
        #expect(result.status == 2)
        #expect(result.standardError.contains("bad.m:7:"))
        #expect(result.standardError.contains("bus 3 does not exist"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        let usage = try CommandRunner.run(["solve", Fixtures.casePath("case9"), "--format", "yaml"])
        #expect(usage.status == 2)
        let noOut = try CommandRunner.run(["solve", Fixtures.casePath("case9"), "--format", "csv"])
        #expect(noOut.status == 2)
    }

    @Test("--init flat solves from a flat start")
    func flatStart() throws {
        let result = try CommandRunner.run(["solve", Fixtures.casePath("case57"), "--init", "flat", "--format", "json"])
        #expect(result.status == 0)
    }
}
