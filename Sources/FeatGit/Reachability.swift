import CLibgit2
import GitID

extension Repository {
    /// Commits reachable from `tips` but not from `hidden`, newest first (topological order,
    /// ties by commit time), at most `limit` of them: the commits a merge brought in.
    ///
    /// libgit2 1.5's sorted revwalk fails in a shallow clone whose boundary it reaches; that
    /// is reported as an error for the caller to fall back on.
    public func commits(reachableFrom tips: [ObjectID], hiding hidden: [ObjectID], limit: Int) throws(GitError)
        -> [ObjectID]
    {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        guard let walk else { throw .failed(function: "git_revwalk_new", message: "no walker") }
        defer { git_revwalk_free(walk) }
        try check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        for tip in tips {
            var oid = tip.oid
            try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        }
        for id in hidden {
            var oid = id.oid
            try check(git_revwalk_hide(walk, &oid), "git_revwalk_hide")
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while result.count < limit {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_revwalk_next")
            result.append(ObjectID(oid))
        }
        return result
    }
}
