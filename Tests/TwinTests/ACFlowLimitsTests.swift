import Testing
import Twin

@Suite("AC security loop limits")
struct ACFlowLimitsTests {
    @Test("an overload is first met in proportion, then by the secant through the last two rounds; a limit loosens only while it binds")
    func secant() throws {
        var limits = ACFlowLimits()
        // Round 1: 1,000 MW of DC flow is 1,169 MVA in AC; target 99.9 % of 1,000 MVA: 1,000·999/1,169.
        let firstNext = limits.nextLimitMW(branch: 4, dcFlowMW: -1_000, acMVA: 1_169, limitMVA: 1_000, ceilingMW: 1_000)
        let first = try #require(firstNext)
        #expect(abs(first - 1_000 * 999 / 1_169) < 1e-9)
        // Round 2: at that flow AC gives 962 MVA (the reactive flow fell with the active): below 99.5 % and binding,
        // so the limit loosens along the secant (1,169 − 962)/(1,000 − first) MVA per MW.
        let slope = (1_169 - 962) / (1_000 - first)
        let secondNext = limits.nextLimitMW(branch: 4, dcFlowMW: first, acMVA: 962, limitMVA: 1_000, ceilingMW: 1_000)
        let second = try #require(secondNext)
        #expect(abs(second - (first + (999 - 962) / slope)) < 1e-9)
        #expect(limits.limitMW(branch: 4) == second && limits.branches == [4])
        // Within [99.5 %, 100 %]: left alone. Below but not binding (the dispatch keeps the flow under the limit):
        // loosening would change nothing.
        let within = limits.nextLimitMW(branch: 4, dcFlowMW: second, acMVA: 997, limitMVA: 1_000, ceilingMW: 1_000)
        #expect(within == nil)
        let slack = limits.nextLimitMW(branch: 4, dcFlowMW: second - 50, acMVA: 900, limitMVA: 1_000, ceilingMW: 1_000)
        #expect(slack == nil)
        // A branch the loop never limited is not loosened.
        let never = limits.nextLimitMW(branch: 9, dcFlowMW: 500, acMVA: 500, limitMVA: 1_000, ceilingMW: 1_000)
        #expect(never == nil)
    }

    @Test("limits stay within [0, the plain DC limit]; a secant from nearly equal flows falls back to the proportion")
    func bounded() throws {
        var limits = ACFlowLimits()
        let tightNext = limits.nextLimitMW(branch: 1, dcFlowMW: 100, acMVA: 2_000, limitMVA: 50, ceilingMW: 50)
        let tight = try #require(tightNext)
        #expect(tight >= 0 && abs(tight - 100 * 49.95 / 2_000) < 1e-9)
        let looseNext = limits.nextLimitMW(branch: 1, dcFlowMW: tight, acMVA: 1, limitMVA: 50, ceilingMW: 50)
        let loose = try #require(looseNext)
        #expect(abs(loose - (tight + 48.95 * (100 - tight) / 1_999)) < 1e-9)
        var capped = ACFlowLimits()
        _ = capped.nextLimitMW(branch: 3, dcFlowMW: 40, acMVA: 60, limitMVA: 50, ceilingMW: 35)
        let ceilingNext = capped.nextLimitMW(branch: 3, dcFlowMW: 40 * 49.95 / 60, acMVA: 10, limitMVA: 50, ceilingMW: 35)
        #expect(ceilingNext == 35)
        var flat = ACFlowLimits()
        _ = flat.nextLimitMW(branch: 2, dcFlowMW: 400, acMVA: 420, limitMVA: 400, ceilingMW: 400)
        let againNext = flat.nextLimitMW(branch: 2, dcFlowMW: 400.5, acMVA: 410, limitMVA: 400, ceilingMW: 400)
        let again = try #require(againNext)
        #expect(abs(again - 400.5 * 399.6 / 410) < 1e-9)
    }
}
