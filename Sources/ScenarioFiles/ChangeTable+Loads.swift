import GridFormats
import GridModel
import Twin

extension ChangeTable {
    /// The load factors of `steps` steps, label k (in order of appearance) giving step k − 1, with MATPOWER's
    /// `apply_changes` semantics for load tables: each label changes the base case; `CT_TLOAD` addresses a bus
    /// number (0: every bus), `CT_TAREALOAD` an area (or, with `zones`, a zone; 0: every one); `CT_REP` sets the
    /// addressed total active demand, `CT_REL` scales it, `CT_ADD` adds to it; `*_PQ` columns scale Q with P,
    /// `*_P` columns leave Q. Other tables are errors (a time series changes loads).
    ///
    /// - Throws: a message naming the offending line.
    package func loadFactors(of grid: Grid, steps: Int, zones: Bool = false, file: String) throws(CaseFileError) -> LoadFactors {
        let labels = labels
        guard labels.count >= steps else {
            throw CaseFileError(file: file, message: "the table has \(labels.count) labels; the scenario's horizon has \(steps) steps")
        }
        let groupOf: (Bus) -> Int = zones ? { $0.zone } : { $0.area }
        // Groups: each area (zone), and each bus a CT_TLOAD change names on its own (it keeps its area's changes).
        let lookup = grid.busLookup()
        var ownGroup = Set<Int>()
        for change in changes {
            guard change.table == .load || change.table == .areaLoad else {
                throw CaseFileError(file: file, line: change.line, message: "table: only load changes (CT_TLOAD, CT_TAREALOAD) drive a scenario's loads")
            }
            guard LoadQuantity(rawValue: change.column) != nil else {
                throw CaseFileError(file: file, line: change.line, message: "col: \(change.column) is not a CT_LOAD_* code")
            }
            if change.table == .load, change.row != 0 {
                guard let b = lookup[change.row] else {
                    throw CaseFileError(file: file, line: change.line, message: "row: bus \(change.row) does not exist")
                }
                ownGroup.insert(b)
            }
            if change.table == .areaLoad, change.row != 0, !grid.buses.contains(where: { groupOf($0) == change.row }) {
                throw CaseFileError(file: file, line: change.line, message: "row: no bus is in \(zones ? "zone" : "area") \(change.row)")
            }
        }
        var groupKeys: [String: Int] = [:]
        var busGroup = [Int](repeating: 0, count: grid.buses.count)
        var groupArea: [Int] = [], groupBus: [Int?] = []
        var baseP: [Double] = [], baseQ: [Double] = []
        for (b, bus) in grid.buses.enumerated() {
            let key = ownGroup.contains(b) ? "bus \(b)" : "area \(groupOf(bus))"
            let g = groupKeys[key] ?? {
                groupKeys[key] = groupArea.count
                groupArea.append(groupOf(bus))
                groupBus.append(ownGroup.contains(b) ? bus.id : nil)
                baseP.append(0)
                baseQ.append(0)
                return groupArea.count - 1
            }()
            busGroup[b] = g
            baseP[g] += bus.demandMW
            baseQ[g] += bus.demandMvar
        }
        let groups = groupArea.count
        var activeFactors = [[Double]](repeating: [Double](repeating: 1, count: steps), count: groups)
        var reactiveFactors = activeFactors
        let stepOfLabel = Dictionary(uniqueKeysWithValues: labels.prefix(steps).enumerated().map { ($1, $0) })
        // Changes of one label, in file order.
        var byStep = [[Change]](repeating: [], count: steps)
        for change in changes { if let t = stepOfLabel[change.label] { byStep[t].append(change) } }
        for t in 0..<steps {
            for change in byStep[t] {
                let quantity = LoadQuantity(rawValue: change.column)!
                guard quantity.includesFixed else { continue }
                let members = (0..<groups).filter { g in
                    change.row == 0 || (change.table == .load ? groupBus[g] == change.row : groupArea[g] == change.row)
                }
                let total = members.reduce(0) { $0 + baseP[$1] * activeFactors[$1][t] }
                let factor: Double
                switch change.type {
                case .relative: factor = change.value
                case .replace, .add:
                    let target = change.type == .replace ? change.value : total + change.value
                    guard total != 0 else {
                        if target == 0 { continue }
                        throw CaseFileError(file: file, line: change.line, message: "newval: the addressed loads are 0 MW; they cannot be set to \(target) MW")
                    }
                    factor = target / total
                }
                guard factor.isFinite, abs(factor) <= 1e6 else {
                    throw CaseFileError(file: file, line: change.line, message: "newval: gives a load factor of \(factor)")
                }
                for g in members {
                    activeFactors[g][t] *= factor
                    if quantity.scalesReactive { reactiveFactors[g][t] *= factor }
                }
            }
        }
        // Series shared where equal (Q often keeps the base: one constant series).
        var series: [[Double]] = []
        var index: [[Double]: Int] = [:]
        func intern(_ values: [Double]) -> Int {
            if let i = index[values] { return i }
            index[values] = series.count
            series.append(values)
            return series.count - 1
        }
        let activeIndex = activeFactors.map(intern), reactiveIndex = reactiveFactors.map(intern)
        return LoadFactors(
            activeSeries: busGroup.map { activeIndex[$0] }, reactiveSeries: busGroup.map { reactiveIndex[$0] }, series: series)
    }
}
