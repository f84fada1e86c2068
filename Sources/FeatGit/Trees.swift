import CLibgit2
import Foundation
import GitID

/// What a tree entry points at.
public enum EntryKind: Sendable, Hashable {
    case blob, tree, symlink, submodule
}

/// One entry of a tree: a name, an id, and what it is.
public struct TreeEntry: Sendable, Hashable {
    public var name: String
    public var id: ObjectID
    public var kind: EntryKind
}

/// A blob that differs between two trees; `old` or `new` is nil when added or deleted.
public struct BlobChange: Sendable, Hashable {
    /// Path relative to the compared trees.
    public var path: String
    public var old: ObjectID?
    public var new: ObjectID?

    public init(path: String, old: ObjectID?, new: ObjectID?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

/// What differs between two trees: blobs, and git links (submodules, whose ids are commits of
/// another repository), each with its path relative to the compared trees.
public struct TreeChanges: Sendable, Hashable {
    public var blobs: [BlobChange] = []
    public var gitlinks: [BlobChange] = []

    public init(blobs: [BlobChange] = [], gitlinks: [BlobChange] = []) {
        self.blobs = blobs
        self.gitlinks = gitlinks
    }
}

/// Trees kept open between consecutive diffs, so that a walk reads each tree version from
/// the object database once: a tree used in one round is still open in the next.
/// Not `Sendable`: it belongs to one repository on one thread.
public final class TreeCache {
    private var current: [ObjectID: OpaquePointer] = [:]
    private var previous: [ObjectID: OpaquePointer] = [:]

    public init() {}

    deinit {
        for tree in current.values { git_tree_free(tree) }
        for tree in previous.values { git_tree_free(tree) }
    }

    /// Starts a new round: trees not used in the last two rounds are freed.
    public func nextRound() {
        for tree in previous.values { git_tree_free(tree) }
        // Swap and clear, keeping both tables' storage: a round touches a handful of trees.
        swap(&previous, &current)
        current.removeAll(keepingCapacity: true)
    }

    func tree(_ id: ObjectID, in repo: Repository) throws(GitError) -> OpaquePointer {
        if let tree = current[id] { return tree }
        if let tree = previous.removeValue(forKey: id) {
            current[id] = tree
            return tree
        }
        let tree = try repo.lookupTree(id)
        current[id] = tree
        return tree
    }
}

extension Repository {
    func lookupTree(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, handle, &oid)
        guard code == 0, let tree else {
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject("tree \(id)") }
            throw GitError.last("git_tree_lookup", code: code)
        }
        return tree
    }

    func withTree<T>(_ id: ObjectID, cache: TreeCache? = nil, _ body: (OpaquePointer) throws(GitError) -> T)
        throws(GitError) -> T
    {
        if let cache { return try body(try cache.tree(id, in: self)) }
        let tree = try lookupTree(id)
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    static func kind(of entry: OpaquePointer) -> EntryKind {
        switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_TREE: return .tree
        case GIT_FILEMODE_LINK: return .symlink
        case GIT_FILEMODE_COMMIT: return .submodule
        default: return .blob
        }
    }

