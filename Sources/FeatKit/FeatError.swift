import FeatGit

/// Every reason a command could not run (exit 2), each one clear sentence.
public enum FeatError: Error, Sendable, CustomStringConvertible {
    case notAFeatureRepository(path: String)
    case notAGitRepository(path: String)
    case git(GitError)
    case invalidConfig(path: String, line: Int?, message: String)
    /// The merge base's policy cannot judge a pull request; `path` is `<short sha>:<path in the tree>`.
    case invalidBaseConfig(path: String, line: Int?, message: String)
    case unknownFeature(name: String, suggestion: String?)
    case needsWorkingTree(command: String)
    case historyTooShallow(boundary: String, needed: String)
    case noCommitAtOrBefore(date: String)
    case invalidArgument(String)
    case io(path: String, message: String)
    case alreadyExists(path: String)
    /// Files `feat new` would write and will not (a family member that exists): one line each.
    case nothingWritten(for: String, problems: [String])
    /// Merging the head into the base tip conflicts at files the check judges: each conflict
    /// with every path it involves (a file one side renamed, or added inside a folder the other
    /// side renamed, has two).
    case mergeConflicts([[String]])
    /// The head and the base share no history: there is no merge to judge.
    case unrelatedHistories(head: String, base: String)
    /// `feat COMMAND` needs files on disk and this is a bare repository: the description says
    /// what that command can do instead (only list and show take `--at`).
    case bareRepository(command: String)

    public var description: String {
        switch self {
        case .notAFeatureRepository(let path):
            return "not a feature repository (no .featurerepo/ in \(path) or any parent); run `feat init` first"
        case .notAGitRepository(let path):
            return "\(path) is not inside a git repository; feat reads features from git (run `git init`)"
        case .git(.shallow(let boundary)):
            return FeatError.historyTooShallow(boundary: boundary, needed: "this").description
        case .git(let error):
            return error.description
        case .invalidConfig(let path, let line, let message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .invalidBaseConfig(let path, let line, let message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message) — "
                + "this is the base's policy, which judges the "
                + "pull request, so it cannot be fixed inside one: merge the fix to the base branch on its own first "
                + "(nothing in a pull request may choose the rules that judge it)"
        case .unknownFeature(let name, let suggestion):
            return "no feature named '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .needsWorkingTree(let command):
            return "`feat \(command)` needs a working tree; this is a bare repository (use --at REV to read a revision)"
        case .historyTooShallow(let boundary, let needed):
            return
                "history too shallow: \(needed) needs commits older than the shallow boundary \(boundary.prefix(12)) — "
                + "fetch the full history (actions/checkout: fetch-depth: 0, or `git fetch --unshallow`)"
        case .noCommitAtOrBefore(let date):
            return "no first-parent commit at or before \(date)"
        case .invalidArgument(let message):
            return message
        case .io(let path, let message):
            return "\(path): \(message)"
        case .alreadyExists(let path):
            return "\(path) already exists; not overwriting it"
        case .unrelatedHistories(let head, let base):
            return "no merge base: \(head) and \(base) share no history, so there is no merge to judge"
        case .nothingWritten(let what, let problems):
            return "nothing written for \(what), \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
                + problems.map { "  " + $0 }.joined(separator: "\n")
        case .mergeConflicts(let conflicts):
            let paths = conflicts.map { $0.joined(separator: " / ") }
            let shown =
                paths.prefix(10).joined(separator: ", ") + (paths.count > 10 ? " and \(paths.count - 10) more" : "")
            return "merging the head into the base conflicts at \(shown): the merge cannot be judged; "
                + "rebase onto the base (or merge it in), resolve, and run again"
        case .bareRepository(let command):
            return "`feat \(command)` needs a working tree; this is a bare repository — "
                + FeatError.insteadOfWorkingTree(command)
        }
    }

    /// What a command that needs a working tree can do in a bare repository instead.
    static func insteadOfWorkingTree(_ command: String) -> String {
        switch command {
        case "validate":
            return "validate a checkout of it (`git worktree add ../checkout`), "
                + "or judge a revision with `feat check --base BASE --head REV`"
        case "diff":
            return "name both sides: `feat diff BASE HEAD`"
        default:
            return "it writes files: run it in a clone with a working tree"
        }
    }
}

/// Runs a git operation, turning its error into a `FeatError`.
@inline(__always)
func git<T>(_ body: () throws(GitError) -> T) throws(FeatError) -> T {
    do {
        return try body()
    } catch {
        throw .git(error)
    }
}

extension FeatError {
    /// What kind of reason stopped `feat check`, as its JSON names it (SPEC §8):
    /// `conflict`, `unrelated`, `shallow`, `policy`, `revision`, `lock` or `usage`.
    public var kind: String {
        switch self {
        case .mergeConflicts: return "conflict"
        case .unrelatedHistories: return "unrelated"
        case .historyTooShallow, .git(.shallow): return "shallow"
        case .invalidConfig, .invalidBaseConfig: return "policy"
        case .git(.unknownRevision), .git(.noCommits), .git(.notFound): return "revision"
        default: return "usage"
        }
    }

    /// The files the reason names, where it names some: each path once, in order.
    public var paths: [String] {
        if case .mergeConflicts(let conflicts) = self { return Set(conflicts.joined()).sorted() }
        return []
    }
}
