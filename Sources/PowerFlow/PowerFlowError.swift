import GridNetwork

/// Why a power flow could not be set up or run (a non-converged solve is a result, not an error).
public enum PowerFlowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bus has type 3 with an in-service generator and no PV bus can take its place.
    case noReferenceBus
    /// The Jacobian is singular: the grid has a part with no connection to a reference bus, or the state is degenerate.
    case singularJacobian(String)
    /// The options are not usable.
    case invalidOption(String)
    /// The grid cannot be compiled into a network for this method (e.g. X = 0 for the DC power flow).
    case network(NetworkError)

    /// The solver's form of a network that could not be compiled.
    public init(_ error: NetworkError) {
        switch error {
        case .noReferenceBus: self = .noReferenceBus
        default: self = .network(error)
        }
    }

    public var description: String {
        switch self {
        case .noReferenceBus:
            return "no reference bus: no bus of type 3 (or type 2) has an in-service generator"
        case .singularJacobian(let detail): return "the Jacobian is singular (\(detail))"
        case .invalidOption(let detail): return "invalid option: \(detail)"
        case .network(let error): return error.description
        }
    }
}
