/// Why a grid cannot be compiled into a network that solvers can use.
public enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bus has type 3 with an in-service generator and no PV bus can take its place.
    case noReferenceBus
    /// A branch in the model has X = 0: the DC network needs a reactance (branch position, from and to bus numbers).
    case zeroReactance(branch: Int, from: Int, to: Int)
    /// The DC susceptance matrix of the PV and PQ buses cannot be factored.
    case singularSusceptanceMatrix(String)

    public var description: String {
        switch self {
        case .noReferenceBus: return "no reference bus: no bus of type 3 (or type 2) has an in-service generator"
        case .zeroReactance(_, let from, let to):
            return "branch \(from)-\(to) has X = 0: the DC network needs a reactance"
        case .singularSusceptanceMatrix(let detail): return "the DC susceptance matrix is singular (\(detail))"
        }
    }
}
