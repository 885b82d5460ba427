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
        let keptPairs = Set(kept.outcomes.map(\.outage))
        let missed = all.outcomes.filter { !$0.overloads.isEmpty && !keptPairs.contains($0.outage) }
        #expect(missed.isEmpty, "screening skipped \(missed.count) pairs that overload, e.g. \(missed.first.map { "\($0.outage)" } ?? "")")
    }

    @Test("with generators: every branch-generator and generator pair is solved, and equals a standalone power flow")
    func generatorPairs() async throws {
        let grid = try Fixtures.grid("case30")
        var options = ContingencyOptions(includeGenerators: true, workers: 2)
        options.pairs = true
        let report = try await ContingencyAnalysis.run(grid, options: options)
        let units = grid.generators.indices.filter { grid.generators[$0].inService }
        #expect(report.outcomes.count == 41 * 40 / 2 + units.count * 41 + units.count * (units.count - 1) / 2)
        let branchKeys = BranchKey.keys(of: grid), generatorKeys = GeneratorKey.keys(of: grid)
        let samples: [(OutageElement, branches: [Int], generators: [Int])] = [
            (.branchAndGenerator(branchKeys[3], generatorKeys[units[1]]), [3], [units[1]]),
            (.branchAndGenerator(branchKeys[20], generatorKeys[units[4]]), [20], [units[4]]),
            (.generatorPair(generatorKeys[units[0]], generatorKeys[units[2]]), [], [units[0], units[2]]),
        ]
        for (element, branches, generators) in samples {
            let outcome = try #require(report.outcomes.first { $0.outage == element })
            var changed = grid
            for k in branches { changed.branches[k].inService = false }
            for g in generators { changed.generators[g].inService = false }
            let standalone = try PowerFlowStudy.run(changed)
            #expect(outcome.converged == standalone.converged, "\(element)")
            let loadings = standalone.solution.branches.enumerated().filter { !branches.contains($0.offset) }.compactMap(\.element.loadingPercent)
            #expect(abs((outcome.maximumLoadingPercent ?? 0) - (loadings.max() ?? 0)) < 1e-4, "\(element)")
            let magnitudes = standalone.solution.magnitudesPU.enumerated().filter { standalone.solution.roles.roles[$0.offset] != .isolated }
            #expect(abs((outcome.minimumVoltagePU ?? 0) - (magnitudes.map(\.element).min() ?? 0)) < 1e-6, "\(element)")
        }
    }

    @Test("case118 rated at 2 × its base flows: screening equals brute force on the pairs it keeps and misses no pair that overloads")
    func case118() async throws {
        var grid = try Fixtures.grid("case118")
        let unrated = try PowerFlowStudy.run(grid)
        for k in grid.branches.indices where grid.branches[k].inService {
            grid.branches[k].rateAMVA = max(20, (2 * unrated.solution.branches[k].maximumMVA).rounded())
        }
        var brute = ContingencyOptions(screen: false, workers: 2)
        brute.pairs = true
        let all = try await ContingencyAnalysis.run(grid, options: brute)
        #expect(all.outcomes.count == 186 * 185 / 2)
        var screened = brute
        screened.screen = true
        let kept = try await ContingencyAnalysis.run(grid, options: screened)
        #expect(kept.skippedByScreening > 1_000)
        let byPair = Dictionary(uniqueKeysWithValues: all.outcomes.map { ($0.outage, $0) })
        for outcome in kept.outcomes where outcome != byPair[outcome.outage] { Issue.record("\(outcome.outage) differs from brute force") }
        let keptPairs = Set(kept.outcomes.map(\.outage))
        let missed = all.outcomes.filter { !$0.overloads.isEmpty && !keptPairs.contains($0.outage) }
        #expect(missed.isEmpty, "screening skipped \(missed.count) pairs that overload")
    }
}
