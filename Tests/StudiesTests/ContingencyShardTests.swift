import Foundation
import Reports
import Studies
import TestFixtures
import Testing

@Suite("Sharded contingency studies (--shard I/N, merge)")
struct ContingencyShardTests {
    /// The study's JSON without its timing (wall time, ms per outage, workers).
    private func withoutTiming(_ text: String) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return object.filter { !["wall_seconds", "ms_per_outage", "workers"].contains($0.key) } as NSDictionary
    }

    @Test("shards 0…N−1 merged equal the unsharded run; a missing, repeated or foreign shard is named")
    func mergedEqualsUnsharded() async throws {
        let grid = try Fixtures.grid("case118")
        let whole = try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 2))
        var parts: [(path: String, data: Data)] = []
        for index in 0..<3 {
            var options = ContingencyOptions(workers: 1)
            options.shard = StudyShard(index: index, count: 3)
            let report = try await ContingencyAnalysis.run(grid, options: options)
            #expect(report.totalOutages == whole.outcomes.count)
            let text = try ContingencyText.shardJSON(report, inputs: ["grid": "h"], version: "test")
            parts.append(("part\(index).json", Data(text.utf8)))
        }
        let merged = try ContingencyShardMerge.merge(parts)
        #expect(try withoutTiming(merged) == withoutTiming(try ContingencyText.json(whole)))
        #expect(throws: ContingencyShardMerge.Failure.self) { try ContingencyShardMerge.merge([parts[0], parts[2]]) }
        do {
            _ = try ContingencyShardMerge.merge([parts[0], parts[2]])
        } catch {
            #expect(error.description == "missing shard 1/3 of the study")
        }
        do {
            _ = try ContingencyShardMerge.merge([parts[0], parts[1], parts[1], parts[2]])
        } catch {
            #expect(error.description == "part1.json: shard 1/3 is given twice (also part1.json)")
        }
        var foreign = parts[2]
        foreign.data = Data(String(decoding: foreign.data, as: UTF8.self).replacingOccurrences(of: "\"h\"", with: "\"other\"").utf8)
        do {
            _ = try ContingencyShardMerge.merge([parts[0], parts[1], foreign])
            Issue.record("a shard of other inputs was merged")
        } catch {
            #expect(error.description.hasPrefix("part2.json: shard 2/3 was run on other inputs"))
        }
    }

    @Test("the partition is deterministic and balanced by cost: no shard exceeds another by more than the costliest item")
    func balancedPartition() {
        let costs = (0..<1000).map { Double(($0 * 7919) % 13 == 0 ? 3 : 1) }
        let owner = StudyShard.partition(costs: costs, count: 7)
        #expect(owner == StudyShard.partition(costs: costs, count: 7))
        var load = [Double](repeating: 0, count: 7)
        for (item, shard) in owner.enumerated() { load[shard] += costs[item] }
        #expect(load.max()! - load.min()! <= 3)
        #expect(StudyShard(index: 3, count: 3) == nil && StudyShard(index: 0, count: 0) == nil)
    }
}
