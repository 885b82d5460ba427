/// One part of a study split over independent jobs (`--shard I/N`): the part with 0-based `index` of `count`.
public struct StudyShard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// The shard `I/N` (0 ≤ I < N ≤ 100,000); nil for anything else.
    public init?(index: Int, count: Int) {
        guard count >= 1, count <= 100_000, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Which shard takes each item, balanced by estimated cost: the costliest first, each to the shard with the least
    /// cost so far (the lowest index on a tie) — deterministic, so every shard computes the same partition.
    public static func partition(costs: [Double], count: Int) -> [Int] {
        var load = [Double](repeating: 0, count: count)
        var owner = [Int](repeating: 0, count: costs.count)
        for item in costs.indices.sorted(by: { (costs[$0], $1) > (costs[$1], $0) }) {
            var best = 0
            for s in 1..<max(1, count) where load[s] < load[best] { best = s }
            owner[item] = best
            load[best] += costs[item]
        }
        return owner
    }
}
