#if canImport(Glibc)
import Glibc
#endif

/// The BLAS that comes with GDAL. Debian's libgdal links Armadillo, which links OpenBLAS,
/// and OpenBLAS starts a pool of worker threads when the process loads, before any code of
/// ours runs; they spin (`sched_yield`) for a while before sleeping. On this 2-core machine
/// that took a core from the first tenth of a second of every run: exact betweenness on
/// 1,000 nodes 0.10 s instead of 0.05 s (measured 7 December 2026, `OPENBLAS_NUM_THREADS=1`
/// as the control). Nothing in Chokepoint calls BLAS, so the pool is shut down at start.
public enum LinkedBLAS {
    /// Stops OpenBLAS's worker threads if OpenBLAS is in the process (it restarts them
    /// itself should anything call it); does nothing otherwise.
    public static func stopIdleThreads() {
        #if canImport(Glibc)
        typealias Shutdown = @convention(c) () -> Int32
        // RTLD_DEFAULT (a null handle on glibc): the symbol wherever the process has it.
        if let symbol = dlsym(nil, "blas_thread_shutdown_") {
            _ = unsafeBitCast(symbol, to: Shutdown.self)()
        }
        #endif
    }
}
