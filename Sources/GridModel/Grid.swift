/// A power grid as a MATPOWER case describes it: buses, branches, generators, in MATPOWER's units
/// (MW, Mvar, p.u. on `baseMVA`, degrees).
///
/// A value type: edit a copy freely (take a branch out, scale a load) and solve it; the original is unchanged.
public struct Grid: Sendable, Equatable {
    /// Case name (from `function mpc = NAME`, else the file name).
    public var name: String
    /// System base power, MVA.
    public var baseMVA: Double
    public var buses: [Bus]
    public var branches: [Branch]
    public var generators: [Generator]
    /// Cost curves, one per generator in the same order, when the case has them.
    public var generatorCosts: [GeneratorCost]
    /// Bus names, one per bus in the same order, when the case has them.
    public var busNames: [String]

    public init(
        name: String, baseMVA: Double = 100, buses: [Bus] = [], branches: [Branch] = [],
        generators: [Generator] = [], generatorCosts: [GeneratorCost] = [], busNames: [String] = []
    ) {
        self.name = name
        self.baseMVA = baseMVA
        self.buses = buses
        self.branches = branches
        self.generators = generators
        self.generatorCosts = generatorCosts
        self.busNames = busNames
    }

    /// Total real and reactive demand of the in-model buses (isolated ones excluded), MW and Mvar.
    public var totalDemand: (mw: Double, mvar: Double) {
        var p = 0.0, q = 0.0
        for bus in buses where bus.type != .isolated {
            p += bus.demandMW
            q += bus.demandMvar
        }
        return (p, q)
    }
}
