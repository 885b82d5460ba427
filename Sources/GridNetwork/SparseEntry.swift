/// One entry of a sparse matrix under assembly.
public struct SparseEntry<Value: Sendable>: Sendable {
    public var row: Int
    public var column: Int
    public var value: Value

    public init(row: Int, column: Int, value: Value) {
        self.row = row
        self.column = column
        self.value = value
    }
}
