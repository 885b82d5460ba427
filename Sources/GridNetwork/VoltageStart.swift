/// How a power flow chooses its starting voltages.
public enum VoltageStart: String, Sendable, CaseIterable {
    /// MATPOWER's default: VM∠VA of the bus table, with |V| = VG at PV and reference buses.
    case fromCase = "case"
    /// |V| = 1 p.u. everywhere and every angle equal to the reference bus's (the slack angle is a given of the
    /// problem, not a guess), |V| = VG at PV and reference buses.
    case flat
}
