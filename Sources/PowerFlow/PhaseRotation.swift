/// e^{jδ} for the small angle steps of a converging power flow, without calling `cos` and `sin`.
///
/// A Newton or chord step moves each bus angle by δ; the bus voltage is then rotated, V ← V·e^{jδ}, instead of being
/// rebuilt from |V|(cos θ, sin θ). For |δ| ≤ ``smallAngleLimitRadians`` the Taylor series below are exact to rounding
/// (the first omitted terms, δ¹¹/11! and δ¹²/12!, are below 2e-21); larger steps use `cos` and `sin`.
package enum PhaseRotation {
    /// The largest |δ|, radians, taken by the series.
    package static let smallAngleLimitRadians = 0.0625

    /// (cos δ, sin δ), δ in radians.
    @inline(__always)
    package static func of(_ delta: Double) -> (cos: Double, sin: Double) {
        guard abs(delta) <= smallAngleLimitRadians else { return (.cos(delta), .sin(delta)) }
        let d2 = delta * delta
        // Horner form of 1 − δ²/2! + δ⁴/4! − … + δ¹⁰/10! and δ − δ³/3! + … + δ⁹/9!, with the reciprocal factorials as
        // constants (a product, not a division, per term).
        let cosine = 1 - d2 * (1.0 / 2 - d2 * (1.0 / 24 - d2 * (1.0 / 720 - d2 * (1.0 / 40_320 - d2 * (1.0 / 3_628_800)))))
        let sine = delta * (1 - d2 * (1.0 / 6 - d2 * (1.0 / 120 - d2 * (1.0 / 5_040 - d2 * (1.0 / 362_880)))))
        return (cosine, sine)
    }
}
