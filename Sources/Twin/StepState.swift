/// The decisions and inputs of one time step, which controllers read and change.
public struct StepState: Sendable {
    public var index: Int
    /// Demand per bus before any shedding, MW and Mvar.
    public var demandMW: [Double]
    public var demandMvar: [Double]
    /// Per plant: available and used output, MW (used ≤ available).
    public var availableMW: [Double]
    public var usedMW: [Double]
    /// Of the curtailment, how much was for congestion (the rest balanced a surplus or kept voltages in the band), MW.
    public var congestionCurtailedMW: Double = 0
    /// Of the curtailment, how much was for voltages above the band that the set-points could not bring down, MW.
    public var voltageCurtailedMW: Double = 0
    /// Voltage set-points of regulating buses (bus position → |V|, p.u.) that the voltage control moved this step;
    /// buses not listed keep the magnitude they had (the last step's set-point).
    public var voltageSetpointsPU: [Int: Double] = [:]
    /// Per switched shunt bank (``ShuntSwitching``): steps in; empty without shunt switching.
    public var shuntStepsIn: [Int] = []
    /// Why the voltage control could not bring every bus into the band, when it could not.
    public var voltageLimitCause: VoltageLimitCause?
    /// Of the curtailment, how much the units' minimum outputs and ramps forced, and how much balanced a surplus
    /// that no unit could make room for, MW (set by the optimal dispatch).
    public var minimumGenerationCurtailedMW: Double = 0
    public var surplusCurtailedMW: Double = 0
    /// Congestion curtailment per branch it relieved, MW.
    public var congestionByBranchMW: [Int: Double] = [:]
    /// Locational marginal price per bus, $/MWh (energy and congestion, from the optimal dispatch's duals; empty
    /// for the rules).
    public var pricesPerMWh: [Double] = []
    /// Shadow price of each binding branch limit, $/MWh per MW of capacity.
    public var branchShadowPrices: [Int: Double] = [:]
    /// Per generator: committed this step (empty for the rules).
    public var committed: [Bool] = []
    /// Units kept committed this step for voltage support rather than for energy (set by the optimal dispatch).
    public var voltageSupportUnits = 0
    /// Generation cost of the step, $ (energy, no-load, starts and stops; 0 for the rules).
    public var generationCost: Double = 0
    /// False when the dispatch has no feasible solution: the step kept its inputs and is not counted in totals.
    public var dispatchFeasible = true
    /// Per storage unit: charge and discharge this step, MW, and the state of charge at the step's start (fraction).
    public var chargeMW: [Double]
    public var dischargeMW: [Double]
    public var stateOfCharge: [Double]
    /// Set points of the grid's generators, MW.
    public var generatorMW: [Double]
    /// Load not served, MW (shed in proportion at every load bus).
    public var unservedMW: Double = 0
    /// Total demand, MW.
    public var totalDemandMW: Double { demandMW.reduce(0, +) }
    public var curtailedMW: Double { zip(availableMW, usedMW).reduce(0) { $0 + $1.0 - $1.1 } }

    /// Forgets what a dispatch decided beyond the step's set points — curtailment causes, prices — before it is
    /// decided again.
    package mutating func clearDispatchOutcome() {
        congestionCurtailedMW = 0
        congestionByBranchMW = [:]
        minimumGenerationCurtailedMW = 0
        surplusCurtailedMW = 0
        pricesPerMWh = []
        branchShadowPrices = [:]
        dispatchFeasible = true
    }

    /// Makes the causes fit the curtailment left at the end of the step: voltage, minimum generation and congestion
    /// (its per-branch shares scaled alike) are each at most what the others leave; `surplusIsRest` makes the surplus
    /// the remainder (the optimal dispatch's accounting), otherwise it is only capped. A cause can be counted twice
    /// when controllers undo one another's cuts — the AC loop re-applies its dispatch after the congestion
    /// controller cut, whose congestion stayed counted (case300 rated at 600 MVA: 1,231 MW of congestion in a step
    /// that curtailed 75 MW).
    package mutating func reconcileCurtailmentCauses(surplusIsRest: Bool) {
        let total = max(0, curtailedMW)
        voltageCurtailedMW = min(max(0, voltageCurtailedMW), total)
        minimumGenerationCurtailedMW = min(max(0, minimumGenerationCurtailedMW), total - voltageCurtailedMW)
        let room = max(0, total - voltageCurtailedMW - minimumGenerationCurtailedMW)
        if congestionCurtailedMW > room {
            let scale = congestionCurtailedMW > 0 ? room / congestionCurtailedMW : 0
            for (k, share) in congestionByBranchMW { congestionByBranchMW[k] = share * scale }
            congestionCurtailedMW = room
        }
        let rest = max(0, room - max(0, congestionCurtailedMW))
        surplusCurtailedMW = surplusIsRest ? rest : min(max(0, surplusCurtailedMW), rest)
    }
}

extension StepState {
    /// A step of plants only (no buses, storage or generators): what accounting alone needs.
    package init(availableMW: [Double], usedMW: [Double]) {
        self.init(
            index: 0, demandMW: [], demandMvar: [], availableMW: availableMW, usedMW: usedMW, chargeMW: [],
            dischargeMW: [], stateOfCharge: [], generatorMW: [])
    }
}
