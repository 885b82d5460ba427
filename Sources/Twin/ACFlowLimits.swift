/// The DC flow limits the AC security loop sets on branches whose AC loading differs from their DC flow (reactive
/// flow, losses), found by iteration within one step: each round pairs a branch's DC flow (MW) with the apparent
/// power AC gave it (MVA), and the next limit is the DC flow that the line through the last two pairs — or, with one
/// pair, the proportion S/P — says brings the AC loading to `targetFraction` of the branch's limit.
///
/// A limit moves both ways: it tightens while AC overloads the branch and loosens while AC loads it below the target
/// and the limit binds. Tightening once by the reactive flow as it stood overshoots, because the reactive flow of a
/// heavily loaded line is mostly its own I²X and falls with the active flow (case300 with 1,000 MVA ratings: four
/// branches carrying 630–710 Mvar at 970 MW were tightened by 50–270 MW each and ended at 88 % loading, 517 MW of
/// wind curtailed for nothing).
package struct ACFlowLimits: Sendable {
    /// The AC loading a limit aims at, as a fraction of the branch's limit: a little below it, so that the next
    /// power flow lands inside.
    package var targetFraction = 0.999
    /// A binding limit whose branch AC loads below this fraction of its limit is loosened.
    package var loosenBelowFraction = 0.995

    /// Per branch: the DC limit set, MW, and the last rounds' (DC flow MW, AC apparent power MVA).
    private var limitsMW: [Int: Double] = [:]
    private var history: [Int: [(dcMW: Double, acMVA: Double)]] = [:]

    package init() {}

    /// The DC limit the loop set on branch `k`, MW, if any.
    package func limitMW(branch k: Int) -> Double? { limitsMW[k] }

    /// The branches the loop has limited.
    package var branches: [Int] { limitsMW.keys.sorted() }

    /// Records a round's DC flow of branch `k` (MW, either sign) and the apparent power AC gave it (MVA, the more
    /// loaded end), and returns the DC limit that should bring its loading to the target, MW — at most
    /// `ceilingMW` (the branch's plain DC limit), at least 0. Nil when nothing should change: the branch is within
    /// its limit and either has no limit of the loop's or its limit does not bind, or is loaded at least
    /// ``loosenBelowFraction`` of its limit.
    package mutating func nextLimitMW(branch k: Int, dcFlowMW: Double, acMVA: Double, limitMVA: Double, ceilingMW: Double) -> Double? {
        let flow = abs(dcFlowMW)
        history[k, default: []].append((flow, acMVA))
        let overloaded = acMVA > limitMVA + 1e-6
        if !overloaded {
            guard let set = limitsMW[k], flow >= set - 1e-3, acMVA < loosenBelowFraction * limitMVA, set < ceilingMW - 1e-6
            else { return nil }
        }
        let target = targetFraction * limitMVA
        var slope = flow > 1e-9 ? acMVA / flow : 1
        if let points = history[k], points.count >= 2 {
            let (a, b) = (points[points.count - 2], points[points.count - 1])
            let secant = (b.acMVA - a.acMVA) / (b.dcMW - a.dcMW)
            // A secant from two nearly equal flows, or one that says loading falls as flow rises, is noise.
            if abs(b.dcMW - a.dcMW) > 1, secant > 0.1 { slope = secant }
        }
        let limit = min(ceilingMW, max(0, flow + (target - acMVA) / max(slope, 0.1)))
        limitsMW[k] = limit
        return limit
    }
}
