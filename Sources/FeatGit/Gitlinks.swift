import CLibgit2
import GitID

/// Git links (gitlinks: tree entries of mode 160000) are submodules: a commit of another
/// repository, never read.
extension Repository {
    /// Calls `visit` with the path of every git link in `new` that `old` lacks at the same
    /// path (nil trees are empty), descending only into subtrees that differ.
    public func addedGitlinks(from old: ObjectID?, to new: ObjectID?, prefix: String, visit: (String) -> Void)
        throws(GitError)
    {
        guard let new, old != new else { return }
        var before: [String: TreeEntry] = [:]
        if let old { for entry in try treeEntries(old) { before[entry.name] = entry } }
        for entry in try treeEntries(new) {
            let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            let previous = before[entry.name]
            switch entry.kind {
            case .submodule where previous?.kind != .submodule:
                visit(path)
            case .tree where previous?.id != entry.id:
                try addedGitlinks(
                    from: previous?.kind == .tree ? previous?.id : nil, to: entry.id, prefix: path, visit: visit)
            default:
                break
            }
        }
    }

    /// The paths (relative to the working directory) that the index records as git links:
    /// submodules, checked out or not (an uninitialised one is an empty folder on disk).
    public func gitlinksInIndex() throws(GitError) -> Set<String> {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        guard let index else { return [] }
        defer { git_index_free(index) }
        var result = Set<String>()
        for i in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, i), entry.pointee.mode == GIT_FILEMODE_COMMIT.rawValue
            else { continue }
            result.insert(decodeLenient(entry.pointee.path))
        }
        return result
    }
}
