import Foundation

/// What a run of feat was started with: the environment variables the commands read, read
/// once, and the running binary.
struct RunEnvironment: Sendable {
    let variables: [String: String]

    static let current = RunEnvironment(variables: ProcessInfo.processInfo.environment)

    /// A variable that is set and not empty (an empty value counts as unset, as no-color.org
    /// and force-color.org say).
    func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Whether results on stdout are coloured. `FORCE_COLOR` forces colour, even over
    /// `NO_COLOR` (force-color.org); `NO_COLOR` turns it off (no-color.org); `CLICOLOR_FORCE`
    /// forces it where `NO_COLOR` is not set (bixense.com/clicolors); otherwise colour goes to a
    /// terminal only. `FORCE_COLOR=0`, `FORCE_COLOR=false` and `CLICOLOR_FORCE=0` force nothing.
    func colour(onTerminal: Bool) -> Bool {
        if let force = value("FORCE_COLOR"), !["0", "false"].contains(force.lowercased()) { return true }
        if value("NO_COLOR") != nil { return false }
        if let force = value("CLICOLOR_FORCE"), force != "0" { return true }
        return onTerminal
    }

    /// `FEAT_PROFILE`: print how long each phase took, on stderr.
    var profile: Bool { variables["FEAT_PROFILE"] != nil }

    /// `FEAT_WORKERS`: how many processes a long history walk uses.
    var workers: Int? { value("FEAT_WORKERS").flatMap(Int.init) }

    /// `GIT_AUTHOR_EMAIL`, which git itself prefers to `user.email`.
    var authorEmail: String? { value("GIT_AUTHOR_EMAIL") }

    /// The absolute path of the running binary (symbolic links resolved).
    static let executablePath: String = {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        let argument = CommandLine.arguments.first ?? "feat"
        if !argument.contains("/") {
            let folders = (current.variables["PATH"] ?? "").split(separator: ":")
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(argument)") {
                return URL(fileURLWithPath: "\(folder)/\(argument)").resolvingSymlinksInPath().path
            }
        }
        return URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath().path
    }()

    /// How a user at a shell runs this binary: `feat` when that name on `PATH` is this binary,
    /// else its absolute path (after `swift run`, or a build not installed), quoted for a shell.
    var command: String {
        let executable = Self.executablePath
        for folder in (variables["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/feat"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            return resolved == executable ? "feat" : Self.shellQuoted(executable)
        }
        return Self.shellQuoted(executable)
    }

    /// A word as a POSIX shell reads it back.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+,:@%".contains($0)) }
        if plain, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
