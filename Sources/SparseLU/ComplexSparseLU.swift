import CSuiteSparse
import Numerics

/// A sparse LU factorization of a complex square matrix by SuiteSparse KLU (`klu_zl_*`).
///
/// Same life cycle as ``RealSparseLU``: analyze once, ``factor(_:)``, ``refactor(_:)`` with new values of the
/// same pattern, ``solve(_:)``. Values are `Complex<Double>`, whose memory layout (real, imaginary) is the
/// interleaved layout KLU expects.
public final class ComplexSparseLU {
    private let analysis: KLUAnalysis
    private var numeric: UnsafeMutablePointer<klu_l_numeric>?

    /// The analyzed pattern.
    public var pattern: CompressedColumnPattern { analysis.pattern }

    /// Analyzes `pattern` (ordering, symbolic structure).
    public init(pattern: CompressedColumnPattern, ordering: FillReducingOrdering = .approximateMinimumDegree) throws {
        analysis = try KLUAnalysis(pattern: pattern, ordering: ordering)
    }

    deinit {
        klu_zl_free_numeric(&numeric, analysis.common)
    }

    /// Whether numeric factors are present.
    public var isFactored: Bool { numeric != nil }

    /// Factors the matrix with these values (one per stored entry), pivoting afresh.
    public func factor(_ values: [Complex<Double>]) throws {
        try checkCount(values.count, expected: analysis.pattern.nonzeroCount)
        klu_zl_free_numeric(&numeric, analysis.common)
        numeric = values.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                klu_zl_factor(
                    &analysis.columnStarts, &analysis.rowIndices, UnsafeMutablePointer(mutating: doubles.baseAddress),
                    analysis.symbolic, analysis.common)
            }
        }
        guard numeric != nil else { throw analysis.statusError() }
    }

    /// Refactors with new values of the same pattern, reusing the last pivot order; factors afresh when there
    /// are no factors yet or KLU reports a zero pivot.
    public func refactor(_ values: [Complex<Double>]) throws {
        try checkCount(values.count, expected: analysis.pattern.nonzeroCount)
        guard numeric != nil else { return try factor(values) }
        let ok = values.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                klu_zl_refactor(
                    &analysis.columnStarts, &analysis.rowIndices, UnsafeMutablePointer(mutating: doubles.baseAddress),
                    analysis.symbolic, numeric, analysis.common)
            }
        }
        if ok == 0 { try factor(values) }
    }

    /// Solves A x = b in place: `rightHandSide` holds b on entry and x on return.
    public func solve(_ rightHandSide: inout [Complex<Double>]) throws {
        guard let numeric else { throw SparseLUError.notFactored }
        let n = analysis.pattern.dimension
        try checkCount(rightHandSide.count, expected: n)
        guard n > 0 else { return }
        let ok = rightHandSide.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                klu_zl_solve(analysis.symbolic, numeric, n, 1, doubles.baseAddress, analysis.common)
            }
        }
        guard ok != 0 else { throw analysis.statusError() }
    }

    private func checkCount(_ count: Int, expected: Int) throws {
        guard count == expected else { throw SparseLUError.valueCountMismatch(expected: expected, actual: count) }
    }
}
