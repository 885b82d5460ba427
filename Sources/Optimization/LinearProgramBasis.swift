/// A simplex basis: the status of every column and every row of a linear program, in Clp's codes (0 free, 1 basic,
/// 2 at the upper bound, 3 at the lower bound, 4 superbasic, 5 fixed). Taken from one solve
/// (``LinearProgramSession/basis``) to start a related program from (``LinearProgramSession/solve(_:startingFrom:iterationLimit:)``).
package struct LinearProgramBasis: Sendable, Equatable {
    /// Per column, its status.
    package var columns: [UInt8]
    /// Per row, the status of its slack.
    package var rows: [UInt8]

    package static let basic: UInt8 = 1
    package static let atLowerBound: UInt8 = 3

    package init(columns: [UInt8], rows: [UInt8]) {
        self.columns = columns
        self.rows = rows
    }
}
