import ChokepointSupport
import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGHUP end the run cleanly: every unfinished output file
/// (`TemporaryFiles`) is removed, the user is told on stderr, and the exit status is
/// 128 + the signal (130 for Ctrl-C), as shells expect. Files already renamed into place
/// are complete and stay. The handlers run on a dispatch queue, not in signal context, so
/// they may take a lock and print.
enum InterruptCleanup {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let removed = TemporaryFiles.removeAll()
                let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
                FileHandle.standardError.write(
                    Data("chokepoint: stopped by \(name); removed \(removed) unfinished output file(s)\n".utf8))
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
