import Foundation
import TestFixtures
import Testing

@Suite("gridtwin estimate")
struct EstimateCommandTests {
    @Test("estimates, reports JSON with residuals and bad data; exits 1 listing unobservable buses; 2 naming a bad line")
    func estimate() throws {
        let measurements = Fixtures.path("se/case118-scada-7.csv")
        let table = try CommandRunner.run(["estimate", Fixtures.casePath("case118"), measurements])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("chi-square limit"))
        let json = try CommandRunner.run(["estimate", Fixtures.casePath("case118"), measurements, "--format", "json", "--repeat", "2"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((document["buses"] as? [Any])?.count == 118)
        #expect((document["measurements"] as? [Any])?.count == 642)
        for key in ["objective", "chi_square_threshold", "degrees_of_freedom", "iterations", "removed_as_bad_data"] {
            #expect(document[key] != nil, "\(key)")
        }
        #expect((document["timing"] as? [String: Any])?["warm_ms"] != nil)
        #expect(!json.standardOutput.contains("NaN") && !json.standardOutput.contains("inf"))
        // The augmented form with zero injections as equality constraints: the same figures' keys, its name, and
        // every zero injection's estimate at 0.
        let hachtel = try CommandRunner.run([
            "estimate", Fixtures.casePath("case118"), measurements, "--form", "hachtel", "--zero-injections", "--format", "json",
        ])
        #expect(hachtel.status == 0)
        let augmented = try #require(try JSONSerialization.jsonObject(with: Data(hachtel.standardOutput.utf8)) as? [String: Any])
        #expect(augmented["formulation"] as? String == "hachtel")
        #expect((augmented["equality_constraints"] as? Int ?? 0) >= 10)
        let rows = try #require(augmented["measurements"] as? [[String: Any]])
        #expect(rows.count == 642 + (augmented["equality_constraints"] as? Int ?? 0))
        for row in rows.dropFirst(642) { #expect(abs(row["estimate"] as? Double ?? 1) < 1e-10) }
        #expect(try CommandRunner.run(["estimate", Fixtures.casePath("case118"), measurements, "--form", "qr"]).status == 2)

        let folder = try CommandRunner.temporaryDirectory()
        let few = folder + "/few.csv"
        try "kind,element,side,value,sigma\nvm,1,,1.0,0.01\n".write(toFile: few, atomically: true, encoding: .utf8)
        let unobservable = try CommandRunner.run(["estimate", Fixtures.casePath("case14"), few, "--format", "json"])
        #expect(unobservable.status == 1)
        let failure = try #require(try JSONSerialization.jsonObject(with: Data(unobservable.standardOutput.utf8)) as? [String: Any])
        #expect((failure["unobservable_buses"] as? [Int]) == Array(2...14))
        // Pseudo-measurements of the case's injections make it observable.
        #expect(try CommandRunner.run(["estimate", Fixtures.casePath("case14"), few, "--pseudo"]).status == 0)

        let bad = folder + "/bad.csv"
        try "kind,element,side,value,sigma\nvm,1,,1.0,0.01\np_flow,3,sideways,0.1,0.01\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["estimate", Fixtures.casePath("case14"), bad])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("bad.csv:3: side"))
    }
}
