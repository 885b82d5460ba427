import SparseLU
import Testing

@Suite("Sparse inverse inside the pattern (Takahashi)")
struct SymmetricSparseInverseTests {
    @Test("equals the dense inverse at every pattern entry of a sparse positive definite matrix")
    func againstDense() throws {
        // A 40 × 40 grid-like Laplacian plus a diagonal shift: a ring with chords, symmetric positive definite.
        let n = 40
        var dense = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        func connect(_ a: Int, _ b: Int, _ weight: Double) {
            dense[a][a] += weight; dense[b][b] += weight; dense[a][b] -= weight; dense[b][a] -= weight
        }
        for i in 0..<n { connect(i, (i + 1) % n, 1 + Double(i % 5)) }
        for i in stride(from: 0, to: n, by: 7) { connect(i, (i + 13) % n, 0.5) }
        for i in 0..<n { dense[i][i] += 0.1 * Double(i + 1) }
        var starts = [0], rows: [Int] = [], values: [Double] = []
        for j in 0..<n {
            for i in 0..<n where dense[i][j] != 0 {
                rows.append(i)
                values.append(dense[i][j])
            }
            starts.append(rows.count)
        }
        let pattern = try CompressedColumnPattern(dimension: n, columnStarts: starts, rowIndices: rows)
        let inverse = try SymmetricSparseInverse(pattern: pattern).inverseOnPattern(values)
        // Dense inverse by Gauss-Jordan.
        var a = dense, x = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for k in 0..<n {
            let pivot = a[k][k]
            for j in 0..<n { a[k][j] /= pivot; x[k][j] /= pivot }
            for i in 0..<n where i != k {
                let factor = a[i][k]
                for j in 0..<n { a[i][j] -= factor * a[k][j]; x[i][j] -= factor * x[k][j] }
            }
        }
        for j in 0..<n {
            for p in starts[j]..<starts[j + 1] {
                #expect(abs(inverse[p] - x[rows[p]][j]) < 1e-12 * max(1, abs(x[rows[p]][j])), "(\(rows[p]), \(j))")
            }
        }
    }

    @Test("a matrix that is not positive definite is refused")
    func indefinite() throws {
        let pattern = try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 4], rowIndices: [0, 1, 0, 1])
        #expect(throws: SparseLUError.self) { _ = try SymmetricSparseInverse(pattern: pattern).inverseOnPattern([1, 2, 2, 1]) }
    }
}
