import CLibgit2
import Foundation
import GitID

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum LibGit2 {
    /// libgit2 is initialised once, before any other call; a CLI never shuts it down.
    static let initialized: Bool = {
        git_libgit2_init()
        // Sparse checkouts and partial clones set this extension; reading is unaffected by it.
        let names = ["worktreeconfig"]
        var pointers = names.map { UnsafePointer(strdup($0)) }
        _ = pointers.withUnsafeMutableBufferPointer { buffer in
            feat_git_set_extensions(buffer.baseAddress, buffer.count)
        }
        // feat only reads. Re-hashing every object read (SHA-1 with collision detection) was
        // a quarter of a history walk; git itself does not verify on read either.
        _ = feat_git_set_strict_hash_verification(0)
        // No global object cache: walks keep the few trees they need open themselves
        // (TreeCache), and a cache of every object read cost more in locking, eviction and
        // memory than it saved.
        _ = feat_git_enable_caching(0)
        // Pack windows of 32 MiB (libgit2's default of 1 GiB maps a whole pack at once), at
        // most 1 GiB of them mapped (libgit2 unmaps the least recently used beyond it; git's
        // own limit is 8 GiB). Mapped pack pages are clean file pages, counted in resident
        // memory but never written. A lower limit (64 MiB, tried to keep L's history at
        // 210 MB) made a walk over every version of L's 148 MB pack map and unmap windows
        // all the time: the log of every feature spent 25 s of 110 in the kernel
        // (66 s; 42 s with this limit, history unchanged at 5 s and 285 MB, git's is 290 MB).
        _ = feat_git_set_mwindow_size(32 << 20)
        _ = feat_git_set_mwindow_mapped_limit(1 << 30)
        if let env = getenv("FEAT_TRUST_REPOSITORY"), String(cString: env) == "1" {
            _ = feat_git_set_owner_validation(0)
        }
        return true
    }()
}

/// An open git repository. Not `Sendable`: one per task; only values leave it.
public final class Repository {
    let handle: OpaquePointer
    /// The working directory with a trailing slash, or nil for a bare repository.
    public let workdir: String?
    /// The git directory of this worktree.
    public let gitDir: String
    /// The directory shared by all worktrees (holds objects, refs, `shallow`).
    public let commonDir: String
    /// Whether objects written through this handle live in memory only (`inMemoryMerger()`).
    let inMemory: Bool

    init(handle: OpaquePointer, inMemory: Bool = false) {
        self.handle = handle
        self.inMemory = inMemory
        workdir = git_repository_workdir(handle).map { String(cString: $0) }
        gitDir = String(cString: git_repository_path(handle))
        commonDir = String(cString: git_repository_commondir(handle))
    }

    /// The object database, opened on first use (`objectDatabase()`).
    private var odb: OpaquePointer?

    deinit {
        if let odb { git_odb_free(odb) }
        git_repository_free(handle)
    }

    /// The repository's object database, for reads below the object level (headers).
    func objectDatabase() throws(GitError) -> OpaquePointer {
        if let odb { return odb }
        var opened: OpaquePointer?
        try check(git_repository_odb(&opened, handle), "git_repository_odb")
        guard let opened else { throw .failed(function: "git_repository_odb", message: "no object database") }
        odb = opened
        return opened
    }

    public var isBare: Bool { workdir == nil }

    /// Whether some objects readable through this handle exist only in its memory (a merge
    /// made by `inMemoryMerger()`): another handle on the same repository cannot read them.
    public var holdsObjectsInMemory: Bool { inMemory }

