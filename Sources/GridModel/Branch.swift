/// A line or transformer, as MATPOWER's π model: series impedance R + jX, total line charging B split half
/// at each end, and an ideal transformer at the from end with ratio `tapRatio`∠`phaseShiftDegrees`.
public struct Branch: Sendable, Equatable, Codable {
    /// Bus number at the from end (the tap side).
    public var fromBus: Int
    /// Bus number at the to end.
    public var toBus: Int
    /// Series resistance, p.u. on the system base.
    public var resistancePU: Double
    /// Series reactance, p.u. (negative for series capacitors).
    public var reactancePU: Double
    /// Total line charging susceptance, p.u.
    public var chargingSusceptancePU: Double
    /// Long-term rating, MVA (0 = unlimited).
    public var rateAMVA: Double
    /// Short-term rating, MVA (0 = unlimited).
    public var rateBMVA: Double
    /// Emergency rating, MVA (0 = unlimited).
    public var rateCMVA: Double
    /// Off-nominal turns ratio as written in the case: 0 means a line (ratio 1).
    public var tapRatio: Double
    /// Phase shift, degrees (positive delays the to end).
    public var phaseShiftDegrees: Double
    public var inService: Bool
    /// Minimum angle difference θf − θt, degrees.
    public var minimumAngleDifferenceDegrees: Double
    /// Maximum angle difference θf − θt, degrees.
    public var maximumAngleDifferenceDegrees: Double

    public init(
        fromBus: Int, toBus: Int, resistancePU: Double, reactancePU: Double, chargingSusceptancePU: Double = 0,
        rateAMVA: Double = 0, rateBMVA: Double = 0, rateCMVA: Double = 0, tapRatio: Double = 0,
        phaseShiftDegrees: Double = 0, inService: Bool = true, minimumAngleDifferenceDegrees: Double = -360,
        maximumAngleDifferenceDegrees: Double = 360
    ) {
        self.fromBus = fromBus
        self.toBus = toBus
        self.resistancePU = resistancePU
        self.reactancePU = reactancePU
        self.chargingSusceptancePU = chargingSusceptancePU
        self.rateAMVA = rateAMVA
        self.rateBMVA = rateBMVA
        self.rateCMVA = rateCMVA
        self.tapRatio = tapRatio
        self.phaseShiftDegrees = phaseShiftDegrees
        self.inService = inService
        self.minimumAngleDifferenceDegrees = minimumAngleDifferenceDegrees
        self.maximumAngleDifferenceDegrees = maximumAngleDifferenceDegrees
    }

    /// The turns ratio the model uses: `tapRatio`, or 1 when the case writes 0.
    public var effectiveTapRatio: Double { tapRatio == 0 ? 1 : tapRatio }

    /// Whether this branch is a transformer (a non-zero tap or a phase shift).
    public var isTransformer: Bool { tapRatio != 0 || phaseShiftDegrees != 0 }
}
