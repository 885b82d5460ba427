import GridModel

/// Where a measurement is taken, as measurement files and live feeds name it: the kind (`vm`, `va`, `p_inj`, `q_inj`,
/// `p_flow`, `q_flow`, `i_mag`), the element (the bus number, or the 1-based branch row for branch quantities) and, for
/// branch quantities, the side (`from` or `to`).
public struct SensorAddress: Hashable, Sendable, Codable {
    public var kind: String
    public var element: Int
    public var side: String?

    public init(kind: String, element: Int, side: String? = nil) {
        self.kind = kind
        self.element = element
        self.side = side
    }

    /// A problem with an address or a value, as `field: message`.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// The measurement of `value` (p.u. on baseMVA, degrees for `va`) with standard deviation `sigma` at this address
    /// in `grid` (`lookup` maps bus numbers to positions).
    public func measurement(value: Double, sigma: Double, grid: Grid, lookup: BusLookup) throws(Problem) -> GridMeasurement {
        guard let kind = MeasurementKind(rawValue: kind) else {
            throw Problem(field: "kind", message: "'\(self.kind)' is not one of \(MeasurementKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard value.isFinite, abs(value) < 1e9 else { throw Problem(field: "value", message: "'\(value)' is not a finite number") }
        guard sigma.isFinite, abs(sigma) < 1e9 else { throw Problem(field: "sigma", message: "'\(sigma)' is not a finite number") }
        guard sigma > 0 else { throw Problem(field: "sigma", message: "must be above 0, is \(sigma)") }
        var position = 0, atFrom = true
        if kind.isBranchQuantity {
            guard let k = grid.branchIndex(row: element) else {
                throw Problem(field: "element", message: "branch row \(element) does not exist (1...\(grid.branches.count))")
            }
            guard grid.branches[k].inService else {
                throw Problem(field: "element", message: "branch row \(element) is out of service")
            }
            position = k
            switch side ?? "" {
            case "from": atFrom = true
            case "to": atFrom = false
            default: throw Problem(field: "side", message: "'\(side ?? "")' must be from or to for \(kind.rawValue)")
            }
        } else {
            guard let b = lookup[element] else { throw Problem(field: "element", message: "bus \(element) does not exist") }
            guard grid.buses[b].type != .isolated else { throw Problem(field: "element", message: "bus \(element) is isolated") }
            position = b
        }
        return GridMeasurement(kind: kind, element: position, atFromEnd: atFrom, value: value, sigma: sigma)
    }
}
