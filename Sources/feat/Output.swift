import FeatJSON
import FeatRender

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the terminal: results on stdout, messages and progress on stderr.
enum Output {
    static func out(_ text: String) {
        write(STDOUT_FILENO, text)
    }

    /// A JSON document on stdout, written from its bytes.
    static func out(_ json: JSON) {
        var bytes = json.serializedBytes()
        write(STDOUT_FILENO, &bytes)
    }

    /// `{"ok": null, "error": {"kind", "message", "paths"}}` on stdout: what a command that
    /// prints JSON says when it cannot run (exit 2), so a CI step reading stdout gets JSON.
    static func jsonError(kind: String, message: String, paths: [String]) {
        out(
            JSON.object([
                ("ok", .null),
                (
                    "error",
                    .object([
                        ("kind", .string(kind)), ("message", .string(message)),
                        ("paths", .array(paths.map(JSON.string))),
                    ])
                ),
            ]))
    }

    static func error(_ message: String) {
        write(STDERR_FILENO, "feat: error: \(message)\n")
    }

    static func warning(_ message: String) {
        write(STDERR_FILENO, "feat: warning: \(message)\n")
    }

    static func progress(_ text: String) {
        write(STDERR_FILENO, text)
    }

    static func note(_ message: String) {
        write(STDERR_FILENO, message + "\n")
    }

    /// Writes every byte, retrying on short writes; a closed pipe ends quietly.
    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        write(fd, &bytes)
    }

    static func write(_ fd: Int32, _ bytes: inout [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    /// Colour on a terminal, or wherever `FORCE_COLOR`/`CLICOLOR_FORCE` ask for it, never with
    /// `NO_COLOR` alone (`RunEnvironment.colour` has the precedence).
    static let style = Style(colour: RunEnvironment.current.colour(onTerminal: isatty(STDOUT_FILENO) == 1))

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
