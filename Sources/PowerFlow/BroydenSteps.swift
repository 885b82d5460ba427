/// Broyden's "good" update of an inverse Jacobian H₀ kept implicitly through the steps taken (Kelley, *Iterative
/// Methods for Linear and Nonlinear Equations*, §7.3, algorithm brsol): with steps s₀ … sₙ, the next step is
/// z = −H₀F, then z ← z + sⱼ₊₁ (sⱼᵀz)/‖sⱼ‖² for j < n, and sₙ₊₁ = z / (1 − sₙᵀz/‖sₙ‖²). O(n·k) per iteration,
/// no matrix stored.
struct BroydenSteps {
    /// The steps taken (x ← x + s), and their squared norms.
    private var steps: [[Double]] = []
    private var squaredNorms: [Double] = []

    /// Turns `correction` = H₀F (the solver subtracts it: x ← x − correction) into the Broyden step's correction, in
    /// place, and records the step.
    mutating func update(_ correction: UnsafeMutableBufferPointer<Double>) {
        let n = correction.count
        if let last = steps.indices.last {
            // z = −correction: the same recurrences on the negated vector.
            for j in 0..<last {
                let factor = Self.dot(steps[j], correction) / squaredNorms[j]
                steps[j + 1].withUnsafeBufferPointer { next in
                    for i in 0..<n { correction[i] += next[i] * factor }
                }
            }
            let denominator = 1 + Self.dot(steps[last], correction) / squaredNorms[last]
            if abs(denominator) > 1e-3 {
                for i in 0..<n { correction[i] /= denominator }
            }
        }
        let step = correction.map { -$0 }
        let norm = step.reduce(0) { $0 + $1 * $1 }
        guard norm > 0 else { return }
        steps.append(step)
        squaredNorms.append(norm)
    }

    private static func dot(_ a: [Double], _ b: UnsafeMutableBufferPointer<Double>) -> Double {
        a.withUnsafeBufferPointer { a in
            var sum = 0.0
            for i in 0..<a.count { sum += a[i] * b[i] }
            return sum
        }
    }
}
