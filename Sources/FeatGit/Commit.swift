import CLibgit2
import Foundation
import GitID

/// A person and an email, decoded leniently (bad UTF-8 is repaired, never fatal).
public struct Signature: Sendable, Hashable {
    public var name: String
    public var email: String
    /// Seconds since the epoch.
    public var time: Int64

    public init(name: String, email: String, time: Int64) {
        self.name = name
        self.email = email
        self.time = time
    }

    init(_ pointer: UnsafePointer<git_signature>) {
        name = pointer.pointee.name.map { decodeLenient($0) } ?? ""
        email = pointer.pointee.email.map { decodeLenient($0) } ?? ""
        time = Int64(pointer.pointee.when.time)
    }
}

func decodeLenient(_ pointer: UnsafePointer<CChar>) -> String {
    let length = strlen(pointer)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

/// What feat needs to know about one commit.
public struct CommitInfo: Sendable, Hashable {
    public var id: ObjectID
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    /// The first line of the message.
    public var summary: String

    /// The committer date, which orders first-parent history.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(committer.time)) }
}

extension Repository {
    /// Reads a commit. A missing commit below a shallow boundary reports the shallow history.
    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try withCommit(id) { commit in
            var parents: [ObjectID] = []
            for i in 0..<git_commit_parentcount(commit) {
                if let p = git_commit_parent_id(commit, i) { parents.append(ObjectID(p)) }
            }
            let summary = git_commit_summary(commit).map { decodeLenient($0) } ?? ""
            return CommitInfo(
                id: id, tree: ObjectID(git_commit_tree_id(commit)), parents: parents,
                author: Signature(git_commit_author(commit)), committer: Signature(git_commit_committer(commit)),
                summary: summary)
        }
    }

    /// The tree id and first parent of a commit, the least a history walk needs.
    public func treeAndFirstParent(_ id: ObjectID) throws(GitError) -> (tree: ObjectID, parent: ObjectID?) {
        try withCommit(id) { commit in
            let parent = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0).map(ObjectID.init) : nil
            return (ObjectID(git_commit_tree_id(commit)), parent)
        }
    }

    /// A commit as a step of a first-parent walk, and its first parent.
    public func firstParentStep(_ id: ObjectID) throws(GitError) -> (step: FirstParentStep, parent: ObjectID?) {
        try withCommit(id) { commit in
            let parent = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0).map(ObjectID.init) : nil
            let step = FirstParentStep(
                commit: id, tree: ObjectID(git_commit_tree_id(commit)), author: Signature(git_commit_author(commit)),
                time: Int64(git_commit_time(commit)), isMerge: git_commit_parentcount(commit) > 1)
            return (step, parent)
        }
    }

    func withCommit<T>(_ id: ObjectID, _ body: (OpaquePointer) -> T) throws(GitError) -> T {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, handle, &oid)
        guard code == 0, let commit else {
            if code == GIT_ENOTFOUND.rawValue {
                if !shallowBoundary.isEmpty { throw .shallow(boundary: id.description) }
                throw .missingObject("commit \(id)")
            }
            throw GitError.last("git_commit_lookup", code: code)
        }
        defer { git_commit_free(commit) }
        return body(commit)
    }

    /// The `.mailmap` of a commit's tree, as the history of that revision should use it
    /// (the worktree's copy could differ from what is analysed).
    public func mailmap(at commit: ObjectID) throws(GitError) -> Mailmap {
        var map: OpaquePointer?
        try check(git_mailmap_new(&map), "git_mailmap_new")
        guard let handle = map else { throw .failed(function: "git_mailmap_new", message: "no mailmap") }
        let mailmap = Mailmap(handle: handle)
        let tree = try self.commit(commit).tree
        guard let entry = try treeEntry(in: tree, path: ".mailmap"), entry.kind == .blob else { return mailmap }
        let bytes = try blob(entry.id)
        try bytes.withUnsafeBufferPointer { buffer throws(GitError) in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            let code = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                git_mailmap_from_buffer(&map, $0, buffer.count)
            }
            try check(code, "git_mailmap_from_buffer")
        }
        if let map { mailmap.replace(map) }
        return mailmap
    }
}

/// A `.mailmap`: canonical names and emails for those written in commits.
public final class Mailmap {
    private var handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    func replace(_ newHandle: OpaquePointer) {
        if newHandle != handle {
            git_mailmap_free(handle)
            handle = newHandle
        }
    }

    deinit { git_mailmap_free(handle) }

    /// The canonical name and email for a signature.
    public func resolve(_ signature: Signature) -> (name: String, email: String) {
        // libgit2 may answer with the very pointers it was given: decode while they live.
        signature.name.withCString { inName in
            signature.email.withCString { inEmail in
                var name: UnsafePointer<CChar>?
                var email: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&name, &email, handle, inName, inEmail) == 0, let name, let email else {
                    return (signature.name, signature.email)
                }
                return (decodeLenient(name), decodeLenient(email))
            }
        }
    }
}
