import GridModel


/// The role of every bus, by MATPOWER's `bustypes`: a type-3 or type-2 bus without an in-service generator
/// behaves as PQ; when no type-3 bus has one, the first PV bus becomes the reference. Isolated buses (type 4)
/// are out of the model.
public struct BusRoles: Sendable, Equatable {
    /// Role per bus, in bus-table order.
    public var roles: [BusRole]
    /// Positions of reference buses (the first is *the* slack), PV and PQ buses, ascending.
    public var slack: [Int]
    public var pv: [Int]
    public var pq: [Int]

    /// Classifies the buses of `grid`.
    ///
    /// - Throws: ``NetworkError/noReferenceBus`` when no bus can be the reference.
    public init(grid: Grid, busIndex: BusLookup) throws(NetworkError) {
        var hasGenerator = [Bool](repeating: false, count: grid.buses.count)
        for generator in grid.generators where generator.inService {
            if let b = busIndex[generator.bus] { hasGenerator[b] = true }
        }
        try self.init(types: grid.buses.map(\.type), hasGenerator: hasGenerator)
    }

    /// Classifies buses from their types and whether each has an in-service generator.
    public init(types: [BusType], hasGenerator: [Bool]) throws(NetworkError) {
        roles = []
        roles.reserveCapacity(types.count)
        slack = []
        pv = []
        pq = []
        for (b, type) in types.enumerated() {
            let role: BusRole
            switch type {
            case .isolated: role = .isolated
            case .slack: role = hasGenerator[b] ? .slack : .pq
            case .pv: role = hasGenerator[b] ? .pv : .pq
            case .pq: role = .pq
            }
            roles.append(role)
            switch role {
            case .slack: slack.append(b)
            case .pv: pv.append(b)
            case .pq: pq.append(b)
            case .isolated: break
            }
        }
        if slack.isEmpty {
            guard let first = pv.first else { throw NetworkError.noReferenceBus }
            pv.removeFirst()
            slack = [first]
            roles[first] = .slack
        }
    }
}
