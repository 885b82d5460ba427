import GridModel
import PowerFlow
import Studies
import TestFixtures
import Testing

@Suite("N-2 (contingency --n-2)")
struct PairContingencyTests {
    @Test("case30: every pair analyzed; a sample equals standalone power flows; screening keeps brute force's outcomes")
    func case30() async throws {
        let grid = try Fixtures.grid("case30")
        var brute = ContingencyOptions(screen: false, workers: 2)
        brute.pairs = true
        let all = try await ContingencyAnalysis.run(grid, options: brute)
        #expect(all.outcomes.count == 41 * 40 / 2)
        let keys = BranchKey.keys(of: grid)
        for (a, b) in [(0, 1), (5, 17), (12, 30)] {
            let outcome = try #require(all.outcomes.first { $0.outage == .branchPair(keys[a], keys[b]) })
            var changed = grid
            changed.branches[a].inService = false
            changed.branches[b].inService = false
            let standalone = try PowerFlowStudy.run(changed)
            #expect(outcome.converged == standalone.converged)
            let loadings = standalone.solution.branches.enumerated().filter { $0.offset != a && $0.offset != b }
                .compactMap(\.element.loadingPercent)
            #expect(abs((outcome.maximumLoadingPercent ?? 0) - (loadings.max() ?? 0)) < 1e-4, "\(keys[a]), \(keys[b])")
        }
        var screened = brute
        screened.screen = true
        let kept = try await ContingencyAnalysis.run(grid, options: screened)
        #expect(kept.outcomes.count + kept.skippedByScreening == all.outcomes.count && kept.skippedByScreening > 0)
        let byPair = Dictionary(uniqueKeysWithValues: all.outcomes.map { ($0.outage, $0) })
        for outcome in kept.outcomes { #expect(outcome == byPair[outcome.outage], "\(outcome.outage)") }
    }
}
