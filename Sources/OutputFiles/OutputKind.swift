import Foundation

/// A kind of output file: its name in messages and how to recognise an earlier file of this kind written by GridTwin
/// (the only kind of existing file an output may replace).
public struct OutputKind: Sendable {
    public var name: String
    /// A text that GridTwin writes into every file of this kind.
    public var signature: String

    public init(name: String, signature: String) {
        self.name = name
        self.signature = signature
    }

    /// Whether `contents` is a file of this kind that GridTwin wrote.
    public func isOwn(_ contents: Data) -> Bool {
        contents.range(of: Data(signature.utf8)) != nil
    }

    /// The marker line GridTwin writes into text outputs that have room for a comment.
    public static let writtenBy = "Written by GridTwin."

    /// A MATPOWER case file (`convert`, `solve --save`).
    public static let matpowerCase = OutputKind(name: "MATPOWER case", signature: writtenBy)
    /// A JUnit XML report.
    public static let junit = OutputKind(name: "JUnit report", signature: writtenBy)
    /// A contingency study's shard file (`contingency --shard I/N --out`) and a merged result (`merge`).
    public static let contingencyShard = OutputKind(name: "contingency result", signature: "\"contingencies\" : [")
    /// A hosting-capacity shard file (`hosting-capacity --shard I/N --out`) and a merged result (`merge`).
    public static let hostingCapacity = OutputKind(name: "hosting-capacity result", signature: "\"capacity_mw\" : ")
    /// A sweep's shard file (`sweep --shard I/N --out`) and a merged result (`merge`).
    public static let sweep = OutputKind(name: "sweep result", signature: "\"curtailed_mwh\" : ")
    /// A baseline check's shard file (`baseline check --list --shard I/N --out`) and a merged result (`merge`).
    public static let baselineCheck = OutputKind(name: "baseline-check result", signature: "\"security_changes\" : ")
    /// A baseline (`baseline save`).
    public static let baseline = OutputKind(name: "baseline", signature: "\"format\": \"gridtwin-baseline-")
}
