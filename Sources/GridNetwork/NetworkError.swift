/// Why a grid cannot be compiled into a network that solvers can use.
public enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bus has type 3 with an in-service generator and no PV bus can take its place.
    case noReferenceBus

    public var description: String {
        switch self {
        case .noReferenceBus: return "no reference bus: no bus of type 3 (or type 2) has an in-service generator"
        }
    }
}
