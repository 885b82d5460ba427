/// Broyden's "good" update of an inverse Jacobian H₀ kept implicitly through the steps taken (Kelley, *Iterative
/// Methods for Linear and Nonlinear Equations*, §7.3, algorithm brsol): with steps s₀ … sₙ, the next step is
/// z = −H₀F, then z ← z + sⱼ₊₁ (sⱼᵀz)/‖sⱼ‖² for j < n, and sₙ₊₁ = z / (1 − sₙᵀz/‖sₙ‖²). O(n·k) per iteration,
/// no matrix stored; the steps are kept one after the other in one growing buffer.
struct BroydenSteps {
    /// The steps taken (x ← x + s), each `dimension` long, one after the other, and their squared norms.
    private var steps: [Double] = []
    private var squaredNorms: [Double] = []

    /// Turns `correction` = H₀F (the solver subtracts it: x ← x − correction) into the Broyden step's correction, in
    /// place, and records the step.
    mutating func update(_ correction: UnsafeMutableBufferPointer<Double>) {
        let n = correction.count
        let count = squaredNorms.count
        if count > 0 {
            // z = −correction: the same recurrences on the negated vector. Each pass adds sⱼ₊₁'s multiple and takes
            // the next dot product, sⱼ₊₁ᵀz, on the way.
            steps.withUnsafeBufferPointer { s in
                var dot = 0.0
                for i in 0..<n { dot += s[i] * correction[i] }
                for j in 0..<(count - 1) {
                    let factor = dot / squaredNorms[j]
                    let next = (j + 1) * n
                    dot = 0
                    for i in 0..<n {
                        correction[i] += s[next + i] * factor
                        dot += s[next + i] * correction[i]
                    }
                }
                let denominator = 1 + dot / squaredNorms[count - 1]
                if abs(denominator) > 1e-3 {
                    let scale = 1 / denominator
                    for i in 0..<n { correction[i] *= scale }
                }
            }
        }
        var norm = 0.0
        for i in 0..<n { norm += correction[i] * correction[i] }
        guard norm > 0 else { return }
        steps.reserveCapacity(n * 8)
        for i in 0..<n { steps.append(-correction[i]) }
        squaredNorms.append(norm)
    }
}
