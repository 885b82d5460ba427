import PowerFlow
import GridNetwork

/// Branches whose outage splits the grid (bridges of the bus graph, parallel branches counted), by Tarjan's
/// algorithm, iteratively.
enum Bridges {
    /// Positions of the in-model branches that are bridges.
    static func find(in network: PowerFlowNetwork) -> Set<Int> {
        let n = network.admittance.dimension
        // Adjacency: (neighbour, branch) pairs.
        var adjacency = [[(Int, Int)]](repeating: [], count: n)
        for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
            let f = network.branchEnds[k].from, t = network.branchEnds[k].to
            guard f != t else { continue }
            adjacency[f].append((t, k))
            adjacency[t].append((f, k))
        }
        var discovery = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var bridges = Set<Int>()
        var time = 0
        for root in 0..<n where discovery[root] < 0 {
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
