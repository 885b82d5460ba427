/// How a scenario sets its dispatchable generators each step (`dispatch.method`).
public enum DispatchMethod: String, Sendable, CaseIterable {
    /// The balancing rules, units loaded in gencost's merit order.
    case meritOrder = "merit-order"
    /// The balancing rules, units sharing by PMAX.
    case participation
    /// A per-step DC optimal dispatch with unit decommitment (``OptimalDispatchController``).
    case optimal
}
