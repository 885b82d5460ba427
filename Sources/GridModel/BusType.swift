/// The role of a bus in the power flow, with MATPOWER's codes.
public enum BusType: Int, Sendable, Codable, CaseIterable {
    /// Load bus: P and Q are given.
    case pq = 1
    /// Generator bus: P and |V| are given (voltage control), when an in-service generator is connected.
    case pv = 2
    /// Reference (slack) bus: |V| and the angle are given; P and Q balance the grid.
    case slack = 3
    /// Isolated bus: out of the model, with every branch that touches it.
    case isolated = 4

    /// Short name used in reports.
    public var label: String {
        switch self {
        case .pq: return "PQ"
        case .pv: return "PV"
        case .slack: return "REF"
        case .isolated: return "ISO"
        }
    }
}
