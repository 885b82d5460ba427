import CSuiteSparse

/// The entries of A⁻¹ inside A's own pattern, for a symmetric positive definite A — never the dense inverse: CHOLMOD
/// factors P·A·Pᵀ = L·D·Lᵀ (simplicial LDLᵀ, fill-reducing order; the analysis kept for the pattern), then the
/// Takahashi recurrence on L's columns, from the last to the first, gives Z = (L·D·Lᵀ)⁻¹ on the filled pattern of L
/// (which holds A's):
///
///   Z_ij = −Σ_{k>j, L_kj≠0} L_kj·Z_ik  (i > j in L's column j),   Z_jj = 1/D_j − Σ_{k>j} L_kj·Z_kj.
///
/// What a state estimator's normalized residuals need: Ωᵢᵢ = σᵢ² − hᵢᵀ·G⁻¹·hᵢ uses only G⁻¹ entries where two
/// columns of one measurement row meet, which are entries of G's pattern.
///
/// A class: it owns CHOLMOD's workspace and analysis; not thread-safe.
public final class SymmetricSparseInverse {
    public let pattern: CompressedColumnPattern
    private var common = cholmod_common()
    private var matrix: UnsafeMutablePointer<cholmod_sparse>
    private var factor: UnsafeMutablePointer<cholmod_factor>?

    /// Analyses `pattern` (both triangles given; the lower one is used).
    public init(pattern: CompressedColumnPattern) throws(SparseLUError) {
        self.pattern = pattern
        cholmod_start(&common)
        common.supernodal = Int32(CHOLMOD_SIMPLICIAL)
        common.final_ll = 0
        common.print = 0
        let n = pattern.dimension
        var lowerCount = 0
        for j in 0..<n {
            for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] where pattern.rowIndices[p] >= j { lowerCount += 1 }
        }
        guard let a = cholmod_allocate_sparse(n, n, lowerCount, 1, 1, -1, Int32(CHOLMOD_REAL), &common) else {
            cholmod_finish(&common)
            throw SparseLUError.outOfMemory
        }
        matrix = a
        let starts = a.pointee.p.assumingMemoryBound(to: Int32.self)
        let rows = a.pointee.i.assumingMemoryBound(to: Int32.self)
        var next = 0
        for j in 0..<n {
            starts[j] = Int32(next)
            for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] where pattern.rowIndices[p] >= j {
                rows[next] = Int32(pattern.rowIndices[p])
                next += 1
            }
        }
        starts[n] = Int32(next)
        factor = cholmod_analyze(a, &common)
        guard factor != nil else {
            var m: UnsafeMutablePointer<cholmod_sparse>? = a
            cholmod_free_sparse(&m, &common)
            cholmod_finish(&common)
            throw SparseLUError.invalidPattern("CHOLMOD's analysis failed (status \(common.status))")
        }
    }

    deinit {
        var m: UnsafeMutablePointer<cholmod_sparse>? = matrix
        cholmod_free_sparse(&m, &common)
        cholmod_free_factor(&factor, &common)
        cholmod_finish(&common)
    }

    /// A⁻¹ at every entry of ``pattern`` (aligned with its values), for A with these `values`.
    ///
    /// - Throws: ``SparseLUError/singular(rank:dimension:)`` when A is not positive definite.
    public func inverseOnPattern(_ values: [Double]) throws(SparseLUError) -> [Double] {
        precondition(values.count == pattern.nonzeroCount, "one value per pattern entry")
        let n = pattern.dimension
        let x = matrix.pointee.x.assumingMemoryBound(to: Double.self)
        var next = 0
        for j in 0..<n {
            for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] where pattern.rowIndices[p] >= j {
                x[next] = values[p]
                next += 1
            }
        }
        guard let factor, cholmod_factorize(matrix, factor, &common) != 0, common.status == CHOLMOD_OK,
            factor.pointee.minor == n
        else { throw SparseLUError.singular(rank: Int(factor?.pointee.minor ?? 0), dimension: n) }
        // L's columns, sorted by row (the diagonal, holding D, first).
        let lp = factor.pointee.p.assumingMemoryBound(to: Int32.self), li = factor.pointee.i.assumingMemoryBound(to: Int32.self)
        let lnz = factor.pointee.nz.assumingMemoryBound(to: Int32.self), lx = factor.pointee.x.assumingMemoryBound(to: Double.self)
        var starts = [Int](repeating: 0, count: n + 1)
        for j in 0..<n { starts[j + 1] = starts[j] + Int(lnz[j]) }
        var rows = [Int](repeating: 0, count: starts[n]), entries = [Double](repeating: 0, count: starts[n])
        for j in 0..<n {
            let column = (0..<Int(lnz[j])).map { (Int(li[Int(lp[j]) + $0]), lx[Int(lp[j]) + $0]) }.sorted { $0.0 < $1.0 }
            for (offset, entry) in column.enumerated() {
                rows[starts[j] + offset] = entry.0
                entries[starts[j] + offset] = entry.1
            }
        }
        // Z on L's pattern (lower triangle), by the Takahashi recurrence.
        var z = [Double](repeating: 0, count: starts[n])
        func find(_ row: Int, _ column: Int) -> Int? {
            var low = starts[column], high = starts[column + 1] - 1
            while low <= high {
                let middle = (low + high) / 2
                if rows[middle] == row { return middle }
                if rows[middle] < row { low = middle + 1 } else { high = middle - 1 }
            }
            return nil
        }
        func zValue(_ a: Int, _ b: Int) -> Double {
            let (row, column) = a >= b ? (a, b) : (b, a)
            return find(row, column).map { z[$0] } ?? 0
        }
        for j in stride(from: n - 1, through: 0, by: -1) {
            let first = starts[j], last = starts[j + 1]
            guard rows[first] == j, entries[first] > 0 else {
                throw SparseLUError.singular(rank: j, dimension: n)
            }
            for p in stride(from: last - 1, to: first, by: -1) {
                let i = rows[p]
                var sum = 0.0
                for q in (first + 1)..<last { sum += entries[q] * zValue(i, rows[q]) }
                z[p] = -sum
            }
            var sum = 0.0
            for q in (first + 1)..<last { sum += entries[q] * z[q] }
            z[first] = 1 / entries[first] - sum
        }
        // Back to A's order: Z_A[a, b] = Z[perm⁻¹(a), perm⁻¹(b)].
        let permutation = factor.pointee.Perm.assumingMemoryBound(to: Int32.self)
        var position = [Int](repeating: 0, count: n)
        for k in 0..<n { position[Int(permutation[k])] = k }
        var result = [Double](repeating: 0, count: values.count)
        for column in 0..<n {
            for p in pattern.columnStarts[column]..<pattern.columnStarts[column + 1] {
                result[p] = zValue(position[pattern.rowIndices[p]], position[column])
            }
        }
        return result
    }
}
