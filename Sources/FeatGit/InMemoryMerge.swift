import CLibgit2

/// A path that the three-way merge could not resolve, as each side names it (nil where the
/// side has no entry: a modify/delete or add/add conflict).
public struct MergeConflict: Sendable, Hashable {
    public var ancestor: String?
    /// The base tip's path ("ours").
    public var ours: String?
    /// The head's path ("theirs").
    public var theirs: String?

    /// Every distinct path the conflict involves, in ancestor, ours, theirs order.
    public var paths: [String] {
        var result: [String] = []
        for path in [ancestor, ours, theirs].compactMap({ $0 }) where !result.contains(path) { result.append(path) }
        return result
    }
}

/// The result of merging a head into a base tip in memory.
public struct InMemoryMerge: Sendable {
    /// A commit that exists only in the merging handle's memory: the merged tree, with the
    /// base tip and the head as parents.
    public var commit: ObjectID
    public var tree: ObjectID
    /// Conflicted paths; at each, the merged tree holds the base tip's entry (or none when
    /// the base tip has none).
    public var conflicts: [MergeConflict]
}

extension Repository {
    /// A second handle on this repository's objects for merging in memory: bare (no work tree,
    /// so no `.gitattributes` from disk), with an empty in-memory index (so no `merge=` driver
    /// from `.git/index`: every path merges as text), and an in-memory object database in
    /// front of the real one, so that what a merge writes never reaches `.git/objects`.
    /// Everything that reads a merge result must read it through this handle.
    public func inMemoryMerger() throws(GitError) -> Repository {
        var handle: OpaquePointer?
        try check(git_repository_open_bare(&handle, commonDir), "git_repository_open_bare")
        guard let handle else { throw .failed(function: "git_repository_open_bare", message: "no repository") }
        let merger = Repository(handle: handle, inMemory: true)
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        try check(git_repository_set_index(handle, index), "git_repository_set_index")
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        var backend: OpaquePointer?
        try check(git_mempack_new(&backend), "git_mempack_new")
        // The object database owns the backend from here on and frees it with the handle.
        try check(git_odb_add_backend(odb, backend, 999), "git_odb_add_backend")
        return merger
    }

    /// Merges `head` into `base` as `git merge` would (rename detection, a virtual merge base
    /// for criss-cross histories, the text merge for every path), on a handle made by
    /// `inMemoryMerger()`. Conflicted paths keep the base tip's entry; the caller decides
    /// whether any of them matters. The caller checks first that the two share history:
    /// libgit2 merges unrelated histories against an empty tree.
    public func mergeInMemory(base: ObjectID, head: ObjectID) throws(GitError) -> InMemoryMerge {
        precondition(inMemory, "mergeInMemory needs a handle from inMemoryMerger()")
        var ours: OpaquePointer?
        var theirs: OpaquePointer?
        var oursID = base.oid
        var theirsID = head.oid
        try check(git_commit_lookup(&ours, handle, &oursID), "git_commit_lookup")
        defer { git_commit_free(ours) }
        try check(git_commit_lookup(&theirs, handle, &theirsID), "git_commit_lookup")
        defer { git_commit_free(theirs) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
        options.flags = GIT_MERGE_FIND_RENAMES.rawValue
        var index: OpaquePointer?
        let code = git_merge_commits(&index, handle, ours, theirs, &options)
        if code < 0 {
            if !shallowBoundary.isEmpty { throw .shallow(boundary: shallowBoundary.sorted().first?.description ?? "?") }
            throw GitError.last("git_merge_commits", code: code)
        }
        guard let index else { throw .failed(function: "git_merge_commits", message: "no index") }
        defer { git_index_free(index) }
        let conflicts = try resolveKeepingBase(index)
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, handle), "git_index_write_tree_to")
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &tree), "git_tree_lookup")
        defer { git_tree_free(treeObject) }
        let stamp = try signature(Signature(name: "feat", email: "feat@localhost", time: 0))
        defer { git_signature_free(stamp) }
        var parents: [OpaquePointer?] = [ours, theirs]
        var commit = git_oid()
        let made = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &commit, handle, nil, stamp, stamp, nil, "feat check: merge result", treeObject, 2, buffer.baseAddress)
        }
        try check(made, "git_commit_create")
        return InMemoryMerge(commit: ObjectID(commit), tree: ObjectID(tree), conflicts: conflicts)
    }

    /// Lists the conflicts of a merged index and resolves each by keeping the base tip's entry.
    private func resolveKeepingBase(_ index: OpaquePointer) throws(GitError) -> [MergeConflict] {
        guard git_index_has_conflicts(index) != 0 else { return [] }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "git_index_conflict_iterator_new")
        var conflicts: [MergeConflict] = []
        var kept: [git_index_entry] = []
        var keptPaths: [String] = []
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            let name = { (e: UnsafePointer<git_index_entry>?) in e.map { String(cString: $0.pointee.path) } }
            conflicts.append(MergeConflict(ancestor: name(ancestor), ours: name(ours), theirs: name(theirs)))
            if let ours {
                kept.append(ours.pointee)
                keptPaths.append(String(cString: ours.pointee.path))
            }
        }
        git_index_conflict_iterator_free(iterator)
        for conflict in conflicts {
            for path in conflict.paths { _ = git_index_conflict_remove(index, path) }
        }
        for (var entry, path) in zip(kept, keptPaths) {
            let code = path.withCString { pointer -> Int32 in
                entry.path = pointer
                entry.flags &= ~UInt16(GIT_INDEX_ENTRY_STAGEMASK)
                return git_index_add(index, &entry)
            }
            try check(code, "git_index_add")
        }
        return conflicts
    }
}
