import Numerics

/// The derivatives of a bus's complex power injection Sᵢ = Vᵢ·conj((Ybus·V)ᵢ) with respect to the angle and the
/// magnitude of a bus voltage, one Ybus entry (i, k) at a time: the kernel of Newton-Raphson's Jacobian and of a
/// state estimator's measurement Jacobian (injection rows), written once.
///
/// For i ≠ k, with t = Vᵢ·conj(Yᵢₖ·Vₖ): ∂Sᵢ/∂θₖ = −j·t and ∂Sᵢ/∂|Vₖ| = t/|Vₖ|. For i = k, with Sᵢ the bus's
/// injection: ∂Sᵢ/∂θᵢ = j·(Sᵢ − t) and ∂Sᵢ/∂|Vᵢ| = (t + Sᵢ)/|Vᵢ| (MATPOWER's `dSbus_dV`, polar form).
public enum InjectionDerivatives {
    /// (∂Pᵢ/∂θₖ, ∂Qᵢ/∂θₖ, ∂Pᵢ/∂|Vₖ|, ∂Qᵢ/∂|Vₖ|), p.u., for Ybus entry `y` = Yᵢₖ.
    ///
    /// - Parameters:
    ///   - vi, vk: the voltages of buses i and k (real and imaginary parts), p.u.
    ///   - inverseMagnitudeK: 1/|Vₖ|.
    ///   - currentI: (Ybus·V)ᵢ, used on the diagonal (i = k) only.
    @inlinable @inline(__always)
    public static func entry(
        isDiagonal: Bool, g: Double, b: Double, viRe: Double, viIm: Double, vkRe: Double, vkIm: Double,
        inverseMagnitudeK: Double, currentIRe: Double, currentIIm: Double
    ) -> (pByAngle: Double, qByAngle: Double, pByMagnitude: Double, qByMagnitude: Double) {
        // y·Vₖ, then t = Vᵢ · conj(Yᵢₖ Vₖ)
        let yvRe = g * vkRe - b * vkIm, yvIm = g * vkIm + b * vkRe
        let tRe = viRe * yvRe + viIm * yvIm, tIm = viIm * yvRe - viRe * yvIm
        guard isDiagonal else {
            return (tIm, -tRe, tRe * inverseMagnitudeK, tIm * inverseMagnitudeK)
        }
        let sRe = viRe * currentIRe + viIm * currentIIm, sIm = viIm * currentIRe - viRe * currentIIm
        return (-(sIm - tIm), sRe - tRe, (tRe + sRe) * inverseMagnitudeK, (tIm + sIm) * inverseMagnitudeK)
    }

    /// The same for complex values (convenience for tools and tests).
    public static func entry(
        row i: Int, column k: Int, admittance y: Complex<Double>, voltages: [Complex<Double>], currents: [Complex<Double>]
    ) -> (angle: Complex<Double>, magnitude: Complex<Double>) {
        let d = entry(
            isDiagonal: i == k, g: y.real, b: y.imaginary, viRe: voltages[i].real, viIm: voltages[i].imaginary,
            vkRe: voltages[k].real, vkIm: voltages[k].imaginary, inverseMagnitudeK: 1 / voltages[k].length,
            currentIRe: currents[i].real, currentIIm: currents[i].imaginary)
        return (Complex(d.pByAngle, d.qByAngle), Complex(d.pByMagnitude, d.qByMagnitude))
    }
}
