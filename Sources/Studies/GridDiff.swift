import Foundation
import GridModel

/// Everything that differs between two solved versions of a grid.
public struct GridDiff: Sendable {
    public var oldName: String
    public var newName: String
    public var tolerances: DiffTolerances
    public var modelChanges: [ModelChange]
    public var resultChanges: [ResultChange]
    public var violationsAppeared: [ResultSnapshot.Violation]
    public var violationsCleared: [ResultSnapshot.Violation]
    public var securityChanges: [SecurityChange]
    public var oldLossesMW: Double
    public var newLossesMW: Double
    public var oldConverged: Bool
    public var newConverged: Bool

    /// Compares two snapshots (model and results; N-1 too when both have it).
    public init(old: GridSnapshot, new: GridSnapshot, oldName: String, newName: String, tolerances: DiffTolerances = DiffTolerances())
        throws(GridMatchError)
    {
        self.oldName = oldName
        self.newName = newName
        self.tolerances = tolerances
        modelChanges = try ModelDiff.compare(old: old.grid, new: new.grid)
        resultChanges = ResultDiff.compare(old: old.results, new: new.results, tolerances: tolerances)
        (violationsAppeared, violationsCleared) = ResultDiff.violations(old: old.results, new: new.results)
        if let a = old.results.contingencies, let b = new.results.contingencies {
            securityChanges = ResultDiff.security(old: a, new: b, tolerances: tolerances)
        } else {
            securityChanges = []
        }
        oldLossesMW = old.results.lossesMW
        newLossesMW = new.results.lossesMW
        oldConverged = old.results.converged
        newConverged = new.results.converged
    }

    /// Whether anything differs beyond tolerance: a model change, a moved quantity, a violation that appeared or
    /// cleared, a security change.
    public var hasChanges: Bool {
        !modelChanges.isEmpty || !resultChanges.isEmpty || !violationsAppeared.isEmpty || !violationsCleared.isEmpty
            || !securityChanges.isEmpty
    }
}
