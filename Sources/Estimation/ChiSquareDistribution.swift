import Foundation

/// The chi-square distribution's quantiles, for the bad-data test on J(x̂) with m − n degrees of freedom.
public enum ChiSquareDistribution {
    /// P(X ≤ x) for `degrees` degrees of freedom: the regularized lower incomplete gamma P(k/2, x/2).
    public static func cumulative(_ x: Double, degrees: Int) -> Double {
        guard x > 0, degrees > 0 else { return 0 }
        return regularizedGammaP(Double(degrees) / 2, x / 2)
    }

    /// The x with P(X ≤ x) = `probability` (bisection on the cumulative; 1e-10 relative).
    public static func quantile(_ probability: Double, degrees: Int) -> Double {
        precondition(probability > 0 && probability < 1 && degrees > 0)
        var low = 0.0, high = Double(degrees) + 20 * Double(degrees).squareRoot() + 50
        while cumulative(high, degrees: degrees) < probability { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cumulative(middle, degrees: degrees) < probability { low = middle } else { high = middle }
            if high - low <= 1e-10 * high { break }
        }
        return (low + high) / 2
    }

    /// P(a, x): the series for x < a + 1, the continued fraction (Lentz) beyond (Numerical Recipes §6.2).
    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return sum * exp(logPrefix)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return 1 - exp(logPrefix) * h
    }
}
