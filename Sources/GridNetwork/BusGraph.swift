import GridModel

/// The buses and the branches that connect them, as an undirected graph: the one place for connectivity —
/// islands (components), the island of each reference bus (reach), and the branches whose outage splits a grid
/// (bridges). Parallel branches are separate edges; a branch from a bus to itself is ignored.
public struct BusGraph: Sendable {
    /// Per bus: (neighbour, branch position) pairs.
    private var adjacency: [[(bus: Int, branch: Int)]]

    /// The graph of `busCount` buses joined by `edges` (bus positions and the branch's position).
    public init(busCount: Int, edges: [(from: Int, to: Int, branch: Int)]) {
        adjacency = Array(repeating: [], count: busCount)
        for edge in edges where edge.from != edge.to {
            adjacency[edge.from].append((edge.to, edge.branch))
            adjacency[edge.to].append((edge.from, edge.branch))
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

    public var busCount: Int { adjacency.count }

    /// The connected components among the buses where `included` is true, each ascending, ordered by their
    /// smallest bus.
    public func components(including included: (Int) -> Bool) -> [[Int]] {
        var label = [Int](repeating: -1, count: busCount)
        var components: [[Int]] = []
        for root in 0..<busCount where included(root) && label[root] < 0 {
            var members = [root]
            label[root] = components.count
            var stack = [root]
            while let b = stack.popLast() {
                for (c, _) in adjacency[b] where label[c] < 0 && included(c) {
                    label[c] = components.count
                    members.append(c)
                    stack.append(c)
                }
            }
            components.append(members.sorted())
        }
        return components
    }

    /// For every bus, the first of `roots` (in their order) that reaches it, or −1.
    public func reach(from roots: [Int]) -> [Int] {
        var reached = [Int](repeating: -1, count: busCount)
        for root in roots where reached[root] < 0 {
            reached[root] = root
            var stack = [root]
            while let b = stack.popLast() {
                for (c, _) in adjacency[b] where reached[c] < 0 {
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
                if stack[top].next < adjacency[v].count {
                    let (w, k) = adjacency[v][stack[top].next]
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
