import SparseLU

/// A change of a factored Jacobian J₀ confined to the rows and columns of a few unknowns U — J = J₀ + E·D·Eᵀ, E the
/// columns of the identity at U, D dense — applied to solves with J₀'s factors by the Woodbury identity:
/// J⁻¹b = y − W·(I + D·W_U)⁻¹·D·y_U, with y = J₀⁻¹b and W = J₀⁻¹E (computed once, |U| solves).
///
/// A branch outage changes the Jacobian only in the rows and columns of its two end buses (and, when it cuts off a
/// dead island, of the island's buses, whose equations become |ΔV| = Δθ = 0), so each outage costs |U| ≤ 4 solves
/// to set up instead of a refactorization per Newton iteration.
package struct JacobianCorrection {
    /// The unknowns (row = column numbers) where J differs from J₀.
    package let unknowns: [Int]
    /// D, row-major |U|×|U|.
    let change: [Double]
    /// W = J₀⁻¹E, column-major n×|U|.
    let solvedColumns: [Double]
    /// LU factors of the capacitance matrix I + D·W_U.
    let capacitance: SmallDenseLU
    /// Unknowns whose step is exactly zero (a dead island's), forced after each solve.
    let fixedUnknowns: [Int]

    /// Whether `b` is below `tolerance` outside the changed unknowns.
    func isLocal(_ b: UnsafeMutableBufferPointer<Double>, tolerance: Double) -> Bool {
        // The changed entries set aside while the rest is scanned (no set lookup per entry), then put back.
        let changedValues = unknowns.map { b[$0] }
        for u in unknowns { b[u] = 0 }
        var local = true
        for i in b.indices where !(abs(b[i]) < tolerance) {
            local = false
            break
        }
        for (u, value) in zip(unknowns, changedValues) { b[u] = value }
        return local
    }

    /// b ← J₀⁻¹b for a `b` that is zero outside the changed unknowns (what is outside is ignored): W·b_U.
    func solveLocal(_ b: UnsafeMutableBufferPointer<Double>) {
        let n = b.count
        let local = unknowns.map { b[$0] }
        for i in 0..<n { b[i] = 0 }
        solvedColumns.withUnsafeBufferPointer { columns in
            for (j, weight) in local.enumerated() where weight != 0 {
                for i in 0..<n { b[i] += columns[j * n + i] * weight }
            }
        }
    }

    /// y ← J⁻¹b from y = J₀⁻¹b (in place).
    func apply(to y: UnsafeMutableBufferPointer<Double>) {
        let m = unknowns.count, n = y.count
        guard m > 0 else { return }
        var w = [Double](repeating: 0, count: m)
        for r in 0..<m {
            var sum = 0.0
            for c in 0..<m { sum += change[r * m + c] * y[unknowns[c]] }
            w[r] = sum
        }
        capacitance.solve(&w)
        solvedColumns.withUnsafeBufferPointer { columns in
            var j = 0
            // Two columns per pass over y (a branch between two PQ buses has four).
            while j + 1 < m {
                let first = j * n, second = first + n, a = w[j], b = w[j + 1]
                for i in 0..<n { y[i] -= columns[first + i] * a + columns[second + i] * b }
                j += 2
            }
            if j < m {
                let base = j * n, weight = w[j]
                for i in 0..<n { y[i] -= columns[base + i] * weight }
            }
        }
        for u in fixedUnknowns { y[u] = 0 }
    }
}
