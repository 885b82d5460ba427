/// What the power flow holds fixed at each bus.
public enum BusRole: Sendable, Equatable {
    /// |V| and angle fixed; P and Q are results.
    case slack
    /// P and |V| fixed; angle and Q are results.
    case pv
    /// P and Q fixed; |V| and angle are results.
    case pq
    /// Out of the model.
    case isolated
}
