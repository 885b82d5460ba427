import GridModel
/// Runs independent pieces of CPU-bound work as child tasks (Swift concurrency's pool has one thread per core)
/// and returns their results in input order.
enum ParallelWork {
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @escaping @Sendable (Element) throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            for (index, element) in elements.enumerated() {
                group.addTask { (index, try transform(element)) }
            }
            var results = [Result?](repeating: nil, count: elements.count)
            for try await (index, value) in group { results[index] = value }
            return results.map { $0! }
        }
    }
}
