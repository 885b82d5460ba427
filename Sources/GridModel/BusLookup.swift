/// Finds a bus's position in ``Grid/buses`` from its number, in O(1) without hashing when bus numbers are
/// compact (a dense table), with a dictionary otherwise.
public struct BusLookup: Sendable {
    private var dense: [Int32]
    private var sparse: [Int: Int]

    /// Indexes `buses`; a duplicated number keeps its first position.
    public init(_ buses: [Bus]) {
        let largest = buses.reduce(0) { max($0, $1.id) }
        if largest <= 8 * buses.count + 1024, buses.allSatisfy({ $0.id >= 0 }) {
            dense = [Int32](repeating: -1, count: largest + 1)
            sparse = [:]
            for (position, bus) in buses.enumerated() where dense[bus.id] < 0 {
                dense[bus.id] = Int32(position)
            }
        } else {
            dense = []
            sparse = Dictionary(buses.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Position of bus number `id`, or nil when no bus has it.
    @inlinable
    public subscript(id: Int) -> Int? {
        lookup(id)
    }

    @usableFromInline
    func lookup(_ id: Int) -> Int? {
        if !dense.isEmpty {
            guard id >= 0, id < dense.count else { return nil }
            let position = dense[id]
            return position >= 0 ? Int(position) : nil
        }
        return sparse[id]
    }
}

extension Grid {
    /// A lookup from bus number to position in ``buses``.
    public func busLookup() -> BusLookup { BusLookup(buses) }
}
