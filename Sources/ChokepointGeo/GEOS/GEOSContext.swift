import CGEOS

/// One reentrant GEOS context. Every geometry keeps its context alive, and a context
/// is not `Sendable`: each task makes its own, which is what GEOS's `_r` API requires.
///
/// GEOS reports failures by calling a message handler and returning a null/sentinel
/// value; with no handler it fails silently. The handler here records GEOS's text so
/// that every failing call becomes a `GEOSError` carrying GEOS's own message.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let inbox: MessageInbox

    /// Collects messages from the C callback, which cannot capture Swift state and so
    /// reaches this object through GEOS's userdata pointer.
    final class MessageInbox {
        var lastError: String?
        var notices: [String] = []
    }

    public init() throws(GEOSError) {
        guard let handle = GEOS_init_r() else { throw .contextUnavailable }
        self.handle = handle
        self.inbox = MessageInbox()
        // The inbox is owned by self and so outlives every callback made through `handle`.
        let userdata = Unmanaged.passUnretained(inbox).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<MessageInbox>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, userdata)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            let inbox = Unmanaged<MessageInbox>.fromOpaque(userdata).takeUnretainedValue()
            // Notices (e.g. "Self-intersection at ...") explain a later failure; keep a few.
            if inbox.notices.count >= 16 { inbox.notices.removeFirst() }
            inbox.notices.append(String(cString: message))
        }, userdata)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The error for a GEOS call that just failed, with GEOS's message; clears it.
    func failure(_ operation: String) -> GEOSError {
        let message = inbox.lastError ?? inbox.notices.last ?? "GEOS reported no message"
        inbox.lastError = nil
        return .library(operation: operation, message: message)
    }

    /// Clears stale messages before a call whose failure we want to attribute precisely.
    func clearMessages() {
        inbox.lastError = nil
        inbox.notices.removeAll(keepingCapacity: true)
    }

    /// Notices GEOS emitted since the last `clearMessages()` (validity reasons, for instance).
    var notices: [String] { inbox.notices }

    /// Frees a GEOS-allocated C string and returns it as a Swift string.
    func takeString(_ pointer: UnsafeMutablePointer<CChar>) -> String {
        defer { GEOSFree_r(handle, pointer) }
        return String(cString: pointer)
    }
}
