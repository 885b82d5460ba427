import CSuiteSparse

/// A sparse LU factorization of a real square matrix by SuiteSparse KLU.
///
/// The pattern is analyzed once, at creation. ``factor(_:)`` computes numeric factors with pivoting;
/// ``refactor(_:)`` reuses that pivot order for new values of the same pattern (several times cheaper) and
/// falls back to a full factorization when the pivots have degraded. ``solve(_:)`` overwrites a right-hand
/// side with the solution. Memory is freed exactly once, when the object goes away.
///
/// Not thread-safe: use one instance per task.
public final class RealSparseLU {
    private let analysis: KLUAnalysis
    private var numeric: UnsafeMutablePointer<klu_l_numeric>?
    /// Solves A X = B in place for `count` right-hand sides stored one after another (column-major, `dimension` ×
    /// `count`): KLU sweeps the factors once per four of them, much cheaper than one solve each.
    package func solve(_ rightHandSides: UnsafeMutableBufferPointer<Double>, count: Int) throws {
        guard let numeric else { throw SparseLUError.notFactored }
        let n = analysis.pattern.dimension
        try checkCount(rightHandSides.count, expected: n * count)
        guard n > 0, count > 0 else { return }
        guard klu_l_solve(analysis.symbolic, numeric, n, count, rightHandSides.baseAddress, analysis.common) != 0 else {
            throw analysis.statusError()
        }
    }

    /// KLU's cheap reciprocal condition estimate right after the last full factorization.
    private var reciprocalConditionAtFactor: Double = 0

    /// Pivot quality below which ``refactor(_:)`` factors again: the cheap condition estimate after a refactor
    /// must stay within this factor of the estimate after the last full factorization.
    public var refactorDegradationLimit: Double = 1e-4

    /// How many full factorizations and refactorizations this object has performed.
    public private(set) var factorCount = 0
    public private(set) var refactorCount = 0

    /// The analyzed pattern.
    public var pattern: CompressedColumnPattern { analysis.pattern }

    /// Analyzes `pattern` (ordering, symbolic structure).
    ///
    /// - Throws: ``SparseLUError`` when KLU rejects the pattern or runs out of memory.
    public init(
        pattern: CompressedColumnPattern, ordering: FillReducingOrdering = .approximateMinimumDegree,
        scaling: RowScaling = .maximum
    ) throws {
        analysis = try KLUAnalysis(pattern: pattern, ordering: ordering, scaling: scaling)
    }

    deinit {
        klu_l_free_numeric(&numeric, analysis.common)
    }

    /// Whether numeric factors are present (a solve is possible).
    public var isFactored: Bool { numeric != nil }

    /// Factors the matrix with the analyzed pattern and these values (one per stored entry), pivoting afresh.
    ///
    /// - Throws: ``SparseLUError/singular(rank:dimension:)`` for a singular matrix; the previous factors are dropped.
    public func factor(_ values: [Double]) throws {
        try values.withUnsafeBufferPointer { try factor($0) }
    }

    /// Factors from values in a caller-owned buffer (one per stored entry).
    package func factor(_ values: UnsafeBufferPointer<Double>) throws {
        try checkCount(values.count)
        klu_l_free_numeric(&numeric, analysis.common)
        numeric = klu_l_factor(
            &analysis.columnStarts, &analysis.rowIndices, UnsafeMutablePointer(mutating: values.baseAddress),
            analysis.symbolic, analysis.common)
        guard numeric != nil else { throw analysis.statusError() }
        factorCount += 1
        reciprocalConditionAtFactor = try cheapReciprocalCondition()
    }

    /// Refactors with new values of the same pattern, reusing the pivot order of the last ``factor(_:)``.
    ///
    /// Factors from scratch when there are no factors yet, when KLU reports a zero pivot, or when the pivots have
    /// degraded (see ``refactorDegradationLimit``).
    public func refactor(_ values: [Double]) throws {
        try values.withUnsafeBufferPointer { try refactor($0) }
    }

    /// Refactors from values in a caller-owned buffer (one per stored entry); see ``refactor(_:)-([Double])``.
    package func refactor(_ values: UnsafeBufferPointer<Double>) throws {
        try checkCount(values.count)
        guard numeric != nil else { return try factor(values) }
        let ok = klu_l_refactor(
            &analysis.columnStarts, &analysis.rowIndices, UnsafeMutablePointer(mutating: values.baseAddress),
            analysis.symbolic, numeric, analysis.common)
        if ok == 0 {
            return try factor(values)
        }
        refactorCount += 1
        let rcond = try cheapReciprocalCondition()
        if !(rcond >= reciprocalConditionAtFactor * refactorDegradationLimit) {
            try factor(values)
        }
    }

    /// Solves A x = b in place: `rightHandSide` holds b on entry and x on return.
    public func solve(_ rightHandSide: inout [Double]) throws {
        try checkCount(rightHandSide.count, expected: analysis.pattern.dimension)
        try rightHandSide.withUnsafeMutableBufferPointer { try solve($0) }
    }

    /// Solves A x = b in place in a caller-owned buffer of `dimension` doubles.
    package func solve(_ rightHandSide: UnsafeMutableBufferPointer<Double>) throws {
        guard let numeric else { throw SparseLUError.notFactored }
        try checkCount(rightHandSide.count, expected: analysis.pattern.dimension)
        let n = analysis.pattern.dimension
        guard n > 0 else { return }
        guard klu_l_solve(analysis.symbolic, numeric, n, 1, rightHandSide.baseAddress, analysis.common) != 0 else {
            throw analysis.statusError()
        }
    }

    /// KLU's cheap reciprocal condition estimate (min |Uᵢᵢ| / max |Uᵢᵢ|) of the current factors.
    public func cheapReciprocalCondition() throws -> Double {
        guard let numeric else { throw SparseLUError.notFactored }
        guard analysis.pattern.dimension > 0 else { return 1 }
        guard klu_l_rcond(analysis.symbolic, numeric, analysis.common) != 0 else { throw analysis.statusError() }
        return analysis.common.pointee.rcond
    }

    /// Number of nonzeros in L and U of the current factors (a measure of fill-in).
    public var factorNonzeroCount: Int {
        guard let numeric else { return 0 }
        return numeric.pointee.lnz + numeric.pointee.unz
    }

    private func checkCount(_ count: Int, expected: Int? = nil) throws {
        let expected = expected ?? analysis.pattern.nonzeroCount
        guard count == expected else { throw SparseLUError.valueCountMismatch(expected: expected, actual: count) }
    }
}