    /// Opens the repository containing `path`, searching upwards.
    public static func open(discoveringFrom path: String) throws(GitError) -> Repository {
        _ = LibGit2.initialized
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, 0, nil)
        if code == 0, let handle { return Repository(handle: handle) }
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? ""
        if code == GIT_EOWNER.rawValue || message.contains("safe.directory") {
            throw .notTrusted(path: ownerPath(message: message, fallback: path))
        }
        if message.contains("extension") { throw .unsupportedExtension(message) }
        if code == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
        throw .failed(function: "git_repository_open_ext", message: message)
    }

    private static func ownerPath(message: String, fallback: String) -> String {
        // libgit2 names the path in quotes: "repository path '/x' is not owned by current user".
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        if parts.count >= 3, parts[1].hasPrefix("/") { return String(parts[1]) }
        return fallback
    }

    // MARK: revisions

    /// Resolves a single revision (branch, tag, sha, `HEAD~3`) to a commit, peeling tags.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code < 0 { throw classifyRevisionError(revision, code: code) }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else {
            throw .unknownRevision(revision + " (not a commit)")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    func classifyRevisionError(_ revision: String, code: Int32) -> GitError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? ""
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue
            || message.contains("not found") || message.contains("invalid")
        {
            if message.contains("object not found"), !shallowBoundary.isEmpty {
                return .shallow(boundary: shallowBoundary.sorted().first?.description ?? "?")
            }
            if git_repository_head_unborn(handle) == 1, revision.hasPrefix("HEAD") {
                return .noCommits(revision)
            }
            // The hint is read after the message: the calls it makes reset libgit2's last error.
            if code != GIT_EAMBIGUOUS.rawValue, let hint = revisionHint(for: revision) {
                return .notFound("unknown revision '\(revision)'" + hint.suffix)
            }
            return .unknownRevision(revision)
        }
        return .failed(function: "git_revparse", message: message)
    }

    /// Resolves `A..B`, `A...B` (from the merge base) or a single revision.
    public func resolveRange(_ spec: String) throws(GitError) -> RevisionRange {
        if spec.contains("..") {
            let symmetric = spec.contains("...")
            let parts = spec.components(separatedBy: symmetric ? "..." : "..")
            guard parts.count == 2 else { throw .unknownRevision(spec) }
            let from = try resolveCommit(parts[0].isEmpty ? "HEAD" : parts[0])
            let to = try resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
            if symmetric {
                return RevisionRange(from: try mergeBase(from, to), to: to)
            }
            return RevisionRange(from: from, to: to)
        }
        return RevisionRange(from: try resolveCommit(spec), to: nil)
    }

    /// The best common ancestor of two commits.
    ///
    /// When one commit is on the other's recent first-parent line (a pull request branched
    /// from the tip of its base, or CI's merge commit whose first parent is the base), that
    /// commit is the answer, found in a few steps: libgit2 1.5 otherwise paints the whole
    /// history without generation numbers (0.9 s on a 100,000-commit repository).
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID {
        if a == b { return a }
        for (ancestor, descendant) in [(a, b), (b, a)] {
            var next: ObjectID? = descendant
            for _ in 0..<256 {
                guard let id = next, !shallowBoundary.contains(id),
                    let parent = try? treeAndFirstParent(id).parent
                else { break }
                if parent == ancestor { return ancestor }
                next = parent
            }
        }
        var out = git_oid()
        var oa = a.oid
        var ob = b.oid
        let code = git_merge_base(&out, handle, &oa, &ob)
        if code == 0 { return ObjectID(out) }
        if !shallowBoundary.isEmpty {
            throw .shallow(boundary: shallowBoundary.sorted().first?.description ?? "?")
        }
        if code == GIT_ENOTFOUND.rawValue {
            throw .notFound("\(a) and \(b) have no common ancestor")
        }
        throw GitError.last("git_merge_base", code: code)
    }

    // MARK: shallow clones

    /// Commits whose parents are missing because the clone is shallow (`<commondir>/shallow`).
    /// Read by hand: libgit2 1.5 cannot walk shallow history and misses it in linked worktrees.
    public private(set) lazy var shallowBoundary: Set<ObjectID> = {
        let path = commonDir.hasSuffix("/") ? commonDir + "shallow" : commonDir + "/shallow"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(
            text.split(whereSeparator: \.isNewline).compactMap {
                ObjectID(hex: $0.trimmingCharacters(in: .whitespaces))
            })
    }()
}

/// A resolved revision or range: `to` is nil for a single revision.
public struct RevisionRange: Sendable, Equatable {
    public var from: ObjectID
    public var to: ObjectID?
}

extension Repository {
    /// A string from the repository's configuration (all levels), or nil when unset.
    public func configString(_ name: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
        return decodeLenient(value)
    }
}

extension Repository {
    /// Sets a string in the repository's own configuration (`.git/config`), as
    /// `git config NAME VALUE` would.
    public func setLocalConfigString(_ name: String, _ value: String) throws(GitError) {
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "git_repository_config")
        guard let config else { throw .failed(function: "git_repository_config", message: "no configuration") }
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "git_config_open_level")
        guard let local else { throw .failed(function: "git_config_open_level", message: "no local configuration") }
        defer { git_config_free(local) }
        try check(git_config_set_string(local, name, value), "git_config_set_string")
    }
}
