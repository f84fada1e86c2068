import CLibgit2

/// Everything that can go wrong reading git, each as one clear sentence.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    case notARepository(path: String)
    case unknownRevision(String)
    /// A revision asked of a repository that has no commit at all.
    case noCommits(String)
    case notTrusted(path: String)
    case missingObject(String)
    case unsupportedExtension(String)
    case shallow(boundary: String)
    case notFound(String)
    case failed(function: String, message: String)

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "not a git repository (or any parent up to /): \(path)"
        case .unknownRevision(let rev):
            return "unknown revision '\(rev)'"
        case .noCommits(let rev):
            return "unknown revision '\(rev)': the repository has no commits yet"
        case .notTrusted(let path):
            return "repository \(path) is owned by another user; trust it with "
                + "`git config --global --add safe.directory \(path)` (libgit2 1.5 ignores '*')"
        case .missingObject(let what):
            return "object \(what) is missing from the repository (a partial clone?); fetch without a `filter:`"
        case .unsupportedExtension(let message):
            return "the repository uses a git extension libgit2 1.5 cannot read: \(message)"
        case .shallow(let boundary):
            return
                "history too shallow: it ends at \(boundary) — fetch the full history (actions/checkout: fetch-depth: 0)"
        case .notFound(let message):
            return message
        case .failed(let function, let message):
            return "\(function) failed: \(message)"
        }
    }

    /// The last libgit2 error of this thread, read right after a failing call.
    static func last(_ function: String, code: Int32) -> GitError {
        let message: String
        if let error = git_error_last(), let text = error.pointee.message {
            message = String(cString: text)
        } else {
            message = "error \(code)"
        }
        return .failed(function: function, message: message)
    }
}

@inline(__always)
func check(_ code: Int32, _ function: String) throws(GitError) {
    if code < 0 { throw GitError.last(function, code: code) }
}
