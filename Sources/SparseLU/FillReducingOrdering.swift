import CSuiteSparse

/// How KLU permutes the matrix to limit fill-in during factorization.
public enum FillReducingOrdering: Sendable, Equatable {
    /// Approximate minimum degree on A + Aᵀ (KLU's default; best on power-grid Jacobians).
    case approximateMinimumDegree
    /// Column approximate minimum degree.
    case columnApproximateMinimumDegree
    /// A permutation computed by the caller, applied to rows and columns alike: entry `k` is the original index
    /// of the `k`-th pivot.
    case given([Int])
}

/// Row scaling KLU applies before pivoting.
public enum RowScaling: Int, Sendable, Equatable {
    /// No scaling and no check of the values (KLU's scale = −1): the fastest, for matrices whose rows are of
    /// comparable size by construction, such as a per-unit power-flow Jacobian.
    case none = -1
    /// Divide each row by its largest magnitude (KLU's default, scale = 2).
    case maximum = 2
}

extension CompressedColumnPattern {
    /// An approximate-minimum-degree ordering of this pattern's symmetrized graph (AMD), for use as
    /// ``FillReducingOrdering/given(_:)`` — e.g. computed on a bus graph and expanded to a Jacobian.
    public func approximateMinimumDegreeOrdering() throws -> [Int] {
        var permutation = [Int](repeating: 0, count: dimension)
        guard dimension > 0 else { return permutation }
        var starts = columnStarts
        var rows = rowIndices
        let status = amd_l_order(dimension, &starts, &rows, &permutation, nil, nil)
        guard status == AMD_OK || status == AMD_OK_BUT_JUMBLED else {
            throw status == AMD_OUT_OF_MEMORY ? SparseLUError.outOfMemory : SparseLUError.kluStatus(Int(status))
        }
        return permutation
    }
}
