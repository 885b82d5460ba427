/// The power-flow methods GridTwin offers.
public enum PowerFlowMethod: String, Sendable, CaseIterable, Codable {
    /// Newton-Raphson, polar, power-balance mismatch (MATPOWER's default `NR`).
    case newtonRaphson = "nr"
    /// Fast-decoupled, XB version (MATPOWER's `FDXB`).
    case fastDecoupledXB = "fdxb"
    /// Fast-decoupled, BX version (MATPOWER's `FDBX`).
    case fastDecoupledBX = "fdbx"
    /// DC power flow (MATPOWER's `rundcpf`).
    case dc
}
