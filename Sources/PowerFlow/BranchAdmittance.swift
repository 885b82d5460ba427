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
        let series = Complex(1, 0) / Complex(branch.resistancePU, branch.reactancePU)
        let halfCharging = Complex(0, branch.chargingSusceptancePU / 2)
        let shift = branch.phaseShiftDegrees * .pi / 180
        let tap = Complex(branch.effectiveTapRatio * .cos(shift), branch.effectiveTapRatio * .sin(shift))
        let tt = series + halfCharging
        toTo = tt
        let ratioSquared = tap.lengthSquared
        fromFrom = Complex(tt.real / ratioSquared, tt.imaginary / ratioSquared)
        fromTo = -series / tap.conjugate
        toFrom = -series / tap
    }

    /// One block per branch of `grid`; branches out of service or touching an isolated bus are out of the model.
    public static func all(of grid: Grid, busIndex: [Int: Int]) -> [BranchAdmittance] {
        grid.branches.map { branch in
            let inModel = branch.inService
                && busIndex[branch.fromBus].map { grid.buses[$0].type != .isolated } == true
                && busIndex[branch.toBus].map { grid.buses[$0].type != .isolated } == true
            return BranchAdmittance(branch: branch, isInModel: inModel)
        }
    }
}
