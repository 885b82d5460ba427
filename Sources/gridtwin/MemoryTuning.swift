#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for a numeric tool that allocates and frees the same large arrays again and
/// again (a solver rebuilt per topology, a time series, contingencies).
enum MemoryTuning {
    /// Keeps freed memory in the heap instead of returning it to the kernel, so that re-allocations do not pay
    /// for fresh page faults (glibc otherwise maps every array above 128 KiB anew and unmaps it on free).
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which Swift's Glibc module does not import: look it up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1  // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
        _ = mallopt(mmapThreshold, 512 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
