import GridModel

/// The buses and the branches that connect them, as an undirected graph: the one place for connectivity —
/// islands (components), the island of each reference bus (reach), and the branches whose outage splits a grid
/// (bridges). Parallel branches are separate edges; a branch from a bus to itself is ignored.
public struct BusGraph: Sendable {
    /// Compressed adjacency (no array per bus): bus b's neighbours are `neighbour[start[b]..<start[b + 1]]`, reached
    /// through the branches `via` at the same positions.
    private var start: [Int]
    private var neighbour: [Int]
    private var via: [Int]

    /// The graph of `busCount` buses joined by `edges` (bus positions and the branch's position).
    public init(busCount: Int, edges: [(from: Int, to: Int, branch: Int)]) {
        var degree = [Int](repeating: 0, count: busCount + 1)
        for edge in edges where edge.from != edge.to {
            degree[edge.from + 1] += 1
            degree[edge.to + 1] += 1
        }
        for b in 0..<busCount { degree[b + 1] += degree[b] }
        start = degree
        var next = Array(degree.dropLast())
        neighbour = [Int](repeating: 0, count: degree[busCount])
        via = [Int](repeating: 0, count: degree[busCount])
        for edge in edges where edge.from != edge.to {
            neighbour[next[edge.from]] = edge.to
            via[next[edge.from]] = edge.branch
            next[edge.from] += 1
            neighbour[next[edge.to]] = edge.from
            via[next[edge.to]] = edge.branch
            next[edge.to] += 1
        }
    }

    /// The graph of a compiled network's in-model branches.
    public init(network: PowerFlowNetwork) {
        let edges = network.branchEnds.enumerated().compactMap { k, ends -> (from: Int, to: Int, branch: Int)? in
            network.branchAdmittances[k].isInModel ? (ends.from, ends.to, k) : nil
        }
        self.init(busCount: network.grid.buses.count, edges: edges)
    }

    /// The graph of a grid's in-service branches between buses that are not isolated (type 4).
    public init(grid: Grid, lookup: BusLookup) {
        var edges: [(from: Int, to: Int, branch: Int)] = []
        for (k, branch) in grid.branches.enumerated() where branch.inService {
            guard let f = lookup[branch.fromBus], let t = lookup[branch.toBus],
                grid.buses[f].type != .isolated, grid.buses[t].type != .isolated
            else { continue }
            edges.append((f, t, k))
        }
        self.init(busCount: grid.buses.count, edges: edges)
    }

    public var busCount: Int { start.count - 1 }

    /// The connected components among the buses where `included` is true, each ascending, ordered by their
    /// smallest bus.
    public func components(including included: (Int) -> Bool) -> [[Int]] {
        var label = [Int](repeating: -1, count: busCount)
        var count = 0
        var stack: [Int] = []
        for root in 0..<busCount where label[root] < 0 && included(root) {
            label[root] = count
            stack.append(root)
            while let b = stack.popLast() {
                for c in neighbour[start[b]..<start[b + 1]] where label[c] < 0 && included(c) {
                    label[c] = count
                    stack.append(c)
                }
            }
            count += 1
        }
        // Members in bus order, so each component comes out ascending without sorting.
        var components = [[Int]](repeating: [], count: count)
        for b in 0..<busCount where label[b] >= 0 { components[label[b]].append(b) }
        return components
    }

    /// The buses reached from `bus` without crossing the branch `avoided`, ascending — or nil when there are more
    /// than `limit` of them (the search stops there).
    public func buses(reachedFrom bus: Int, avoiding avoided: Int, limit: Int) -> [Int]? {
        var seen: Set<Int> = [bus]
        var stack = [bus]
        while let b = stack.popLast() {
            for position in start[b]..<start[b + 1] where via[position] != avoided && !seen.contains(neighbour[position]) {
                guard seen.count < limit else { return nil }
                seen.insert(neighbour[position])
                stack.append(neighbour[position])
            }
        }
        return seen.sorted()
    }

    /// For every bus, the first of `roots` (in their order) that reaches it, or −1.
    public func reach(from roots: [Int]) -> [Int] {
        var reached = [Int](repeating: -1, count: busCount)
        for root in roots where reached[root] < 0 {
            reached[root] = root
            var stack = [root]
            while let b = stack.popLast() {
                for c in neighbour[start[b]..<start[b + 1]] where reached[c] < 0 {
                    reached[c] = root
                    stack.append(c)
                }
            }
        }
        return reached
    }

    /// Positions of the branches whose removal disconnects their two ends (bridges; parallel branches are not),
    /// by Tarjan's algorithm, iteratively.
    public func bridges() -> Set<Int> {
        var discovery = [Int](repeating: -1, count: busCount)
        var low = [Int](repeating: 0, count: busCount)
        var bridges = Set<Int>()
        var time = 0
        for root in 0..<busCount where discovery[root] < 0 {
            // Stack of (vertex, branch used to enter it, next adjacency position).
            var stack: [(vertex: Int, via: Int, next: Int)] = [(root, -1, 0)]
            discovery[root] = time
            low[root] = time
            time += 1
            while !stack.isEmpty {
                let top = stack.count - 1
                let v = stack[top].vertex
                if start[v] + stack[top].next < start[v + 1] {
                    let w = neighbour[start[v] + stack[top].next], k = via[start[v] + stack[top].next]
                    stack[top].next += 1
                    if k == stack[top].via { continue }
                    if discovery[w] < 0 {
                        discovery[w] = time
                        low[w] = time
                        time += 1
                        stack.append((w, k, 0))
                    } else {
                        low[v] = min(low[v], discovery[w])
                    }
                } else {
                    let finished = stack.removeLast()
                    if let parent = stack.last {
                        low[parent.vertex] = min(low[parent.vertex], low[finished.vertex])
                        if low[finished.vertex] > discovery[parent.vertex] { bridges.insert(finished.via) }
                    }
                }
            }
        }
        return bridges
    }
}
