/// A bus (node) of the grid, in MATPOWER's units.
public struct Bus: Sendable, Equatable, Codable {
    /// Bus number as written in the case (need not be consecutive).
    public var id: Int
    public var type: BusType
    /// Real power demand, MW.
    public var demandMW: Double
    /// Reactive power demand, Mvar.
    public var demandMvar: Double
    /// Shunt conductance, MW consumed at V = 1 p.u.
    public var shuntConductanceMW: Double
    /// Shunt susceptance, Mvar injected at V = 1 p.u.
    public var shuntSusceptanceMvar: Double
    public var area: Int
    /// Voltage magnitude, p.u. (a starting point before a solve, the solution after).
    public var voltageMagnitudePU: Double
    /// Voltage angle, degrees.
    public var voltageAngleDegrees: Double
    /// Base voltage, kV (0 when unknown).
    public var baseKV: Double
    public var zone: Int
    /// Upper voltage limit, p.u.
    public var maximumVoltagePU: Double
    /// Lower voltage limit, p.u.
    public var minimumVoltagePU: Double

    public init(
        id: Int, type: BusType, demandMW: Double = 0, demandMvar: Double = 0, shuntConductanceMW: Double = 0,
        shuntSusceptanceMvar: Double = 0, area: Int = 1, voltageMagnitudePU: Double = 1, voltageAngleDegrees: Double = 0,
        baseKV: Double = 0, zone: Int = 1, maximumVoltagePU: Double = 1.1, minimumVoltagePU: Double = 0.9
    ) {
        self.id = id
        self.type = type
        self.demandMW = demandMW
        self.demandMvar = demandMvar
        self.shuntConductanceMW = shuntConductanceMW
        self.shuntSusceptanceMvar = shuntSusceptanceMvar
        self.area = area
        self.voltageMagnitudePU = voltageMagnitudePU
        self.voltageAngleDegrees = voltageAngleDegrees
        self.baseKV = baseKV
        self.zone = zone
        self.maximumVoltagePU = maximumVoltagePU
        self.minimumVoltagePU = minimumVoltagePU
    }
}
