/// MATPOWER's column names (`idx_bus`, `idx_gen`, `idx_brch`), used in messages and by the writer.
enum MatpowerColumns {
    static let bus = [
        "BUS_I", "BUS_TYPE", "PD", "QD", "GS", "BS", "BUS_AREA", "VM", "VA", "BASE_KV", "ZONE", "VMAX", "VMIN",
        "LAM_P", "LAM_Q", "MU_VMAX", "MU_VMIN",
    ]
    static let generator = [
        "GEN_BUS", "PG", "QG", "QMAX", "QMIN", "VG", "MBASE", "GEN_STATUS", "PMAX", "PMIN", "PC1", "PC2", "QC1MIN",
        "QC1MAX", "QC2MIN", "QC2MAX", "RAMP_AGC", "RAMP_10", "RAMP_30", "RAMP_Q", "APF", "MU_PMAX", "MU_PMIN",
        "MU_QMAX", "MU_QMIN",
    ]
    static let branch = [
        "F_BUS", "T_BUS", "BR_R", "BR_X", "BR_B", "RATE_A", "RATE_B", "RATE_C", "TAP", "SHIFT", "BR_STATUS", "ANGMIN",
        "ANGMAX", "PF", "QF", "PT", "QT", "MU_SF", "MU_ST", "MU_ANGMIN", "MU_ANGMAX",
    ]
    /// Fewest columns a row may have: the power-flow data.
    static let minimumBusColumns = 13
    static let minimumGeneratorColumns = 10
    static let minimumBranchColumns = 11
}
