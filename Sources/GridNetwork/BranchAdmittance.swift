import GridModel
import Numerics

/// The 2×2 admittance block of one branch (p.u.): the currents into its ends are
/// `If = fromFrom·Vf + fromTo·Vt` and `It = toFrom·Vf + toTo·Vt`.
public struct BranchAdmittance: Sendable, Equatable {
    public var fromFrom: Complex<Double>
    public var fromTo: Complex<Double>
    public var toFrom: Complex<Double>
    public var toTo: Complex<Double>
    /// Whether the branch is part of the network model (in service, both ends energized).
    public var isInModel: Bool

    /// The block of `branch` as MATPOWER's `makeYbus` builds it (zero for a branch out of the model).
    public init(branch: Branch, isInModel: Bool) {
        self.isInModel = isInModel
        guard isInModel else {
            fromFrom = .zero
            fromTo = .zero
            toFrom = .zero
            toTo = .zero
            return
        }
        // Plain arithmetic rather than swift-numerics' overflow-safe complex division: branch values are far from
        // overflow, and this runs for every branch of every (re)built network.
        let r = branch.resistancePU, x = branch.reactancePU
        let denominator = r * r + x * x
        let series = Complex(r / denominator, -x / denominator)
        let halfCharging = branch.chargingSusceptancePU / 2
        let tt = Complex(series.real, series.imaginary + halfCharging)
        toTo = tt
        let ratio = branch.effectiveTapRatio
        if branch.phaseShiftDegrees == 0 {
            let ratioSquared = ratio * ratio
            fromFrom = Complex(tt.real / ratioSquared, tt.imaginary / ratioSquared)
            fromTo = Complex(-series.real / ratio, -series.imaginary / ratio)
            toFrom = fromTo
        } else {
            let shift = branch.phaseShiftDegrees * .pi / 180
            let tapRe = ratio * .cos(shift), tapIm = ratio * .sin(shift)
            let ratioSquared = tapRe * tapRe + tapIm * tapIm
            fromFrom = Complex(tt.real / ratioSquared, tt.imaginary / ratioSquared)
            // −Ys / conj(tap) = −Ys · tap / |tap|²; −Ys / tap = −Ys · conj(tap) / |tap|²
            fromTo = Complex(
                -(series.real * tapRe - series.imaginary * tapIm) / ratioSquared,
                -(series.real * tapIm + series.imaginary * tapRe) / ratioSquared)
            toFrom = Complex(
                -(series.real * tapRe + series.imaginary * tapIm) / ratioSquared,
                -(series.imaginary * tapRe - series.real * tapIm) / ratioSquared)
        }
    }

    /// Complex power into the branch at each end (p.u.) for end voltages `vf` and `vt`.
    @inlinable
    public func endPowers(from vf: Complex<Double>, to vt: Complex<Double>) -> (from: Complex<Double>, to: Complex<Double>) {
        (vf * (fromFrom * vf + fromTo * vt).conjugate, vt * (toFrom * vf + toTo * vt).conjugate)
    }

    /// One block per branch of `grid`; branches out of service or touching an isolated bus are out of the model.
    public static func all(of grid: Grid, ends: [BranchEnds], roles: [BusRole]) -> [BranchAdmittance] {
        zip(grid.branches, ends).map { branch, end in
            let inModel = branch.inService && end.from >= 0 && end.to >= 0 && roles[end.from] != .isolated
                && roles[end.to] != .isolated
            return BranchAdmittance(branch: branch, isInModel: inModel)
        }
    }
}
