import GridModel

/// One change a what-if fork makes (`PATCH /v1/forks/{id}`), exactly one target:
/// `{"branch": ROW, "in_service": false}`, `{"bus": ID, "load_mw": 50, "load_mvar": 10}`,
/// `{"generator": ROW, "p_mw": 80, "vm_pu": 1.02, "in_service": true}` (ROW 1-based, as in the case file).
public struct ForkEdit: Sendable, Codable, Equatable {
    public var branch: Int?
    public var bus: Int?
    public var generator: Int?
    public var inService: Bool?
    public var loadMW: Double?
    public var loadMvar: Double?
    public var pMW: Double?
    public var vmPU: Double?

    enum CodingKeys: String, CodingKey {
        case branch, bus, generator
        case inService = "in_service"
        case loadMW = "load_mw"
        case loadMvar = "load_mvar"
        case pMW = "p_mw"
        case vmPU = "vm_pu"
    }

    public init(branch: Int? = nil, bus: Int? = nil, generator: Int? = nil, inService: Bool? = nil, loadMW: Double? = nil,
                loadMvar: Double? = nil, pMW: Double? = nil, vmPU: Double? = nil) {
        self.branch = branch
        self.bus = bus
        self.generator = generator
        self.inService = inService
        self.loadMW = loadMW
        self.loadMvar = loadMvar
        self.pMW = pMW
        self.vmPU = vmPU
    }

    /// Applies `edits` to `grid` in order, or says which one (`edits[i]`) and which field is wrong (`grid` is then
    /// partly edited: work on a copy).
    public static func apply(_ edits: [ForkEdit], to grid: inout Grid) throws(RequestProblem) {
        for (i, edit) in edits.enumerated() {
            do {
                try edit.apply(to: &grid)
            } catch {
                throw RequestProblem("edits[\(i)]: \(error.description)")
            }
        }
    }

    /// Applies the edit to `grid`, or says which field is wrong.
    public func apply(to grid: inout Grid) throws(RequestProblem) {
        let targets = [branch, bus, generator].compactMap { $0 }
        guard targets.count == 1 else { throw RequestProblem("an edit names exactly one of branch, bus, generator") }
        for (name, value) in [("load_mw", loadMW), ("load_mvar", loadMvar), ("p_mw", pMW), ("vm_pu", vmPU)] {
            if let value, !(value.isFinite && abs(value) < 1e7) { throw RequestProblem("\(name): '\(value)' is not a finite number") }
        }
        if let vmPU, !(0.5...1.5).contains(vmPU) { throw RequestProblem("vm_pu: \(vmPU) is outside 0.5...1.5") }
        if let row = branch {
            guard let k = grid.branchIndex(row: row) else {
                throw RequestProblem("branch: row \(row) does not exist (1...\(grid.branches.count))")
            }
            guard loadMW == nil, loadMvar == nil, pMW == nil, vmPU == nil, let inService else {
                throw RequestProblem("branch: only in_service can change")
            }
            grid.branches[k].inService = inService
        } else if let id = bus {
            guard let b = grid.buses.firstIndex(where: { $0.id == id }) else { throw RequestProblem("bus: \(id) does not exist") }
            guard inService == nil, pMW == nil, vmPU == nil, loadMW != nil || loadMvar != nil else {
                throw RequestProblem("bus: only load_mw and load_mvar can change")
            }
            if let loadMW { grid.buses[b].demandMW = loadMW }
            if let loadMvar { grid.buses[b].demandMvar = loadMvar }
        } else if let row = generator {
            guard let g = grid.generatorIndex(row: row) else {
                throw RequestProblem("generator: row \(row) does not exist (1...\(grid.generators.count))")
            }
            guard loadMW == nil, loadMvar == nil, inService != nil || pMW != nil || vmPU != nil else {
                throw RequestProblem("generator: in_service, p_mw and vm_pu can change")
            }
            if let inService { grid.generators[g].inService = inService }
            if let pMW { grid.generators[g].activePowerMW = pMW }
            if let vmPU { grid.generators[g].voltageSetpointPU = vmPU }
        }
    }
}
