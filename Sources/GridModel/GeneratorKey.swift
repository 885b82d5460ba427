/// Identifies a generator across two versions of a grid: its bus and its order among the bus's generators.
public struct GeneratorKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bus: Int
    public var order: Int

    public init(bus: Int, order: Int) {
        self.bus = bus
        self.order = order
    }

    public var description: String { order == 1 ? "generator at bus \(bus)" : "generator #\(order) at bus \(bus)" }

    public static func < (a: GeneratorKey, b: GeneratorKey) -> Bool { (a.bus, a.order) < (b.bus, b.order) }

    /// The key of every generator of `grid`, in table order.
    public static func keys(of grid: Grid) -> [GeneratorKey] {
        var seen: [Int: Int] = [:]
        return grid.generators.map { generator in
            let order = (seen[generator.bus] ?? 0) + 1
            seen[generator.bus] = order
            return GeneratorKey(bus: generator.bus, order: order)
        }
    }
}
