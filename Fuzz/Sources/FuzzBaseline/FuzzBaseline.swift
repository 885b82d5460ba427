import FuzzDriver
import Foundation
import Studies

/// libFuzzer entry: any bytes as a baseline file: a snapshot or an error naming the field, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBaseline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? BaselineFile.parse(Data(bytes: data, count: size), file: "fuzz.json")
    return 0
}

/// The executable's entry point (see FuzzDriver).
@_cdecl("FuzzBaseline_main")
public func fuzzBaselineMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzBaseline)
}