    /// The entry at a slash-separated path below a tree, or nil when there is none.
    public func treeEntry(in tree: ObjectID, path: String, cache: TreeCache? = nil) throws(GitError) -> TreeEntry? {
        // Empty components (a leading, trailing or doubled slash) are dropped; most paths have none.
        let clean = !path.utf8.isEmpty && path.utf8.first != 0x2F && path.utf8.last != 0x2F && !path.contains("//")
        let trimmed = clean ? path : path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        if trimmed.isEmpty { return TreeEntry(name: "", id: tree, kind: .tree) }
        return try withTree(tree, cache: cache) { root throws(GitError) in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, root, trimmed)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "git_tree_entry_bypath")
            guard let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            return TreeEntry(
                name: decodeLenient(git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                kind: Self.kind(of: entry))
        }
    }

    /// The entries of a tree, in git's order.
    public func treeEntries(_ tree: ObjectID) throws(GitError) -> [TreeEntry] {
        try withTree(tree) { t in
            (0..<git_tree_entrycount(t)).compactMap { i in
                guard let entry = git_tree_entry_byindex(t, i) else { return nil }
                return TreeEntry(
                    name: decodeLenient(git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                    kind: Self.kind(of: entry))
            }
        }
    }

    /// Every blob below a tree (recursively), with paths relative to it. Symlinks and
    /// submodules are reported with their kind and never followed.
    public func walkBlobs(_ tree: ObjectID, prefix: String = "", visit: (String, TreeEntry) throws(GitError) -> Void)
        throws(GitError)
    {
        for entry in try treeEntries(tree) {
            let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            if entry.kind == .tree {
                try walkBlobs(entry.id, prefix: path, visit: visit)
            } else {
                try visit(path, entry)
            }
        }
    }

    func withBlob<T>(_ id: ObjectID, _ body: (OpaquePointer) -> T) throws(GitError) -> T {
        var oid = id.oid
        var blob: OpaquePointer?
        let code = git_blob_lookup(&blob, handle, &oid)
        guard code == 0, let blob else {
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject("blob \(id)") }
            throw GitError.last("git_blob_lookup", code: code)
        }
        defer { git_blob_free(blob) }
        return body(blob)
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        try withBlob(id) { blob in
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeRawBufferPointer(start: raw, count: size))
        }
    }

    /// Calls `body` with a blob's bytes where libgit2 holds them, valid only during the call:
    /// a reader that dismisses most blobs from a glance need not copy each one out.
    public func withBlobBytes<T>(_ id: ObjectID, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(GitError) -> T {
        try withBlob(id) { blob in
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let raw = git_blob_rawcontent(blob) else {
                return body(UnsafeBufferPointer(start: nil, count: 0))
            }
            return body(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: size))
        }
    }

    /// The size of a blob in bytes, from its object header: the content is neither inflated
    /// nor, for a delta in a pack, rebuilt from its base (`git_blob_lookup` does both).
    public func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let code = git_odb_read_header(&size, &type, try objectDatabase(), &oid)
        guard code == 0 else {
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject("blob \(id)") }
            throw GitError.last("git_odb_read_header", code: code)
        }
        return size
    }

    /// Blobs that differ between two trees (nil is the empty tree). Recurses only into
    /// subtrees whose ids differ, comparing entries in git's order; a subtree replaced by a
    /// blob (or the reverse) counts as deleting one and adding the other. Symlinks and
    /// submodules are skipped: feat never follows them.
    public func changedBlobs(from old: ObjectID?, to new: ObjectID?, cache: TreeCache? = nil) throws(GitError)
        -> [BlobChange]
    {
        try changedEntries(from: old, to: new, cache: cache).blobs
    }

    /// The blobs that differ between two trees, as `changedBlobs` finds them, and the git
    /// links (submodules) that differ on the way: a caller that must know a commit's
    /// submodules learns those of one side from the other's without walking it again.
    public func changedEntries(from old: ObjectID?, to new: ObjectID?, cache: TreeCache? = nil) throws(GitError)
        -> TreeChanges
    {
        var changes = TreeChanges()
        try diffTrees(old, new, prefix: "", cache: cache, into: &changes)
        return changes
    }

    private func diffTrees(
        _ old: ObjectID?, _ new: ObjectID?, prefix: String, cache: TreeCache?,
        into changes: inout TreeChanges
    ) throws(GitError) {
        let older: ObjectID
        let newer: ObjectID
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, let added?):
            try walkBlobs(added, prefix: prefix) { path, entry in
                switch entry.kind {
                case .blob: changes.blobs.append(BlobChange(path: path, old: nil, new: entry.id))
                case .submodule: changes.gitlinks.append(BlobChange(path: path, old: nil, new: entry.id))
                default: break
                }
            }
            return
        case (let removed?, nil):
            try walkBlobs(removed, prefix: prefix) { path, entry in
                switch entry.kind {
                case .blob: changes.blobs.append(BlobChange(path: path, old: entry.id, new: nil))
                case .submodule: changes.gitlinks.append(BlobChange(path: path, old: entry.id, new: nil))
                default: break
                }
            }
            return
        case (let a?, let b?):
            if a == b { return }
            (older, newer) = (a, b)
        }
        // Pending recursions are collected first so that both trees are freed before descending.
        var subtrees: [(String, ObjectID?, ObjectID?)] = []
        try withTree(older, cache: cache) { a throws(GitError) in
            try withTree(newer, cache: cache) { b throws(GitError) in
                let na = git_tree_entrycount(a)
                let nb = git_tree_entrycount(b)
                var i = 0
                var j = 0
                func path(_ e: OpaquePointer) -> String {
                    let name = decodeLenient(git_tree_entry_name(e))
                    return prefix.isEmpty ? name : prefix + "/" + name
                }
                func removed(_ e: OpaquePointer) {
                    let id = ObjectID(git_tree_entry_id(e))
                    switch Self.kind(of: e) {
                    case .blob: changes.blobs.append(BlobChange(path: path(e), old: id, new: nil))
                    case .tree: subtrees.append((path(e), id, nil))
                    case .submodule: changes.gitlinks.append(BlobChange(path: path(e), old: id, new: nil))
                    case .symlink: break
                    }
                }
                func added(_ e: OpaquePointer) {
                    let id = ObjectID(git_tree_entry_id(e))
                    switch Self.kind(of: e) {
                    case .blob: changes.blobs.append(BlobChange(path: path(e), old: nil, new: id))
                    case .tree: subtrees.append((path(e), nil, id))
                    case .submodule: changes.gitlinks.append(BlobChange(path: path(e), old: nil, new: id))
                    case .symlink: break
                    }
                }
                while i < na || j < nb {
                    let ea = i < na ? git_tree_entry_byindex(a, i) : nil
                    let eb = j < nb ? git_tree_entry_byindex(b, j) : nil
                    guard let x = ea else {
                        if let y = eb { added(y) }
                        j += 1
                        continue
                    }
                    guard let y = eb else { removed(x); i += 1; continue }
                    let order = Self.compareEntries(x, y)
                    if order < 0 {
                        removed(x); i += 1
                    } else if order > 0 {
                        added(y); j += 1
                    } else {
                        i += 1; j += 1
                        if git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) == 1 { continue }
                        let kx = Self.kind(of: x)
                        let ky = Self.kind(of: y)
                        if kx == .tree && ky == .tree {
                            subtrees.append((path(x), ObjectID(git_tree_entry_id(x)), ObjectID(git_tree_entry_id(y))))
                        } else if kx == .blob && ky == .blob {
                            changes.blobs.append(
                                BlobChange(
                                    path: path(x), old: ObjectID(git_tree_entry_id(x)),
                                    new: ObjectID(git_tree_entry_id(y))))
                        } else {
                            removed(x); added(y)
                        }
                    }
                }
            }
        }
        for (path, a, b) in subtrees {
            try diffTrees(a, b, prefix: path, cache: cache, into: &changes)
        }
    }

    /// git's tree order: names compared bytewise, a tree's name followed by an implicit '/'.
    static func compareEntries(_ x: OpaquePointer, _ y: OpaquePointer) -> Int {
        guard let a = git_tree_entry_name(x), let b = git_tree_entry_name(y) else { return 0 }
        let la = strlen(a)
        let lb = strlen(b)
        let n = min(la, lb)
        let c = memcmp(a, b, n)
        if c != 0 { return Int(c) }
        let ca: UInt8 = la > n ? UInt8(bitPattern: a[n]) : (kind(of: x) == .tree ? 0x2F : 0)
        let cb: UInt8 = lb > n ? UInt8(bitPattern: b[n]) : (kind(of: y) == .tree ? 0x2F : 0)
        return Int(ca) - Int(cb)
    }
}
