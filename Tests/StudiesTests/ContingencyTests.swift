import GridModel
import GridNetwork
import PowerFlow
import Reports
import Studies
import TestFixtures
import Testing

@Suite("N-1 contingency analysis")
struct ContingencyTests {
    @Test("a sample of outages equals a standalone solve with that branch out of service")
    func matchesStandaloneSolves() async throws {
        let grid = try Fixtures.grid("case_ACTIVSg200")
        let report = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 2))
        let keys = BranchKey.keys(of: grid)
        #expect(report.outcomes.count == grid.branches.filter(\.inService).count)
        let sample = stride(from: 0, to: grid.branches.count, by: 23).map { $0 }
        for k in sample where grid.branches[k].inService {
            guard let outcome = report.outcomes.first(where: { $0.outage == .branch(keys[k]) }) else {
                Issue.record("no outcome for branch \(keys[k])")
                continue
            }
            var changed = grid
            changed.branches[k].inService = false
            let standalone = try PowerFlowStudy.run(changed)
            #expect(outcome.converged == standalone.converged)
            let voltages = standalone.solution.magnitudesPU.enumerated().filter { standalone.solution.roles.roles[$0.offset] != .isolated }
            #expect(abs((outcome.minimumVoltagePU ?? 0) - (voltages.map(\.element).min() ?? 0)) < 1e-6)
            let loadings = standalone.solution.branches.enumerated().filter { $0.offset != k }.compactMap(\.element.loadingPercent)
            #expect(abs((outcome.maximumLoadingPercent ?? 0) - (loadings.max() ?? 0)) < 1e-4)
        }
    }

    @Test("every outage that splits case300, and every ninth other, equals a standalone solve with its islands")
    func splittingOutagesMatchStandaloneSolves() async throws {
        let grid = try Fixtures.grid("case300")
        let report = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 1))
        let engine = try PowerFlowEngine(grid: grid)
        let bridges = BusGraph(network: engine.network).bridges()
        let keys = BranchKey.keys(of: grid)
        var splitting = 0
        for (k, branch) in grid.branches.enumerated() where branch.inService && (bridges.contains(k) || k % 9 == 0) {
            let outcome = try #require(report.outcomes.first { $0.outage == .branch(keys[k]) })
            var changed = grid
            changed.branches[k].inService = false
            let standalone = try PowerFlowStudy.run(changed)
            if bridges.contains(k) { splitting += 1 }
            #expect(outcome.converged == standalone.converged, "\(keys[k])")
            guard standalone.converged else { continue }
            let roles = standalone.solution.roles.roles
            let lost = grid.buses.indices.filter { roles[$0] == .isolated && grid.buses[$0].type != .isolated }
            #expect(outcome.busesLost == lost.map { grid.buses[$0].id }, "\(keys[k])")
            let voltages = standalone.solution.magnitudesPU.enumerated().filter { roles[$0.offset] != .isolated }.map(\.element)
            #expect(abs((outcome.minimumVoltagePU ?? 0) - (voltages.min() ?? 0)) < 1e-6, "\(keys[k])")
            #expect(abs((outcome.maximumVoltagePU ?? 0) - (voltages.max() ?? 0)) < 1e-6, "\(keys[k])")
            let loadings = standalone.solution.branches.enumerated().filter { $0.offset != k }.compactMap(\.element.loadingPercent)
            #expect(abs((outcome.maximumLoadingPercent ?? 0) - (loadings.max() ?? 0)) < 1e-4, "\(keys[k])")
        }
        #expect(splitting > 50)
    }

    @Test("an outage that cuts off a bus reports the buses and load lost")
    func islanding() async throws {
        let grid = try Fixtures.grid("case30")  // bus 26 hangs on branch 25-26
        let report = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 1))
        let outcome = try #require(report.outcomes.first { $0.outage == .branch(BranchKey(from: 25, to: 26, order: 1)) })
        #expect(outcome.busesLost == [26])
        #expect(abs(outcome.loadLostMW - grid.buses.first { $0.id == 26 }!.demandMW) < 1e-12)
        #expect(!outcome.isSecure)
    }

    @Test("generator outages are analyzed with --generators")
    func generators() async throws {
        let grid = try Fixtures.grid("case14")
        let report = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(includeGenerators: true, workers: 1))
        #expect(report.outcomes.filter { if case .generator = $0.outage { return true } else { return false } }.count == 5)
        #expect(report.outcomes.allSatisfy { $0.converged })
    }

    @Test("DC screening skips harmless outages and keeps those that overload")
    func screening() async throws {
        var grid = try Fixtures.grid("case_ACTIVSg200")
        for b in grid.buses.indices { grid.buses[b].demandMW *= 1.3 }
        for g in grid.generators.indices { grid.generators[g].activePowerMW *= 1.3 }
        let full = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 1))
        let screened = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(screen: true, screeningThresholdPercent: 90, workers: 1))
        #expect(screened.skippedByScreening > 0)
        let overloading = Set(full.outcomes.filter { !$0.overloads.isEmpty }.map(\.outage))
        let kept = Set(screened.outcomes.map(\.outage))
        #expect(overloading.isSubset(of: kept), "screening missed \(overloading.subtracting(kept))")
    }

    @Test("a change that makes an outage overload a branch is reported in the N-1 diff")
    func securityDiff() async throws {
        let grid = try Fixtures.grid("case_ACTIVSg200")
        var edited = grid
        for b in edited.buses.indices { edited.buses[b].demandMW *= 1.3 }
        for g in edited.generators.indices { edited.generators[g].activePowerMW *= 1.3 }
        let options = ContingencyOptions(workers: 2)
        let diff = try GridDiff(
            old: try await GridSnapshot.solving(grid, contingencies: options),
            new: try await GridSnapshot.solving(edited, contingencies: options), oldName: "old", newName: "new")
        #expect(diff.securityChanges.contains { $0.isWorse && $0.description.contains("now overloads branch") })
        #expect(diff.text().contains("this change makes the outage of branch"))
    }
}
