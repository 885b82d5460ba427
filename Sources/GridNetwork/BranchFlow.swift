/// Power flow through one branch, at both ends, in MW and Mvar (positive into the branch).
public struct BranchFlow: Sendable, Equatable {
    public var fromMW: Double
    public var fromMvar: Double
    public var toMW: Double
    public var toMvar: Double
    /// Largest end apparent power as a percentage of RATE_A, or `nil` where RATE_A is 0 (unlimited).
    public var loadingPercent: Double?

    public init(fromMW: Double, fromMvar: Double, toMW: Double, toMvar: Double, loadingPercent: Double?) {
        self.fromMW = fromMW
        self.fromMvar = fromMvar
        self.toMW = toMW
        self.toMvar = toMvar
        self.loadingPercent = loadingPercent
    }

    /// Real and reactive power lost in the branch.
    public var lossMW: Double { fromMW + toMW }
    public var lossMvar: Double { fromMvar + toMvar }
    /// Loading against `ratingMVA` (largest end apparent power, %), or `nil` for a rating of 0 (unlimited).
    public func loadingPercent(ratingMVA: Double) -> Double? {
        Self.loadingPercent(maximumMVA: maximumMVA, ratingMVA: ratingMVA)
    }

    /// Loading of a branch whose larger end carries `maximumMVA`, against `ratingMVA` (%), or `nil` for a rating of 0.
    public static func loadingPercent(maximumMVA: Double, ratingMVA: Double) -> Double? {
        ratingMVA > 0 ? maximumMVA / ratingMVA * 100 : nil
    }

    /// Largest apparent power at either end, MVA.
    public var maximumMVA: Double { max((fromMW * fromMW + fromMvar * fromMvar).squareRoot(), (toMW * toMW + toMvar * toMvar).squareRoot()) }
}
