extension Grid {
    /// Sets every bus's demand (MW, Mvar) and every generator's active (and, when given, reactive) set point — one
    /// value per bus and per generator, in table order.
    public mutating func setInjections(
        demandMW: [Double], demandMvar: [Double], generatorMW: [Double], generatorMvar: [Double]? = nil
    ) {
        precondition(demandMW.count == buses.count && demandMvar.count == buses.count && generatorMW.count == generators.count)
        for b in buses.indices {
            buses[b].demandMW = demandMW[b]
            buses[b].demandMvar = demandMvar[b]
        }
        for g in generators.indices {
            generators[g].activePowerMW = generatorMW[g]
            if let generatorMvar { generators[g].reactivePowerMvar = generatorMvar[g] }
        }
    }
}
