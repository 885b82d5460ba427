extension Grid {
    /// The part of the grid on the buses at `positions` (ascending): those buses, the branches between two of them,
    /// the generators (and their costs) at them, in table order. Bus numbers are kept.
    public func subgrid(buses positions: [Int]) -> Grid {
        let ids = Set(positions.map { buses[$0].id })
        let generatorIndices = generators.indices.filter { ids.contains(generators[$0].bus) }
        return Grid(
            name: name, baseMVA: baseMVA, buses: positions.map { buses[$0] },
            branches: branches.filter { ids.contains($0.fromBus) && ids.contains($0.toBus) },
            generators: generatorIndices.map { generators[$0] },
            generatorCosts: generatorCosts.count == generators.count ? generatorIndices.map { generatorCosts[$0] } : [],
            busNames: busNames.count == buses.count ? positions.map { busNames[$0] } : [])
    }
}
