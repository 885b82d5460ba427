#if canImport(Glibc)
import Glibc
#endif

/// Hands the C heap's free pages back to the operating system now and then (glibc's `malloc_trim`), so that a server
/// that reads multi-megabyte frames on several threads keeps a resident size that follows what it holds, instead of
/// the high-water mark of each thread's arena.
enum HeapTrimmer {
    /// Trims every `seconds` until the task is cancelled (nothing where the C library is not glibc).
    static func run(everySeconds seconds: Double) async {
        #if canImport(Glibc)
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            malloc_trim(0)
        }
        #endif
    }
}
