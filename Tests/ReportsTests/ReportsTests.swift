import Foundation
import GridNetwork
import PowerFlow
import Reports
import TestFixtures
import Testing

@Suite("Reports")
struct ReportsTests {
    @Test("the JSON document round-trips through a JSON parser with null loading for unrated branches")
    func jsonNulls() throws {
        let report = try ACPowerFlow.solve(try Fixtures.grid("case118"))  // case118 has no ratings
        let text = try SolveDocument(report: report, timing: nil).jsonText()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let branches = try #require(json["branches"] as? [[String: Any]])
        #expect(branches.count == 186)
        #expect(branches[0]["loading_percent"] is NSNull)
        #expect(json["timing"] == nil)
    }

    @Test("the text report lists violations with value and limit")
    func textViolations() throws {
        let report = try ACPowerFlow.solve(try Fixtures.grid("case300"))
        #expect(!report.solution.violations.isEmpty)
        let text = TextReport().render(report, timing: nil)
        #expect(text.contains("Violations: \(report.solution.violations.count)"))
        #expect(text.contains("voltage_low") || text.contains("voltage_high"))
    }

    @Test("CSV tables have one row per element")
    func csvRows() throws {
        let report = try ACPowerFlow.solve(try Fixtures.grid("case14"))
        let tables = CSVTables(report.solution)
        #expect(tables.buses.split(separator: "\n").count == 15)
        #expect(tables.branches.split(separator: "\n").count == 21)
        #expect(tables.generators.split(separator: "\n").count == 6)
    }
}
