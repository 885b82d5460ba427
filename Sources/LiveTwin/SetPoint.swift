import Foundation
import GridModel

/// An operator's set-point for a generator (`POST /v1/setpoints`), recorded for the audit trail: who, when, what and
/// why. The twin does not move the real unit; it learns the effect from the measurements that follow.
public struct SetPoint: Sendable, Codable, Equatable {
    /// 1-based generator row in the case file.
    public var generator: Int
    public var pMW: Double?
    public var vmPU: Double?
    /// Who gave it: the name of the token that recorded it (the server sets it), and why.
    public var `operator`: String?
    public var reason: String?
    /// When it was recorded, seconds since 1970 (set by the twin).
    public var recordedAt: Double?

    enum CodingKeys: String, CodingKey {
        case generator, reason
        case pMW = "p_mw"
        case vmPU = "vm_pu"
        case `operator` = "operator"
        case recordedAt = "recorded_at"
    }

    /// Checks the set-point against `grid` with the same rules as a fork's generator edit.
    func check(against grid: Grid) throws(RequestProblem) {
        let name = (self.operator ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else { throw RequestProblem("operator: a name of 1 to 200 characters is needed") }
        guard (reason ?? "").count <= 2_000 else { throw RequestProblem("reason: at most 2,000 characters") }
        var scratch = grid
        try ForkEdit(generator: generator, pMW: pMW, vmPU: vmPU).apply(to: &scratch)
    }
}
