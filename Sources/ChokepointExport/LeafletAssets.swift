import ChokepointSupport
import Foundation

/// Leaflet as Debian's `libjs-leaflet` installs it (`/usr/share/javascript/leaflet`, or
/// `$CHOKEPOINT_LEAFLET_DIR`), read when map.html is written so that the page holds it whole:
/// the script and stylesheet without their source-map comments (a page that may fetch
/// nothing has no use for them), and the stylesheet with its images turned into data: URLs, so that no control ever
/// asks for `images/layers.png`.
public struct LeafletAssets: Sendable {
    public let script: String
    public let stylesheet: String
    /// The version credited on the page.
    public let version: String

    public static let defaultDirectory = "/usr/share/javascript/leaflet"

    /// BSD-2-Clause asks that the notice, the conditions and the disclaimer travel with the code.
    public static let notice = """
        Leaflet, https://leafletjs.com/ (Debian libjs-leaflet, /usr/share/doc/libjs-leaflet/copyright)
        Copyright (c) 2010-2019, Vladimir Agafonkin
        Copyright (c) 2010-2011, CloudMade
        All rights reserved.

        Redistribution and use in source and binary forms, with or without modification, are
        permitted provided that the following conditions are met:

           1. Redistributions of source code must retain the above copyright notice, this list of
              conditions and the following disclaimer.

           2. Redistributions in binary form must reproduce the above copyright notice, this list
              of conditions and the following disclaimer in the documentation and/or other materials
              provided with the distribution.

        THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
        EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
        MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
        COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
        EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE
        GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED
        AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
        NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF
        ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
        """

    public init(script: String, stylesheet: String, version: String) {
        self.script = script
        self.stylesheet = stylesheet
        self.version = version
    }

    /// Reads the installed Leaflet; a missing one is an error that says how to install it.
    public static func installed(directory: String? = nil) throws(InputError) -> LeafletAssets {
        let dir = directory ?? ProcessInfo.processInfo.environment["CHOKEPOINT_LEAFLET_DIR"] ?? defaultDirectory
        func read(_ name: String) throws(InputError) -> Data {
            let path = (dir as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(
                    InputLocation(file: path),
                    "map.html needs Leaflet and it is not there: install Debian's libjs-leaflet (scripts/install-deps does), or set CHOKEPOINT_LEAFLET_DIR to a folder with leaflet.min.js, leaflet.css and images/")
            }
            return data
        }
        let script = Self.droppingLines(try read("leaflet.min.js"), prefix: "//# sourceMappingURL=")
        var css = Self.droppingLines(try read("leaflet.css"), prefix: "/*# sourceMappingURL=")
        for image in ["layers.png", "layers-2x.png", "marker-icon.png"] {
            let url = "data:image/png;base64," + (try read("images/" + image)).base64EncodedString()
            css = css.replacingOccurrences(of: "url(images/\(image))", with: "url(\(url))")
        }
        // The version credited: Debian's package version when the default folder is used
        // (Debian's 1.7.1~dfsg-7 build says `L.version = "1.6.0"`, so the script's own string
        // would mislead), else the `L.version` the script sets (`t.version="…"`).
        var version = "unknown version"
        if let range = script.range(of: ".version=\"") {
            let rest = script[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { version = String(rest[..<end]) }
        }
        if dir == defaultDirectory, let debian = debianVersion() { version = "\(debian) (Debian libjs-leaflet)" }
        return LeafletAssets(script: script, stylesheet: css, version: version)
    }

    /// The file's text without the lines that begin with `prefix` (worked on bytes: the
    /// script is 140 KB on one line or two).
    static func droppingLines(_ data: Data, prefix: String) -> String {
        let p = Array(prefix.utf8), bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            if !bytes[start..<end].starts(with: p) { out += bytes[start..<end] }
            start = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `libjs-leaflet`'s version as dpkg records it; nil off Debian.
    static func debianVersion(status: String = "/var/lib/dpkg/status") -> String? {
        guard let data = FileManager.default.contents(atPath: status) else { return nil }
        // The one stanza is found by search: the file is about 1 MB and read on every run,
        // so it is not split into its thousands of stanzas.
        let text = String(decoding: data, as: UTF8.self), key = "Package: libjs-leaflet\n"
        guard let package = text.hasPrefix(key) ? text.startIndex..<text.startIndex : text.range(of: "\n" + key) else { return nil }
        let stanzaEnd = text.range(of: "\n\n", range: package.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        guard let version = text.range(of: "\nVersion: ", range: package.lowerBound..<stanzaEnd) else { return nil }
        return String(text[version.upperBound..<(text[version.upperBound..<stanzaEnd].firstIndex(of: "\n") ?? stanzaEnd)])
    }
}
