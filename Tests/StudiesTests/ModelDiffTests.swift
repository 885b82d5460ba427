import GridModel
import Reports
import Studies
import TestFixtures
import Testing

@Suite("Model and results diff")
struct ModelDiffTests {
    private func diff(_ old: Grid, _ new: Grid) async throws -> GridDiff {
        try GridDiff(
            old: try await GridSnapshot.solving(old), new: try await GridSnapshot.solving(new), oldName: "old", newName: "new")
    }

    @Test("a grid compared with itself has no differences")
    func identical() async throws {
        let grid = try Fixtures.grid("case118")
        let result = try await diff(grid, grid)
        #expect(!result.hasChanges)
        #expect(result.modelChanges.isEmpty && result.resultChanges.isEmpty)
        #expect(result.text().contains("No differences"))
    }

    @Test("removing a line from case118 is reported as exactly that, and the flows it moved")
    func removedLine() async throws {
        let grid = try Fixtures.grid("case118")
        var edited = grid
        let k = edited.branches.firstIndex { $0.fromBus == 12 && $0.toBus == 16 }!
        edited.branches.remove(at: k)
        let result = try await diff(grid, edited)
        #expect(result.modelChanges == [ModelChange(element: "branch 12-16", kind: .removed)])
        #expect(result.resultChanges.contains { $0.element == "bus 16" && $0.quantity == "Vm" })
        #expect(result.hasChanges)
    }

    @Test("changing a transformer tap in case30 is reported as exactly that")
    func changedTap() async throws {
        let grid = try Fixtures.grid("case30")
        var edited = grid
        // The transformer 6-9 (written with TAP 0, i.e. 1.0 in this case file) set to 1.05.
        let k = edited.branches.firstIndex { $0.fromBus == 6 && $0.toBus == 9 }!
        edited.branches[k].tapRatio = 1.05
        let result = try await diff(grid, edited)
        #expect(result.modelChanges.count == 1)
        #expect(result.modelChanges.first?.element == "branch 6-9")
        #expect(result.modelChanges.first?.field == "TAP")
        #expect(result.modelChanges.first?.old == 1 && result.modelChanges.first?.new == 1.05)
        #expect(result.resultChanges.contains { $0.element == "bus 9" && $0.quantity == "Vm" })
    }

    @Test("adding a generator and scaling a load are each reported exactly")
    func addedGeneratorAndScaledLoad() async throws {
        let grid = try Fixtures.grid("case118")
        var withGenerator = grid
        withGenerator.generators.append(Generator(bus: 20, activePowerMW: 50, maximumActivePowerMW: 100))
        let added = try await diff(grid, withGenerator)
        #expect(added.modelChanges == [ModelChange(element: "generator at bus 20", kind: .added)])
        var scaled = grid
        let b = scaled.buses.firstIndex { $0.id == 59 }!
        scaled.buses[b].demandMW *= 1.2
        let load = try await diff(grid, scaled)
        #expect(load.modelChanges.count == 1)
        #expect(load.modelChanges.first?.element == "bus 59" && load.modelChanges.first?.field == "PD")
        #expect(load.resultChanges.contains { $0.quantity == "losses" || $0.element.hasPrefix("generator") })
    }

    @Test("switching a branch out is reported as switched out, not removed")
    func switchedOut() async throws {
        let grid = try Fixtures.grid("case30")
        var edited = grid
        edited.branches[5].inService = false
        let result = try await diff(grid, edited)
        #expect(result.modelChanges.count == 1 && result.modelChanges[0].kind == .switchedOut)
    }

    @Test("grids that cannot be matched are an explanation, not thousands of rows")
    func unmatched() async throws {
        let grid = try Fixtures.grid("case118")
        var otherBase = grid
        otherBase.baseMVA = 1000
        #expect(throws: GridMatchError.self) { _ = try ModelDiff.compare(old: grid, new: otherBase) }
        var renumbered = grid
        for b in renumbered.buses.indices { renumbered.buses[b].id += 1000 }
        #expect(throws: GridMatchError.self) { _ = try ModelDiff.compare(old: grid, new: renumbered) }
    }
}

@Suite("Model diff details")
struct ModelDiffDetailTests {
    @Test("the Q of a generator on a PQ bus is an input and is compared; at a PV bus it is not")
    func reactiveSetPoint() throws {
        var grid = try Fixtures.grid("case9")
        grid.generators.append(Generator(bus: 5, activePowerMW: 10, reactivePowerMvar: 2))
        var edited = grid
        edited.generators[3].reactivePowerMvar = 5   // on PQ bus 5
        edited.generators[1].reactivePowerMvar += 7  // on PV bus 2: a result, ignored
        let changes = try ModelDiff.compare(old: grid, new: edited)
        #expect(changes == [ModelChange(element: "generator at bus 5", kind: .changed, field: "QG", old: 2, new: 5, unit: "Mvar")])
    }
}

@Suite("Element identity")
struct ElementIDTests {
    @Test("every element's text reads back to the same identity", arguments: [
        ElementID.grid, .bus(12), .branch(BranchKey(from: 12, to: 16, order: 1)), .branch(BranchKey(from: 3, to: 4, order: 2)),
        .generator(GeneratorKey(bus: 4, order: 1)), .generator(GeneratorKey(bus: 4, order: 3)), .plant("wind north"),
        .storage("battery-1"),
    ])
    func roundTrip(id: ElementID) {
        #expect(ElementID(id.description) == id)
    }

    @Test("texts that name no element are refused", arguments: ["", "bus", "bus x", "branch 1", "branch 1-2 (#x)", "generator at 4", "line 1-2"])
    func refused(text: String) {
        #expect(ElementID(text) == nil)
    }
}
