import GridModel
import Foundation
import Studies

extension GridDiff {
    private struct Document: Encodable {
        struct Model: Encodable {
            var element: String
            var kind: String
            var field: String?
            var old: Double?
            var new: Double?
            var unit: String?
        }
        struct Result: Encodable {
            var element: String
            var quantity: String
            var old: Double
            var new: Double
            var delta: Double
            var unit: String
        }
        struct Violation: Encodable {
            var kind: String
            var element: String
            var value: Double
            var limit: Double
            var unit: String
        }
        struct Security: Encodable {
            var outage: String
            var description: String
            var worse: Bool
        }
        var old: String
        var new: String
        var changed: Bool
        var oldLossesMw: Double
        var newLossesMw: Double
        var oldConverged: Bool
        var newConverged: Bool
        var tolerances: DiffTolerances
        var modelChanges: [Model]
        var resultChanges: [Result]
        var violationsAppeared: [Violation]
        var violationsCleared: [Violation]
        var securityChanges: [Security]
    }

    /// The diff as one JSON document (snake_case keys).
    public func jsonText() throws -> String {
        func violation(_ v: ResultSnapshot.Violation) -> Document.Violation {
            Document.Violation(kind: v.kind, element: v.element, value: v.value, limit: v.limit, unit: v.unit)
        }
        let document = Document(
            old: oldName, new: newName, changed: hasChanges, oldLossesMw: oldLossesMW, newLossesMw: newLossesMW,
            oldConverged: oldConverged, newConverged: newConverged, tolerances: tolerances,
            modelChanges: modelChanges.map {
                Document.Model(element: $0.element, kind: $0.kind.rawValue, field: $0.field, old: $0.old, new: $0.new, unit: $0.unit)
            },
            resultChanges: resultChanges.map {
                Document.Result(element: $0.element, quantity: $0.quantity, old: $0.old, new: $0.new, delta: $0.delta, unit: $0.unit)
            },
            violationsAppeared: violationsAppeared.map(violation), violationsCleared: violationsCleared.map(violation),
            securityChanges: securityChanges.map { Document.Security(outage: $0.outage, description: $0.description, worse: $0.isWorse) })
        return try ReportJSON.text(document)
    }
}
