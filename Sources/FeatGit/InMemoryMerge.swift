import CLibgit2
import GitID

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
    /// Every merge base of two commits, the one `mergeBase` finds first; more than one in a
    /// criss-cross history (which the merge then merges from a virtual base, as git does).
    public func mergeBases(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> [ObjectID] {
        var bases = git_oidarray()
        let ids = [a.oid, b.oid]
        let code = ids.withUnsafeBufferPointer { git_merge_bases_many(&bases, handle, 2, $0.baseAddress) }
        try check(code, "git_merge_bases_many")
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).compactMap { bases.ids?[$0] }.map(ObjectID.init)
    }

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
    ///
    /// No attribute chooses how a file merges: the empty index keeps `.gitattributes` out, but
    /// libgit2 also reads `merge=` from `info/attributes`, `core.attributesFile` and the system
    /// file, which the forge's merge never sees. A merge that favours a side uses the built-in
    /// text merge without asking the attributes, so the merge is made twice, favouring each
    /// side: the two results differ exactly at the paths where the text merge conflicts.
    /// Directory renames, which libgit2 1.5 does not detect, are conflicts as git reports them
    /// ("added inside a directory that was renamed"), each naming both paths.
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
        let renames = try sideRenames(base: base, head: head)
        let index = try merge(ours, theirs, favouring: GIT_MERGE_FILE_FAVOR_OURS)
        defer { git_index_free(index) }
        // Only a path both sides changed can merge differently for each favoured side: when the
        // sides changed disjoint paths since their one merge base, the second merge is the first.
        let single = try mergeBases(base, head).count == 1
        let disjoint = single && renames.oursTouched.isDisjoint(with: renames.theirsTouched)
        let other = disjoint ? nil : try merge(ours, theirs, favouring: GIT_MERGE_FILE_FAVOR_THEIRS)
        defer { if let other { git_index_free(other) } }
        var conflicts = try resolveContentKeepingBase(index, other ?? index, baseTip: base, renames: renames)
        conflicts += try resolveKeepingBase(index)
        conflicts += try directoryRenameConflicts(renames, base: base, head: head)
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

    /// One three-way merge of two commits, with rename detection, resolving every content
    /// conflict in favour of one side (the text merge, whatever the attributes say).
    private func merge(
        _ ours: OpaquePointer?, _ theirs: OpaquePointer?, favouring favour: git_merge_file_favor_t
    ) throws(GitError) -> OpaquePointer {
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
        options.flags = GIT_MERGE_FIND_RENAMES.rawValue
        options.file_favor = favour
        var index: OpaquePointer?
        let code = git_merge_commits(&index, handle, ours, theirs, &options)
        if code < 0 {
            if !shallowBoundary.isEmpty { throw .shallow(boundary: shallowBoundary.sorted().first?.description ?? "?") }
            throw GitError.last("git_merge_commits", code: code)
        }
        guard let index else { throw .failed(function: "git_merge_commits", message: "no index") }
        return index
    }

    /// The entry of a merged index at a path, stage 0.
    private func entry(_ index: OpaquePointer, _ path: String) -> git_index_entry? {
        git_index_get_bypath(index, path, 0)?.pointee
    }

    /// The paths whose text merge conflicted (the merges favouring each side differ there),
    /// each set back to the base tip's entry. A path one side renamed is named with its other
    /// name too, and the base tip's file goes back to where the base tip has it.
    private func resolveContentKeepingBase(
        _ index: OpaquePointer, _ other: OpaquePointer, baseTip: ObjectID, renames: SideRenames
    ) throws(GitError) -> [MergeConflict] {
        var differing: [String] = []
        for position in 0..<git_index_entrycount(index) {
            guard let e = git_index_get_byindex(index, position)?.pointee,
                (e.flags & UInt16(GIT_INDEX_ENTRY_STAGEMASK)) == 0
            else { continue }
            let path = String(cString: e.path)
            guard let twin = entry(other, path), twin.mode == e.mode, ObjectID(twin.id) == ObjectID(e.id) else {
                differing.append(path)
                continue
            }
        }
        var conflicts: [MergeConflict] = []
        for path in differing {
            if let kept = try treeEntry(in: baseTip, path: path) {
                try add(kept, at: path, to: index)
                conflicts.append(MergeConflict(ancestor: renames.ours[path], ours: path, theirs: path))
            } else {
                try check(git_index_remove(index, path, 0), "git_index_remove")
                let old = renames.theirs[path]
                if let old, let kept = try treeEntry(in: baseTip, path: old) { try add(kept, at: old, to: index) }
                conflicts.append(MergeConflict(ancestor: old, ours: old, theirs: path))
            }
        }
        return conflicts
    }

    private func treeEntry(in commit: ObjectID, path: String) throws(GitError) -> (mode: UInt32, id: git_oid)? {
        try withEntry(in: commit, path: path) { found in
            guard let found, git_tree_entry_type(found) == GIT_OBJECT_BLOB else { return nil }
            return (UInt32(git_tree_entry_filemode(found).rawValue), git_tree_entry_id(found).pointee)
        }
    }

    /// The entry at `path` in a commit's tree (nil: none), for the length of `body`.
    private func withEntry<T>(in commit: ObjectID, path: String, _ body: (OpaquePointer?) -> T) throws(GitError) -> T {
        var id = commit.oid
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, handle, &id), "git_commit_lookup")
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, object), "git_commit_tree")
        defer { git_tree_free(tree) }
        var found: OpaquePointer?
        guard git_tree_entry_bypath(&found, tree, path) == 0, let found else { return body(nil) }
        defer { git_tree_entry_free(found) }
        return body(found)
    }

    private func add(_ kept: (mode: UInt32, id: git_oid), at path: String, to index: OpaquePointer) throws(GitError) {
        var entry = git_index_entry()
        entry.mode = kept.mode
        entry.id = kept.id
        let code = path.withCString { pointer -> Int32 in
            entry.path = pointer
            return git_index_add(index, &entry)
        }
        try check(code, "git_index_add")
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

    /// What each side renamed since the merge base (new path → old path), and what it added.
    struct SideRenames {
        var ours: [String: String] = [:]
        var theirs: [String: String] = [:]
        var oursAdded: [String] = []
        var theirsAdded: [String] = []
        /// Every path each side changed (both names of a rename).
        var oursTouched = Set<String>()
        var theirsTouched = Set<String>()
    }

    private func sideRenames(base: ObjectID, head: ObjectID) throws(GitError) -> SideRenames {
        var oursID = base.oid
        var theirsID = head.oid
        var ancestorID = git_oid()
        // No merge base: the caller refuses such a merge; no renames to find.
        guard git_merge_base(&ancestorID, handle, &oursID, &theirsID) == 0 else { return SideRenames() }
        let ancestor = ObjectID(ancestorID)
        var result = SideRenames()
        (result.ours, result.oursAdded, result.oursTouched) = try renamesAndAdditions(from: ancestor, to: base)
        (result.theirs, result.theirsAdded, result.theirsTouched) = try renamesAndAdditions(from: ancestor, to: head)
        return result
    }

    /// The renames (new path → old path) and the added paths from one commit's tree to another's.
    private func renamesAndAdditions(
        from old: ObjectID, to new: ObjectID
    ) throws(GitError) -> (renames: [String: String], added: [String], touched: Set<String>) {
        func tree(_ commit: ObjectID) throws(GitError) -> OpaquePointer? {
            var id = commit.oid
            var object: OpaquePointer?
            try check(git_commit_lookup(&object, handle, &id), "git_commit_lookup")
            defer { git_commit_free(object) }
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, object), "git_commit_tree")
            return tree
        }
        let a = try tree(old)
        defer { git_tree_free(a) }
        let b = try tree(new)
        defer { git_tree_free(b) }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, a, b, &options), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        let count = git_diff_num_deltas(diff)
        var deleted = false
        var added = false
        for i in 0..<count {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            deleted = deleted || delta.status == GIT_DELTA_DELETED
            added = added || delta.status == GIT_DELTA_ADDED
        }
        if deleted && added {
            var find = git_diff_find_options()
            try check(
                git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
        }
        var renames: [String: String] = [:]
        var additions: [String] = []
        var touched = Set<String>()
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            let newPath = String(cString: delta.new_file.path)
            touched.insert(newPath)
            touched.insert(String(cString: delta.old_file.path))
            if delta.status == GIT_DELTA_RENAMED {
                renames[newPath] = String(cString: delta.old_file.path)
            } else if delta.status == GIT_DELTA_ADDED {
                additions.append(newPath)
            }
        }
        return (renames, additions, touched)
    }

    /// Directories a side renamed as a whole: for each old directory gone from that side's
    /// tree, the new directory most of its renamed files went to. As in git's directory-rename
    /// rule, a rename `a/b/x/f` → `c/x/f` votes for `a/b/x` → `c/x` and, since the trailing
    /// folder is the same, for `a/b` → `c` too; a vote counts only for a directory that is gone.
    private func directoryRenames(_ renames: [String: String], at commit: ObjectID) throws(GitError) -> [String: String]
    {
        var votes: [String: [String: Int]] = [:]
        for (new, old) in renames {
            var from = old.split(separator: "/").dropLast()
            var to = new.split(separator: "/").dropLast()
            guard from != to else { continue }
            while !from.isEmpty {
                votes[from.joined(separator: "/"), default: [:]][to.joined(separator: "/"), default: 0] += 1
                guard let f = from.last, let t = to.last, f == t else { break }
                from = from.dropLast()
                to = to.dropLast()
            }
        }
        var result: [String: String] = [:]
        for (from, targets) in votes {
            guard try !directoryExists(from, at: commit),
                let best = targets.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })
            else { continue }
            result[from] = best.key
        }
        return result
    }

    private func directoryExists(_ path: String, at commit: ObjectID) throws(GitError) -> Bool {
        try withEntry(in: commit, path: path) { found in
            found.map { git_tree_entry_type($0) == GIT_OBJECT_TREE } ?? false
        }
    }

    /// A path one side adds inside a directory the other side renamed as a whole: git sees a
    /// conflict (where the file belongs depends on the rename) that libgit2 1.5 merges silently,
    /// leaving the file at its old place. Each names the added path and where the rename puts it.
    private func directoryRenameConflicts(_ renames: SideRenames, base: ObjectID, head: ObjectID) throws(GitError)
        -> [MergeConflict]
    {
        var conflicts: [MergeConflict] = []
        // The deepest renamed directory holding the path says where it goes.
        func moved(_ path: String, by directories: [String: String]) -> String? {
            let holding = directories.filter { path.hasPrefix($0.key + "/") }
            guard let (from, to) = holding.max(by: { $0.key.count < $1.key.count }) else { return nil }
            return (to.isEmpty ? "" : to + "/") + path.dropFirst(from.count + 1)
        }
        let renamedOnBase = try directoryRenames(renames.ours, at: base)
        for path in renames.theirsAdded + Array(renames.theirs.keys) {
            if let target = moved(path, by: renamedOnBase) {
                conflicts.append(MergeConflict(ancestor: nil, ours: target, theirs: path))
            }
        }
        let renamedOnHead = try directoryRenames(renames.theirs, at: head)
        for path in renames.oursAdded + Array(renames.ours.keys) {
            if let target = moved(path, by: renamedOnHead) {
                conflicts.append(MergeConflict(ancestor: nil, ours: path, theirs: target))
            }
        }
        return conflicts.sorted { $0.paths.lexicographicallyPrecedes($1.paths) }
    }
}
