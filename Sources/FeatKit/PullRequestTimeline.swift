import FeatDiff
import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import GitID

extension FeatureRepository {
    /// The stage changes of a pull request's own first-parent commits, from the merge base to
    /// the head, oldest first — found by the same engine as `feat history`, started from the
    /// merge base's state of the files the pull request touches. So a file broken in one commit
    /// and mended in the next is no change here either, and merges credit who did the work.
    ///
    /// When the judged tree is a merge made in memory (`alongFirstParent` false), or the
    /// head's first-parent line does not pass through the base (the branch merged its base
    /// in), one change per feature whose stage differs, at the head.
    func stageChanges(
        from base: ObjectID, to head: ObjectID, policy: Policy, diff: DiffReport, alongFirstParent: Bool = true
    ) throws(FeatError) -> [StageChange] {
        let repo = try requireGit()
        let limit = 1000
        var seen = 0
        let chain: [FirstParentStep] =
            alongFirstParent
            ? try FeatKit.git { () throws(GitError) in
                try repo.firstParentHistory(from: head) { step in
                    seen += 1
                    return step.commit == base || seen > limit
                }.steps
            } : []
        let mailmap = try FeatKit.git { () throws(GitError) in try repo.mailmap(at: head) }
        var walk = HistoryWalk(mailmap: mailmap)
        guard let first = chain.first, first.commit == base else {
            let info = try FeatKit.git { () throws(GitError) in try repo.commit(head) }
            return diff.features.compactMap { f in
                guard f.stageBefore != f.stageAfter, f.status != .unreadable else { return nil }
                return StageChange(
                    identity: f.identity,
                    transition: Transition(
                        from: f.stageBefore, to: f.stageAfter, commit: head, date: info.date,
                        author: walk.person(info.author), path: f.path))
            }
        }
        let folders = featureFolders(policy)
        let steps = chain
        let deltas = try FeatKit.git { () throws(GitError) in
            try DeltaReader(repo: repo, folders: folders).deltas(
                trees: steps.dropFirst().map(\.tree)[...], parent: first.tree)
        }
        // The merge base's state of every path the pull request touches, as the walk's baseline.
        var touched: [String] = []
        var known = Set<String>()
        for delta in deltas {
            for change in delta ?? [] where known.insert(change.path).inserted { touched.append(change.path) }
        }
        var reader = BlobReader(repo: repo)
        var baseline: [ResolvedChange] = []
        for path in touched {
            let found = try FeatKit.git { () throws(GitError) -> (BlobState, ObjectID)? in
                guard let entry = try repo.treeEntry(in: first.tree, path: treePath(path)), entry.kind == .blob else {
                    return nil
                }
                return (try reader.state(of: entry.id), entry.id)
            }
            if let found { baseline.append(ResolvedChange(path: path, state: found.0, blob: found.1)) }
        }
        walk.apply(baseline, at: first, position: 0, baseline: true)
        for (offset, delta) in deltas.enumerated() {
            if let delta { walk.apply(delta, at: steps[offset + 1], position: offset + 1, baseline: false) }
        }
        var features = walk.result()
        if steps.dropFirst().contains(where: \.isMerge) {
            var attribution = MergeAttribution(repository: self, repo: repo, chain: steps)
            let found = walk
            try FeatKit.git { () throws(GitError) in
                try attribution.attribute(&features, chain: steps, walk: found, person: { walk.person($0) })
            }
        }
        let order = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($0.element.commit, $0.offset) })
        return
            features
            .flatMap { f in f.transitions.map { StageChange(identity: f.identity, transition: $0) } }
            .sorted { a, b in
                let (x, y) = (order[a.transition.commit] ?? 0, order[b.transition.commit] ?? 0)
                return x != y ? x < y : a.identity < b.identity
            }
    }
}
