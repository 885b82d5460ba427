import GridNetwork
import Numerics

/// The solved state after an outage, before it is judged (``ContingencyAnalysis/Context/assess(_:)``).
struct PostContingencyState {
    var element: OutageElement
    var converged: Bool
    /// Newton (or quasi-Newton) steps taken.
    var iterations: Int
    /// Bus voltages, p.u. (zero at de-energized buses).
    var voltages: [Complex<Double>]
    /// The network solved: the base one with the branch out, or the outage's own grid compiled.
    var network: PowerFlowNetwork
    /// Branches out (positions), not judged.
    var excluded: [Int]
    /// Bus positions de-energized by the outage.
    var lost: [Int]
}
