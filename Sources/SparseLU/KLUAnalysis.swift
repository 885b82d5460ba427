import CSuiteSparse

/// KLU's common workspace and the symbolic analysis of one pattern. Owned by exactly one factorization object,
/// which frees its numeric factors before this object frees the rest.
final class KLUAnalysis {
    let pattern: CompressedColumnPattern
    let common: UnsafeMutablePointer<klu_l_common>
    var symbolic: UnsafeMutablePointer<klu_l_symbolic>?
    /// Mutable copies of the pattern, because KLU's C signatures take non-const pointers.
    var columnStarts: [Int]
    var rowIndices: [Int]

    init(pattern: CompressedColumnPattern, ordering: FillReducingOrdering, scaling: RowScaling = .maximum) throws {
        self.pattern = pattern
        self.columnStarts = pattern.columnStarts
        self.rowIndices = pattern.rowIndices
        self.common = .allocate(capacity: 1)
        self.symbolic = nil
        // Every stored property is set: from here on a throw runs deinit, which frees what was allocated.
        common.initialize(to: klu_l_common())
        klu_l_defaults(common)
        common.pointee.scale = scaling.rawValue
        common.pointee.btf = 0  // a power-flow Jacobian is one strongly connected block: BTF only costs time
        switch ordering {
        case .approximateMinimumDegree:
            common.pointee.ordering = 0
            symbolic = klu_l_analyze(pattern.dimension, &columnStarts, &rowIndices, common)
        case .columnApproximateMinimumDegree:
            common.pointee.ordering = 1
            symbolic = klu_l_analyze(pattern.dimension, &columnStarts, &rowIndices, common)
        case .given(let permutation):
            guard Self.isPermutation(permutation, of: pattern.dimension) else {
                throw SparseLUError.invalidPattern("the given ordering is not a permutation of 0..<\(pattern.dimension)")
            }
            var p = permutation
            var q = permutation
            symbolic = klu_l_analyze_given(pattern.dimension, &columnStarts, &rowIndices, &p, &q, common)
        }
        if symbolic == nil { throw statusError() }
    }

    private static func isPermutation(_ permutation: [Int], of dimension: Int) -> Bool {
        guard permutation.count == dimension else { return false }
        var seen = [Bool](repeating: false, count: dimension)
        for index in permutation {
            guard index >= 0, index < dimension, !seen[index] else { return false }
            seen[index] = true
        }
        return true
    }

    /// The error for KLU's current status.
    func statusError() -> SparseLUError {
        switch Int32(common.pointee.status) {
        case KLU_SINGULAR:
            return .singular(rank: common.pointee.numerical_rank, dimension: pattern.dimension)
        case KLU_OUT_OF_MEMORY: return .outOfMemory
        case KLU_INVALID: return .invalidPattern("KLU rejected the pattern")
        default: return .kluStatus(Int(common.pointee.status))
        }
    }

    deinit {
        klu_l_free_symbolic(&symbolic, common)
        common.deinitialize(count: 1)
        common.deallocate()
    }
}
