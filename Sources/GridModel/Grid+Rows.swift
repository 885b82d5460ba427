extension Grid {
    /// The index of the branch in 1-based `row` of the case's branch table (as files, feeds and the API name it),
    /// nil when there is no such row.
    public func branchIndex(row: Int) -> Int? { row >= 1 && row <= branches.count ? row - 1 : nil }

    /// The index of the generator in 1-based `row` of the case's generator table, nil when there is no such row.
    public func generatorIndex(row: Int) -> Int? { row >= 1 && row <= generators.count ? row - 1 : nil }
}
