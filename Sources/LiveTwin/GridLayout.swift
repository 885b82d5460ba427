import GridModel

/// Positions for drawing a grid as a graph, in [0, 1]²: buses placed by breadth-first layers from the first bus, then
/// relaxed by Fruchterman–Reingold forces (springs along branches, repulsion between buses) for as many iterations as
/// fit a fixed budget of pair interactions — deterministic, so the same grid is always drawn the same way.
public struct GridLayout: Sendable, Codable, Equatable {
    /// `[bus id, x, y]` per bus, in the case's order.
    public var buses: [[Double]]
    /// `[branch row, from bus id, to bus id]` per in-service branch.
    public var branches: [[Int]]

    /// The most pair interactions (buses² × iterations) spent relaxing.
    public static let interactionBudget = 150_000_000

    public init(grid: Grid) {
        let n = grid.buses.count
        let lookup = grid.busLookup()
        var neighbours = [[Int]](repeating: [], count: n)
        var edges: [(Int, Int)] = []
        var rows: [[Int]] = []
        for (k, branch) in grid.branches.enumerated() where branch.inService {
            guard let a = lookup[branch.fromBus], let b = lookup[branch.toBus], a != b else { continue }
            neighbours[a].append(b)
            neighbours[b].append(a)
            edges.append((a, b))
            rows.append([k + 1, branch.fromBus, branch.toBus])
        }
        // Breadth-first layers (every component, one after another) as the start.
        var layer = [Int](repeating: -1, count: n), order: [[Int]] = []
        for root in 0..<n where layer[root] < 0 {
            let base = order.count
            layer[root] = base
            var frontier = [root]
            while !frontier.isEmpty {
                let depth = layer[frontier[0]]
                while order.count <= depth { order.append([]) }
                order[depth] += frontier
                var next: [Int] = []
                for a in frontier { for b in neighbours[a] where layer[b] < 0 { layer[b] = depth + 1; next.append(b) } }
                frontier = next
            }
        }
        var x = [Double](repeating: 0.5, count: n), y = x
        for (depth, members) in order.enumerated() {
            for (i, bus) in members.enumerated() {
                x[bus] = (Double(depth) + 0.5) / Double(max(order.count, 1))
                y[bus] = (Double(i) + 0.5) / Double(members.count)
            }
        }
        // Fruchterman–Reingold.
        let iterations = n > 1 ? min(200, Self.interactionBudget / (n * n)) : 0
        let k = (1.0 / Double(max(n, 1))).squareRoot()
        var temperature = 0.1
        for _ in 0..<iterations {
            var dx = [Double](repeating: 0, count: n), dy = dx
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var ddx = x[i] - x[j], ddy = y[i] - y[j]
                    var d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-12 { ddx = 1e-6 * Double(i - j); ddy = 1e-6; d2 = ddx * ddx + ddy * ddy }
                    let force = k * k / d2
                    dx[i] += ddx * force; dy[i] += ddy * force
                    dx[j] -= ddx * force; dy[j] -= ddy * force
                }
            }
            for (a, b) in edges {
                let ddx = x[a] - x[b], ddy = y[a] - y[b]
                let d = (ddx * ddx + ddy * ddy).squareRoot()
                let pull = d / k
                dx[a] -= ddx * pull; dy[a] -= ddy * pull
                dx[b] += ddx * pull; dy[b] += ddy * pull
            }
            for i in 0..<n {
                let length = (dx[i] * dx[i] + dy[i] * dy[i]).squareRoot()
                guard length > 0 else { continue }
                let step = min(length, temperature)
                x[i] += dx[i] / length * step
                y[i] += dy[i] / length * step
            }
            temperature *= 0.97
        }
        // Scaled into [0.02, 0.98]².
        let (minX, maxX) = (x.min() ?? 0, x.max() ?? 1), (minY, maxY) = (y.min() ?? 0, y.max() ?? 1)
        let spanX = max(maxX - minX, 1e-9), spanY = max(maxY - minY, 1e-9)
        buses = grid.buses.indices.map { b in
            [Double(grid.buses[b].id), 0.02 + 0.96 * (x[b] - minX) / spanX, 0.02 + 0.96 * (y[b] - minY) / spanY]
        }
        branches = rows
    }
}
