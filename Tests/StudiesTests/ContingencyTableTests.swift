import GridFormats
import GridModel
import PowerFlow
import Studies
import TestFixtures
import Testing

@Suite("Contingency lists as MATPOWER writes them (contingency --changes)")
struct ContingencyTableTests {
    @Test("the published contab_ACTIVSg200 gives, label by label, the N-1 result of the branch each label opens")
    func publishedTableEqualsOutagesOneByOne() async throws {
        let grid = try Fixtures.grid("case_ACTIVSg200")
        let file = Fixtures.packageRoot + "/grids/contab_ACTIVSg200.m"
        let table = try ChangeTable.read(contentsOf: file)
        var options = ContingencyOptions(workers: 2)
        options.changes = (table, file)
        let labelled = try await ContingencyAnalysis.run(grid, options: options)
        let single = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 2))
        #expect(labelled.outcomes.count == table.labels.count)
        let keys = BranchKey.keys(of: grid)
        let byBranch = Dictionary(uniqueKeysWithValues: single.outcomes.map { ($0.outage, $0) })
        var compared = 0
        for outcome in labelled.outcomes {
            guard case .labeled(let label) = outcome.outage, let k = table.singleBranchOutage(label: label) else {
                Issue.record("\(outcome.outage) is not one branch's outage")
                continue
            }
            let reference = try #require(byBranch[.branch(keys[k])])
            var expected = reference
            expected.outage = outcome.outage
            #expect(outcome == expected, "label \(label), branch \(keys[k])")
            compared += 1
        }
        #expect(compared == 245)
    }

    @Test("a label with several changes equals a standalone power flow of the changed grid")
    func severalChanges() async throws {
        let grid = try Fixtures.grid("case30")
        let file = "several.m"
        // Label 7: branch row 10 out, generator row 2 out, bus row 8's load doubled; label 9: branch row 1's RATE_A
        // set to 10 MVA (its flow overloads it).
        let table = try ChangeTable.parse("""
            function chgtab = several
            chgtab = [
                7 0 CT_TBRCH 10 BR_STATUS CT_REP 0;
                7 0 CT_TGEN 2 GEN_STATUS CT_REP 0;
                7 0 CT_TBUS 8 PD CT_REL 2;
                9 0 CT_TBRCH 1 RATE_A CT_REP 10;
            ];
            """, file: file)
        var options = ContingencyOptions(workers: 1)
        options.changes = (table, file)
        let report = try await ContingencyAnalysis.run(grid, options: options)
        #expect(report.outcomes.count == 2)
        var changed = grid
        changed.branches[9].inService = false
        changed.generators[1].inService = false
        changed.buses[7].demandMW *= 2
        let standalone = try PowerFlowStudy.run(changed)
        let seven = try #require(report.outcomes.first { $0.outage == .labeled(7) })
        #expect(seven.converged == standalone.converged)
        let magnitudes = standalone.solution.magnitudesPU
        #expect(abs((seven.minimumVoltagePU ?? 0) - magnitudes.min()!) < 1e-6, "\(seven.minimumVoltagePU ?? 0) vs \(magnitudes.min()!)")
        let loadings = standalone.solution.branches.compactMap(\.loadingPercent)
        #expect(abs((seven.maximumLoadingPercent ?? 0) - loadings.max()!) < 1e-4)
        let nine = try #require(report.outcomes.first { $0.outage == .labeled(9) })
        let base = try PowerFlowStudy.run(grid)
        let flowMVA = base.solution.branches[0].maximumMVA
        let overload = try #require(nine.overloads.first)
        #expect(overload.branch == BranchKey.keys(of: grid)[0])
        #expect(abs(overload.loadingPercent - flowMVA / 10 * 100) < 1e-4, "\(overload.loadingPercent) vs \(flowMVA / 10 * 100)")
    }

    @Test("a change the analysis cannot apply is named by file, line and field before any solve")
    func unsupportedChange() async throws {
        let grid = try Fixtures.grid("case30")
        let file = "bad.m"
        let table = try ChangeTable.parse("chgtab = [\n 1 0 CT_TBRCH 3 BR_STATUS CT_REP 0;\n 2 0 CT_TBRCH 99 BR_X CT_REL 2;\n];", file: file)
        var options = ContingencyOptions(workers: 1)
        options.changes = (table, file)
        await #expect {
            _ = try await ContingencyAnalysis.run(grid, options: options)
        } throws: { error in
            "\(error)" == "bad.m:3: row: the branch table has 41 rows, not 99"
        }
    }
}
