/// What a solver found.
public struct LinearProgramSolution: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case optimal
        case infeasible
        case unbounded
        /// Stopped (time or iteration limit, numerical trouble) without proving optimality.
        case stopped
    }

    public var status: Status
    /// cᵀx + ½ Σ qⱼ xⱼ² at `values`.
    public var objective: Double
    /// One value per column.
    public var values: [Double]
    /// One dual price per row (∂objective/∂row bound; for a minimised cost, the marginal cost of tightening a
    /// balance row); empty for a mixed-integer program.
    public var rowPrices: [Double]
}
