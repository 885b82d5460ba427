/// Which element of a grid a problem is about.
public enum GridElement: Sendable, Equatable, CustomStringConvertible {
    case grid
    /// Position in ``Grid/buses``.
    case bus(Int)
    /// Position in ``Grid/branches``.
    case branch(Int)
    /// Position in ``Grid/generators``.
    case generator(Int)

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .bus(let index): return "bus row \(index + 1)"
        case .branch(let index): return "branch row \(index + 1)"
        case .generator(let index): return "generator row \(index + 1)"
        }
    }
}

/// Something that makes a grid unusable for a power flow: the element, the field (MATPOWER's column name) and
/// what is wrong.
public struct GridProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var element: GridElement
    /// MATPOWER column name, e.g. `F_BUS`, or empty when the problem is not about one field.
    public var field: String
    public var message: String

    public init(element: GridElement, field: String, message: String) {
        self.element = element
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(element): \(message)" : "\(element), \(field): \(message)"
    }
}
