import Foundation
import GridFormats
import GridModel
import ScenarioFiles
import Testing
import TestFixtures
import Twin

@Suite("MATPOWER change tables as a load source")
struct LoadChangeTableTests {
    static let example = Fixtures.packageRoot + "/grids/example/activsg200-2017.yaml"

    @Test("the ACTIVSg200 year: every hour's zonal loads are the table's, Q keeps the case's (CT_LOAD_ALL_P)")
    func zonalLoads() throws {
        let scenario = try PreparedScenario.load(Self.example)
        let table = try ChangeTable.read(contentsOf: Fixtures.packageRoot + "/grids/scenarios_ACTIVSg200.m")
        #expect(table.changes.count == 52_560 && table.labels.count == 8760)
        let stepper = try TwinStepper(scenario: scenario)
        let grid = scenario.grid
        for (t, label) in [(0, 1), (1, 2), (4321, 4322), (8759, 8760)] {
            let inputs = stepper.inputs(at: t)
            for change in table.changes where change.label == label {
                let zone = grid.buses.indices.filter { grid.buses[$0].zone == change.row }
                let total = zone.reduce(0) { $0 + inputs.demandMW[$1] }
                #expect(abs(total - change.value) < 1e-9, "step \(t) zone \(change.row): \(total) vs \(change.value)")
                for b in zone { #expect(inputs.demandMvar[b] == grid.buses[b].demandMvar) }
            }
        }
        // The published values: label 1 sets zone 2 to 412.8 MW (first row of the file).
        let first = stepper.inputs(at: 0)
        let zone2 = grid.buses.indices.filter { grid.buses[$0].zone == 2 }.reduce(0) { $0 + first.demandMW[$1] }
        #expect(abs(zone2 - 412.8) < 1e-9)
    }

    @Test("apply_changes semantics by hand: replace, scale and add, by area or bus, P only or P and Q")
    func semantics() throws {
        var grid = try Fixtures.grid("case9")
        // case9: loads at buses 5 (90 MW, 30 Mvar), 7 (100, 35), 9 (125, 50); area 1; put bus 9 in area 2.
        grid.buses[grid.buses.firstIndex { $0.id == 9 }!].area = 2
        let text = """
            chgtab = [
                1 0 CT_TAREALOAD 1 CT_LOAD_ALL_PQ CT_REP 380;
                2 0 CT_TAREALOAD 2 CT_LOAD_ALL_P CT_REL 2;
                3 0 CT_TLOAD 5 CT_LOAD_ALL_P CT_ADD 10;
                3 0 CT_TLOAD 0 CT_LOAD_ALL_PQ CT_REL 0.5;
            ];
            """
        let table = try ChangeTable.parse(text, file: "t.m")
        let factors = try table.loadFactors(of: grid, steps: 3, file: "t.m")
        func demand(_ bus: Int, _ t: Int) -> (p: Double, q: Double) {
            let b = grid.buses.firstIndex { $0.id == bus }!
            return (grid.buses[b].demandMW * factors.series[factors.activeSeries[b]][t],
                    grid.buses[b].demandMvar * factors.series[factors.reactiveSeries[b]][t])
        }
        // Label 1: area 1 (buses 5 and 7, 190 MW) set to 380 MW: P and Q doubled; bus 9 untouched.
        #expect(abs(demand(5, 0).p - 180) < 1e-9 && abs(demand(7, 0).q - 70) < 1e-9 && demand(9, 0).p == 125)
        // Label 2: area 2's P doubled, its Q kept; area 1 back to the base case.
        #expect(demand(9, 1).p == 250 && demand(9, 1).q == 50 && demand(5, 1).p == 90)
        // Label 3: bus 5 + 10 MW, then every load halved (P and Q).
        #expect(abs(demand(5, 2).p - 50) < 1e-9 && abs(demand(5, 2).q - 15) < 1e-9 && abs(demand(9, 2).p - 62.5) < 1e-9)
    }

    @Test("a bad change table names its line and field")
    func badTables() throws {
        let cases: [(String, String)] = [
            ("chgtab = [\n 1 0 CT_TAREALOAD 2 CT_LOAD_ALL_P CT_REP;\n];", "t.m:2: a change has 7 fields"),
            ("chgtab = [\n 1 0 CT_TAREALOAD 2 CT_LOAD_ALL_P CT_REP 1;\n 1 0 CT_NOPE 2 4 1 1;\n];", "t.m:3: table: 'CT_NOPE'"),
            ("chgtab = [\n 1 0 CT_TAREALOAD 2 CT_LOAD_ALL_P 7 1;\n];", "t.m:2: chgtype"),
            ("chgtab = [\n 1 0 CT_TAREALOAD 2.5 CT_LOAD_ALL_P CT_REP 1;\n];", "t.m:2: row"),
            ("x = 1;", "t.m: no 'chgtab = ['"),
            ("chgtab = [\n 1 0 CT_TAREALOAD 2 CT_LOAD_ALL_P CT_REP 1;\n", "not closed"),
        ]
        for (text, expected) in cases {
            #expect(throws: CaseFileError.self) { try ChangeTable.parse(text, file: "t.m") }
            do {
                _ = try ChangeTable.parse(text, file: "t.m")
            } catch {
                #expect(error.description.hasPrefix(expected) || error.description.contains(expected), "\(error.description)")
            }
        }
        // Tables that parse but cannot drive loads: a branch change, a missing bus, too few labels.
        let grid = try Fixtures.grid("case9")
        let branch = try ChangeTable.parse("chgtab = [\n 1 0 CT_TBRCH 3 BR_STATUS CT_REP 0;\n];", file: "t.m")
        #expect(throws: CaseFileError.self) { try branch.loadFactors(of: grid, steps: 1, file: "t.m") }
        let bus = try ChangeTable.parse("chgtab = [\n 1 0 CT_TLOAD 99 CT_LOAD_ALL_P CT_REP 1;\n];", file: "t.m")
        #expect(throws: CaseFileError.self) { try bus.loadFactors(of: grid, steps: 1, file: "t.m") }
        let short = try ChangeTable.parse("chgtab = [\n 1 0 CT_TLOAD 5 CT_LOAD_ALL_P CT_REP 1;\n];", file: "t.m")
        #expect(throws: CaseFileError.self) { try short.loadFactors(of: grid, steps: 2, file: "t.m") }
    }
}
