/// Identifies a branch across two versions of a grid: its end buses and its order among the parallel branches
/// between them (in table order).
public struct BranchKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var from: Int
    public var to: Int
    /// 1 for the first branch from `from` to `to` in the table, 2 for the second parallel one, …
    public var order: Int

    public init(from: Int, to: Int, order: Int) {
        self.from = from
        self.to = to
        self.order = order
    }

    public var description: String { order == 1 ? "\(from)-\(to)" : "\(from)-\(to) (#\(order))" }

    public static func < (a: BranchKey, b: BranchKey) -> Bool { (a.from, a.to, a.order) < (b.from, b.to, b.order) }

    /// The key of every branch of `grid`, in table order.
    public static func keys(of grid: Grid) -> [BranchKey] {
        var seen: [BranchEndsPair: Int] = [:]
        return grid.branches.map { branch in
            let pair = BranchEndsPair(from: branch.fromBus, to: branch.toBus)
            let order = (seen[pair] ?? 0) + 1
            seen[pair] = order
            return BranchKey(from: branch.fromBus, to: branch.toBus, order: order)
        }
    }

    private struct BranchEndsPair: Hashable {
        var from: Int
        var to: Int
    }
}
