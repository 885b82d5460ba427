/// Why an estimate could not be made.
public enum EstimationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No measurement reaches these buses' states (bus positions).
    case unobservable(buses: [Int])
    /// The gain matrix is singular: the measurements do not determine the state (an unobservable part).
    case singularGain(String)
    case notConverged(iterations: Int)
    case analysis(String)

    public var description: String {
        switch self {
        case .unobservable(let buses): "unobservable: no measurement reaches \(buses.count) bus(es)"
        case .singularGain(let detail): "unobservable: the gain matrix is singular (\(detail))"
        case .notConverged(let iterations): "the estimate did not converge in \(iterations) iterations"
        case .analysis(let detail): "the gain matrix could not be analysed: \(detail)"
        }
    }
}
