/// What can go wrong when factoring or solving a sparse system.
public enum SparseLUError: Error, Equatable, CustomStringConvertible {
    /// The pattern is not a well-formed compressed-sparse-column structure.
    case invalidPattern(String)
    /// The value array does not have one value per stored entry.
    case valueCountMismatch(expected: Int, actual: Int)
    /// The matrix is structurally or numerically singular; `rank` is KLU's estimate of the numerical rank.
    case singular(rank: Int, dimension: Int)
    /// KLU ran out of memory.
    case outOfMemory
    /// A call was made in the wrong order, e.g. a solve before any factorization.
    case notFactored
    /// Any other KLU status code.
    case kluStatus(Int)

    public var description: String {
        switch self {
        case .invalidPattern(let why): return "invalid sparse pattern: \(why)"
        case .valueCountMismatch(let expected, let actual):
            return "expected \(expected) matrix values, got \(actual)"
        case .singular(let rank, let dimension):
            return "the matrix is singular (numerical rank \(rank) of \(dimension))"
        case .outOfMemory: return "KLU ran out of memory"
        case .notFactored: return "solve called before a successful factorization"
        case .kluStatus(let status): return "KLU failed with status \(status)"
        }
    }
}
