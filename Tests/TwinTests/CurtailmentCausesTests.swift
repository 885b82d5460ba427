import Testing
import Twin

@Suite("Curtailment causes")
struct CurtailmentCausesTests {
    @Test("causes counted twice are cut to the curtailment; per-branch shares scale alike; the rest is surplus")
    func overCounted() {
        // 75 MW curtailed (100 available, 25 used), but 1,231 MW of congestion counted (the AC loop re-applied its
        // dispatch after the congestion controller's cut) and 10 MW of minimum generation.
        var step = StepState(availableMW: [60, 40], usedMW: [10, 15])
        step.congestionCurtailedMW = 1_231
        step.congestionByBranchMW = [3: 1_000, 7: 231]
        step.minimumGenerationCurtailedMW = 10
        step.surplusCurtailedMW = 40
        step.reconcileCurtailmentCauses(surplusIsRest: true)
        #expect(abs(step.congestionCurtailedMW - 65) < 1e-9)
        #expect(abs((step.congestionByBranchMW[3] ?? 0) - 65 * 1_000 / 1_231) < 1e-9)
        #expect(abs((step.congestionByBranchMW[7] ?? 0) - 65 * 231 / 1_231) < 1e-9)
        #expect(step.minimumGenerationCurtailedMW == 10 && step.surplusCurtailedMW == 0)
    }

    @Test("causes that fit are kept; the surplus is the rest for the optimal dispatch, only capped for the rules")
    func fitting() {
        var optimal = StepState(availableMW: [100], usedMW: [20])
        optimal.congestionCurtailedMW = 30
        optimal.voltageCurtailedMW = 5
        optimal.reconcileCurtailmentCauses(surplusIsRest: true)
        #expect(optimal.congestionCurtailedMW == 30 && optimal.voltageCurtailedMW == 5 && optimal.surplusCurtailedMW == 45)
        var rules = StepState(availableMW: [100], usedMW: [20])
        rules.congestionCurtailedMW = 30
        rules.reconcileCurtailmentCauses(surplusIsRest: false)
        #expect(rules.congestionCurtailedMW == 30 && rules.surplusCurtailedMW == 0)
    }
}
