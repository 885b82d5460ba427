/// What the outside world gives one step: time, demand, and what the renewable plants could produce.
public struct StepInputs: Sendable {
    /// Step number, from 0.
    public var index: Int
    /// Step start, minutes since 1970 (naive local time).
    public var timeMinutes: Int
    /// Demand per bus, MW and Mvar.
    public var demandMW: [Double]
    public var demandMvar: [Double]
    /// Per plant: available output, MW.
    public var availableMW: [Double]

    public init(index: Int, timeMinutes: Int, demandMW: [Double], demandMvar: [Double], availableMW: [Double]) {
        self.index = index
        self.timeMinutes = timeMinutes
        self.demandMW = demandMW
        self.demandMvar = demandMvar
        self.availableMW = availableMW
    }
}
