import FeatGit
import FeatModel
import FeatReport
import Foundation
import GitID

extension StageHistory {
    /// The stage history of every feature on the first-parent history of `head` in `repo`,
    /// whose feature root is at `prefix` in git trees and whose feature folders (relative to
    /// it) are `folders`.
    ///
    /// A transition is the first-parent commit whose tree gives a feature (by identity, not
    /// path) a different stage than its first parent's tree. Three passes: the first-parent
    /// chain (ids only); per commit, the changed feature files and what their new blobs say
    /// (trees compared entry by entry only where ids differ, each new blob read once per
    /// worker) — independent per commit, so split across cores, each worker with its own
    /// repository handle; then one forward pass over those deltas keeping per-feature state.
    ///
    /// The history index (`HistoryIndex`) keeps the first two passes' results per commit: the
    /// chain is walked only back to the first commit it holds, and only the commits before
    /// that are read. `index: false` (or `FEAT_NO_INDEX=1`) reads everything and leaves it alone.
    package static func walk(
        _ repo: Repository, at head: ObjectID, prefix: String, folders: [String], workers: WorkerProcesses?,
        index useIndex: Bool, progress: WalkProgress?
    ) throws(GitError) -> StageHistory {
        var clock = PhaseClock()
        let driver = try FirstParentDeltas(
            repo: repo, prefix: prefix, folders: folders, head: head, workers: workers, index: useIndex)
        defer { driver.stop() }
        let file = driver.file
        let (indexed, newSteps) = (driver.indexed, driver.newSteps)
        if file != nil { clock.lap("history index read (\(driver.index.count) commits)") }
        // Asked again at the commit of the last answer: that answer, authors through today's mailmap.
        if newSteps.isEmpty, let resume = driver.resume, let snapshot = driver.index.snapshot,
            Int(snapshot.head) == resume
        {
            let mailmap = try repo.mailmap(at: head)
            var people = HistoryWalk(mailmap: mailmap)
            if let answer = driver.index.answer(snapshot, person: { people.person($0) }) {
                clock.lap("first-parent chain (\(indexed.count) commits, 0 not indexed): the answer kept")
                return StageHistory(
                    revision: head, features: answer.features, shallowBoundary: nil,
                    warnings: answer.warnings, phases: clock.laps)
            }
        }
        let steps = driver.steps
        clock.lap("first-parent chain (\(steps.count) commits, \(newSteps.count) not indexed)")
        let mailmap = try repo.mailmap(at: head)
        var walk = HistoryWalk(mailmap: mailmap)
        // Stage changes at merge commits are credited as the forward pass finds them, while
        // children are still reading newer commits: the walk has then passed everything the
        // search asks it about.
        // Made at the first merge that needs it: a run with none pays nothing for it.
        var attribution: MergeAttribution?
        var crediting = 0.0
        func credit(_ moved: [Int], at step: FirstParentStep) throws(GitError) {
            guard step.isMerge, !moved.isEmpty else { return }
            let started = Date()
            defer { crediting += Date().timeIntervalSince(started) }
            let record = file == nil ? nil : driver.index.position[step.commit]
            for id in moved {
                guard let (identity, transition) = walk.lastTransition(of: id) else { continue }
                let credit: (author: Signature?, committer: Signature)
                if let record, let kept = driver.index.credit(at: record, identity) {
                    credit = kept
                } else {
                    var search = attribution ?? MergeAttribution(repo: repo, prefix: prefix, chain: steps)
                    attribution = nil  // one owner while it searches, so that its caches are not copied
                    defer { attribution = search }
                    credit = try search.credit(transition, of: identity, walk: walk)
                    if let record {
                        driver.index.setCredit(at: record, identity, author: credit.author, committer: credit.committer)
                    }
                }
                walk.credit(id, author: credit.author, mergedBy: credit.committer)
            }
        }
        let (changed, processes) = try driver.walk(progress: progress) {
            position, step, delta, baseline throws(GitError) in
            // At a shallow boundary the parent is missing: take that commit's state as given.
            try credit(walk.apply(delta, at: step, position: position, baseline: baseline), at: step)
        }
        let features = walk.result()
        let merges = steps.lazy.filter(\.isMerge).count
        clock.lap(
            "tree diffs, blob reads, the forward pass and merge credit (\(changed) changed files, \(processes) process\(processes == 1 ? "" : "es"); credit for changes merged by \(merges) merge commits: \(String(format: "%.3f", crediting)) s of it)"
        )
        if file != nil, let record = driver.index.position[head],
            let snapshot = driver.index.snapshot(at: record, features: features, warnings: walk.warnings)
        {
            if driver.index.snapshot?.head != snapshot.head { driver.index.modified = true }
            driver.index.snapshot = snapshot
        }
        if driver.save() { clock.lap("history index written (\(driver.index.count) commits)") }
        return StageHistory(
            revision: head, features: features, shallowBoundary: driver.shallowBoundary,
            warnings: walk.warnings, phases: clock.laps)
    }
}
