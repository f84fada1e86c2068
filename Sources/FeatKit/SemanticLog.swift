import FeatDiff
import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import Foundation
import GitID

extension FeatureRepository {
    /// The semantic changelog (SPEC §9): for each feature, every first-parent commit of `head`
    /// that changed its definition or a file it references, graded as `diff PARENT COMMIT`
    /// grades it — by that same diff, never a second grading.
    ///
    /// The walk is history's (`FirstParentDeltas`, with its index): it tells which commits
    /// changed which feature files, by identity, so a move or a reformat is found and then
    /// graded as no change. Only those commits, the commits that changed a file a feature
    /// references, and (for a feature derived from others) its inputs' commits are diffed.
    /// `names` limits the log to those features (and reads only what they need). `newest`
    /// limits the log of every feature to the newest that many commits that changed a feature file
    /// (graded exactly as in the whole log, from the state before the oldest of them): the
    /// log's `window` then says where it starts.
    public func semanticLog(
        at head: ObjectID, policy: Policy, names: [String] = [], newest: Int? = nil,
        workers: WorkerProcesses? = nil, index useIndex: Bool = true, progress: WalkProgress? = nil
    ) throws(FeatError) -> SemanticLog {
        var clock = PhaseClock()
        let repo = try requireGit()
        let driver = try FirstParentDeltas(
            repository: self, head: head, policy: policy, workers: workers, index: useIndex)
        defer { driver.stop() }
        // Every feature: its touches are gathered as the walk hands the deltas on. Some
        // features: of the indexed commits, the walk hands on only those whose changes can
        // matter to them (the index decides on its own string ids, decoding nothing else),
        // and the deltas are replayed for those features and what they derive from only —
        // most of a warm run saved. Each further set of names asks the index again.
        var touches = FeatureTouches(only: names.isEmpty ? nil : Set(names))
        var kept: [(position: Int, delta: [ResolvedChange], baseline: Bool)] = []
        let following = names.isEmpty ? nil : Set(names)
        let (changed, processes) = try driver.run(progress: progress, following: following) {
            position, _, delta, baseline in
            if names.isEmpty {
                touches.apply(delta, at: position, baseline: baseline)
            } else {
                kept.append((position, delta, baseline))
            }
        }
        driver.save()
        let steps = driver.steps
        clock.lap(
            "first-parent chain and changed feature files (\(steps.count) commits, \(changed) changed files, \(processes) process\(processes == 1 ? "" : "es"))"
        )
        func replay(_ only: Set<String>?) -> FeatureTouches {
            var touches = FeatureTouches(only: only)
            if only != following {
                for (position, delta) in driver.indexedChanges(following: only) {
                    touches.apply(delta, at: position, baseline: false)
                }
            }
            for (position, delta, baseline) in kept where only == following || position >= driver.indexedCount {
                touches.apply(delta, at: position, baseline: baseline)
            }
            return touches
        }
        if !names.isEmpty { touches = replay(following) }
        let found = Set(touches.byIdentity.keys.map(\.feature))
        if let missing = names.first(where: { !found.contains($0) }) {
            let everyName = Set(replay(nil).byIdentity.keys.map(\.feature))
            throw .unknownFeature(name: missing, suggestion: Suggestion.closest(to: missing, in: everyName))
        }
        var facts = VersionFacts(repository: self, repo: repo, steps: steps)
        let wanted = Set(touches.byIdentity.keys)
        // What the wanted features are derived from, transitively: their inputs' changes reach
        // them. Each round replays the walk for the inputs found, until none is new.
        var tracked = wanted
        if !names.isEmpty {
            var queue = Array(wanted)
            while !queue.isEmpty {
                var inputs = Set<Identity>()
                while let identity = queue.popLast() {
                    for touch in touches.byIdentity[identity] ?? [] where touch.problem == nil {
                        inputs.formUnion(try facts.of(touch).inputs)
                    }
                }
                let new = inputs.subtracting(tracked)
                guard !new.isEmpty else { break }
                tracked.formUnion(new)
                touches = replay(Set(tracked.map(\.feature)))
                queue = Array(new)
            }
            // A feature of a wanted name met only as an input is tracked, not wanted.
            tracked = tracked.intersection(touches.byIdentity.keys).union(wanted)
        }
        var positions = Set<Int>()
        for identity in tracked { positions.formUnion((touches.byIdentity[identity] ?? []).map(\.position)) }
        // The newest commits only: grading starts at the oldest of them, primed as a part is.
        var window: LogWindow?
        if names.isEmpty, let newest, newest > 0, positions.count > newest {
            let start = positions.sorted()[positions.count - newest]
            positions = positions.filter { $0 >= start }
            window = LogWindow(
                commit: steps[start].commit, date: Date(timeIntervalSince1970: TimeInterval(steps[start].time)),
                commits: positions.count)
        }
        let start = positions.min() ?? 0
        // Commits that changed a file one of a few features references, found before grading.
        // For every feature the grading itself reads every version, so it collects them.
        var referencePositions = Set<Int>()
        if !names.isEmpty {
            var referenced = Set<String>()
            for identity in tracked {
                for touch in touches.byIdentity[identity] ?? [] where touch.problem == nil {
                    referenced.formUnion(try facts.of(touch).references)
                }
            }
            referencePositions = Set(try facts.positions(changing: referenced))
            positions.formUnion(referencePositions)
        }
        clock.lap("what \(wanted.count) features read (\(tracked.count) with their inputs; \(positions.count) commits)")

        // Grading is parsing and comparing, not reading: split across threads, each with its
        // own repository handle, in consecutive runs of commits (each primed with what the
        // walk knows of the commit before its first).
        func grade(_ positions: Set<Int>, references: Set<Int>) throws(FeatError) -> (
            parts: [[Identity: [LogEntry]]], referenced: Set<String>, threads: Int
        ) {
            let order = positions.sorted()
            let parts = max(1, min(workers?.count ?? 1, (workers?.forced ?? false) ? order.count : order.count / 2000))
            let plan = LogPlan(
                steps: steps, touches: touches, wanted: wanted, tracked: tracked,
                baseline: driver.shallowBoundary == nil ? nil : 0, referencePositions: references)
            let graded = try gradeInParts(order, parts: parts, plan: plan)
            return (graded.parts, graded.referenced, parts)
        }
        var graded = try grade(positions, references: referencePositions)
        // For every feature, which files they reference is learnt while grading: when some do,
        // the commits that changed those files join, and everything is graded again with them
        // (as for a few features, whose references are read first) — a rare second pass.
        var later: [Int] = []
        if names.isEmpty {
            later = try facts.positions(changing: graded.referenced).filter { $0 > 0 && (window == nil || $0 >= start) }
            if !later.isEmpty {
                positions.formUnion(later)
                graded = try grade(positions, references: Set(later))
            }
        }
        var entries: [Identity: [LogEntry]] = [:]
        for part in graded.parts {
            for (identity, list) in part { entries[identity, default: []] += list }
        }
        clock.lap(
            "graded \(positions.count) commits (\(graded.threads) thread\(graded.threads == 1 ? "" : "s")), \(later.isEmpty ? "once" : "twice: \(later.count) changed a referenced file")"
        )
        let logs = entries.sorted { $0.key < $1.key }.map { FeatureLog(identity: $0.key, entries: $0.value.reversed()) }
        return SemanticLog(
            revision: head, features: logs, shallowBoundary: driver.shallowBoundary, warnings: touches.warnings,
            window: window, phases: clock.laps)
    }
}

/// What every part of a log's grading shares, read-only.
struct LogPlan: @unchecked Sendable {
    let steps: [FirstParentStep]
    let touches: FeatureTouches
    let wanted: Set<Identity>
    /// The wanted features and the features they are derived from, transitively.
    let tracked: Set<Identity>
    /// The position of a shallow clone's oldest commit: its parent is unknown, so it is no entry.
    let baseline: Int?
    /// Commits that change a file a tracked feature references.
    let referencePositions: Set<Int>
}

extension LogPlan {
    /// A copy sharing no storage with this one (strings included).
    func copy() -> LogPlan {
        func own(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        var touches = FeatureTouches(only: self.touches.only)
        for (identity, list) in self.touches.byIdentity {
            touches.byIdentity[Identity(feature: own(identity.feature), version: identity.version)] = list.map {
                FeatureTouches.Touch(
                    position: $0.position, path: own($0.path), problem: $0.problem.map(own), removed: $0.removed,
                    stage: $0.stage.map(own), blob: $0.blob)
            }
        }
        for (position, identities) in self.touches.byPosition {
            touches.byPosition[position] = identities.map { Identity(feature: own($0.feature), version: $0.version) }
        }
        let steps = self.steps.map {
            FirstParentStep(
                commit: $0.commit, tree: $0.tree,
                author: Signature(name: own($0.author.name), email: own($0.author.email), time: $0.author.time),
                time: $0.time, isMerge: $0.isMerge)
        }
        return LogPlan(
            steps: steps, touches: touches,
            wanted: Set(wanted.map { Identity(feature: own($0.feature), version: $0.version) }),
            tracked: Set(tracked.map { Identity(feature: own($0.feature), version: $0.version) }), baseline: baseline,
            referencePositions: referencePositions)
    }
}

/// Collects each part's result from the threads that grade them.
final class LogParts: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<([Identity: [LogEntry]], Set<String>), FeatError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<([Identity: [LogEntry]], Set<String>), FeatError>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    func take() -> [Result<([Identity: [LogEntry]], Set<String>), FeatError>?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

extension FeatureRepository {
    /// Grades `order` (ascending positions) in `parts` consecutive runs, one thread each, each
    /// on its own repository handle; the entries per identity in order, and every file a
    /// graded version referenced.
    func gradeInParts(_ order: [Int], parts: Int, plan: LogPlan) throws(FeatError)
        -> (parts: [[Identity: [LogEntry]]], referenced: Set<String>)
    {
        guard parts > 1 else {
            let (entries, referenced) = try gradePart(order[...], plan: plan)
            return ([entries], referenced)
        }
        let repo = try requireGit()
        let location = repo.workdir ?? repo.gitDir
        let (root, prefix) = (self.root, self.prefix)
        let size = (order.count + parts - 1) / parts
        let runs = stride(from: 0, to: order.count, by: size).map { order[$0..<min(order.count, $0 + size)] }
        let results = LogParts(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            do throws(FeatError) {
                // Each thread reads its own copy: shared storage would make every read of it
                // an atomic reference count that both cores fight over.
                let plan = plan.copy()
                let handle = try FeatKit.git { () throws(GitError) in try Repository.open(discoveringFrom: location) }
                let own = FeatureRepository(root: root, git: handle, prefix: prefix)
                results.store(index, .success(try own.gradePart(runs[index], plan: plan)))
            } catch {
                results.store(index, .failure(error))
            }
        }
        var out: [[Identity: [LogEntry]]] = []
        var referenced = Set<String>()
        for result in results.take() {
            guard let result else { continue }
            let (entries, files) = try result.get()
            out.append(entries)
            referenced.formUnion(files)
        }
        return (out, referenced)
    }

    /// Grades consecutive positions of the chain, primed with the state before the first.
    func gradePart(_ positions: ArraySlice<Int>, plan: LogPlan) throws(FeatError)
        -> ([Identity: [LogEntry]], Set<String>)
    {
        let repo = try requireGit()
        let steps = plan.steps
        var facts = VersionFacts(repository: self, repo: repo, steps: steps)
        var grading = LogGrading(repository: self, plan: plan)
        if let first = positions.first, first > 0 { try grading.prime(before: first, facts: &facts) }
        guard let head = steps.last?.commit else { return ([:], []) }
        let mailmap = try FeatKit.git { () throws(GitError) in try repo.mailmap(at: head) }
        var people = HistoryWalk(mailmap: mailmap)
        var attribution: MergeAttribution?
        var entries: [Identity: [LogEntry]] = [:]
        var prefetchedUpTo = -1
        for (offset, position) in zip(positions.indices, positions) {
            if offset > prefetchedUpTo {
                prefetchedUpTo = min(positions.endIndex, offset + LogGrading.prefetchRun) - 1
                try grading.prefetch(positions[offset...prefetchedUpTo], facts: facts)
            }
            let step = steps[position]
            for (identity, change, problem) in try grading.grade(at: position, facts: &facts) {
                var entry = LogEntry(
                    commit: step.commit, date: Date(timeIntervalSince1970: TimeInterval(step.time)),
                    author: people.person(step.author), stage: change?.stageAfter ?? grading.stage(of: identity),
                    path: change?.path ?? grading.path(of: identity) ?? "", status: change?.status ?? .unreadable,
                    impact: problem == nil ? change?.impact : nil, changes: change?.changes ?? [],
                    events: change?.events ?? [], problem: problem)
                if step.isMerge, problem == nil, let change {
                    var search = attribution ?? MergeAttribution(repository: self, repo: repo, chain: steps)
                    attribution = nil  // one owner while it searches, so that its caches are not copied
                    defer { attribution = search }
                    // A change that reached a derived feature through an input is credited
                    // as the input's change is: its own file did not change here.
                    let here = plan.touches.byPosition[position] ?? []
                    let source =
                        here.contains(identity)
                        ? (identity, change.path)
                        : here.lazy.filter { $0 != identity && plan.tracked.contains($0) }.compactMap { input in
                            plan.touches.latest(input, atOrBefore: position).flatMap { touch in
                                touch.position == position && !touch.removed ? (input, touch.path) : nil
                            }
                        }.first ?? (identity, change.path)
                    let credit = try search.credit(definitionOf: source.0, at: step.commit, path: source.1)
                    entry.mergedBy = people.person(credit.committer)
                    if let author = credit.author { entry.author = people.person(author) }
                }
                entries[identity, default: []].append(entry)
            }
        }
        return (entries, grading.referenced)
    }
}

/// Which first-parent commits touched which feature identity's file, from the walk's deltas.
struct FeatureTouches {
    struct Touch: Hashable {
        var position: Int
        /// The file's path after the commit (its last path when the commit removed it).
        var path: String
        /// Set when the commit left the file unreadable.
        var problem: String?
        /// The commit removed the file (or moved the feature away from it).
        var removed: Bool
        /// The stage the file gives the feature after the commit (nil: removed or unreadable).
        var stage: String? = nil
        /// The file's blob after the commit, as the walk read it (nil: removed, or not known
        /// here; then it is looked up at `path` in the commit's tree).
        var blob: ObjectID? = nil
    }

    /// Only the features of these names are followed (nil: every feature).
    let only: Set<String>?

    init(only: Set<String>? = nil) {
        self.only = only
    }
    /// Per identity, oldest first.
    var byIdentity: [Identity: [Touch]] = [:]
    /// Per position, the identities touched there.
    var byPosition: [Int: [Identity]] = [:]
    var pathIdentity: [String: Identity] = [:]
    /// The paths that hold each identity now (more than one only while it is duplicated).
    var identityPaths: [Identity: Set<String>] = [:]
    var warnings: [HistoryWarning] = []

    mutating func place(_ identity: Identity?, at path: String) {
        if let old = pathIdentity[path] {
            identityPaths[old]?.remove(path)
            if identityPaths[old]?.isEmpty == true { identityPaths[old] = nil }
        }
        pathIdentity[path] = identity
        if let identity { identityPaths[identity, default: []].insert(path) }
    }

    mutating func apply(_ delta: [ResolvedChange], at position: Int, baseline _: Bool) {
        // A move is a removal and an addition in one commit: the addition speaks for it. A file
        // moved while unreadable is paired as history pairs it.
        let arrived = delta.compactMap { change -> String? in
            guard case .unreadable = change.state, pathIdentity[change.path] == nil else { return nil }
            return change.path
        }
        if !arrived.isEmpty {
            let left = delta.filter { $0.state == nil && pathIdentity[$0.path] != nil }.map(\.path)
            for pair in UnreadableMove.pairs(left: left, arrived: arrived, name: { $0 }) {
                if let identity = pathIdentity[pair.from] { place(identity, at: pair.to) }
            }
        }
        var touched: [Identity: Touch] = [:]
        for change in delta {
            let old = pathIdentity[change.path]
            switch change.state {
            case .feature(let identity, _)? where only?.contains(identity.feature) == false:
                // Another feature, not followed: only the one it replaces at this path matters.
                guard let old else { continue }
                place(nil, at: change.path)
                if touched[old] == nil {
                    touched[old] = Touch(position: position, path: change.path, problem: nil, removed: true)
                }
            case .feature(let identity, let stage)?:
                place(identity, at: change.path)
                touched[identity] = Touch(
                    position: position, path: change.path, problem: nil, removed: false, stage: stage,
                    blob: change.blob)
                if let old, old != identity, touched[old] == nil {
                    touched[old] = Touch(position: position, path: change.path, problem: nil, removed: true)
                }
            case .unreadable(let message)?:
                if let old, touched[old] == nil || touched[old]?.removed == true {
                    touched[old] = Touch(position: position, path: change.path, problem: message, removed: false)
                }
            case nil:
                place(nil, at: change.path)
                if let old, touched[old] == nil {
                    touched[old] = Touch(position: position, path: change.path, problem: nil, removed: true)
                }
            }
        }
        // A shallow clone's oldest commit is recorded too: not a change, the state as given.
        for (identity, touch) in touched {
            // Removed from one path while still at another (a move): not a removal.
            var touch = touch
            if touch.removed, let other = identityPaths[identity]?.min() {
                touch.removed = false
                touch.path = other
                touch.blob = nil
                // The feature keeps the stage its remaining file gives it.
                touch.stage = byIdentity[identity]?.last(where: { $0.stage != nil })?.stage
            }
            byIdentity[identity, default: []].append(touch)
            byPosition[position, default: []].append(identity)
        }
    }

    /// The identity's newest touch at or before `position`.
    func latest(_ identity: Identity, atOrBefore position: Int) -> Touch? {
        guard let list = byIdentity[identity] else { return nil }
        var (low, high) = (0, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle].position <= position { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? list[low - 1] : nil
    }
}

/// What one version of a feature file reads: its input features and the files it references.
struct VersionFact: Sendable {
    var inputs: [Identity] = []
    var references: [String] = []

    init() {}

    init(_ feature: Feature) {
        inputs = feature.featureInputs.compactMap(\.feature)
        references = feature.vocabularyReference.flatMap(VocabularyFile.repositoryPath).map { [$0] } ?? []
    }
}

/// Reads what each feature blob reads, once per blob.
struct VersionFacts {
    let repository: FeatureRepository
    let repo: Repository
    let steps: [FirstParentStep]
    let trees = TreeCache()
    var known: [ObjectID: VersionFact] = [:]

    init(repository: FeatureRepository, repo: Repository, steps: [FirstParentStep]) {
        self.repository = repository
        self.repo = repo
        self.steps = steps
    }

    /// What the file a touch left says it reads (nothing for a removal).
    mutating func of(_ touch: FeatureTouches.Touch) throws(FeatError) -> VersionFact {
        guard !touch.removed, let blob = try blob(at: touch.position, path: touch.path, known: touch.blob) else {
            return VersionFact()
        }
        if let fact = known[blob] { return fact }
        let bytes = try FeatKit.git { () throws(GitError) in try repo.blob(blob) }
        var fact = VersionFact()
        if BlobFacts.Mentions(bytes) != [],
            let feature = FeatureParser.parse(bytes, path: touch.path).feature
        {
            fact = VersionFact(feature)
        }
        known[blob] = fact
        return fact
    }

    /// The blob at a path (relative to the feature root) in the tree of the commit at `position`.
    func blob(at position: Int, path: String) throws(FeatError) -> ObjectID? {
        let tree = steps[position].tree
        let location = repository.treePath(path)
        return try FeatKit.git { () throws(GitError) -> ObjectID? in
            let entry = try repo.treeEntry(in: tree, path: location, cache: trees)
            return entry?.kind == .blob ? entry?.id : nil
        }
    }

    /// The blob at a path as the walk knew it (`known`), or else as the commit's tree has it.
    func blob(at position: Int, path: String, known: ObjectID?) throws(FeatError) -> ObjectID? {
        if let known { return known }
        return try blob(at: position, path: path)
    }

    /// The positions of the commits that change any of `paths` (repository paths relative to
    /// the feature root), compared with their first parent.
    mutating func positions(changing paths: Set<String>) throws(FeatError) -> [Int] {
        guard !paths.isEmpty else { return [] }
        let sorted = paths.sorted()
        var result: [Int] = []
        var before = [ObjectID?](repeating: nil, count: sorted.count)
        for position in steps.indices {
            trees.nextRound()
            var now: [ObjectID?] = []
            for path in sorted { now.append(try blob(at: position, path: path)) }
            if now != before { result.append(position) }
            before = now
        }
        return result
    }
}

/// Grades the commits of a log one by one, oldest first, with `feat diff PARENT COMMIT`.
struct LogGrading {
    let repository: FeatureRepository
    let plan: LogPlan
    var steps: [FirstParentStep] { plan.steps }
    var touches: FeatureTouches { plan.touches }
    var wanted: Set<Identity> { plan.wanted }
    var tracked: Set<Identity> { plan.tracked }
    /// Feature files as parsed, by blob and path: each version is the head of one diff and the
    /// base of the next.
    var parsedFiles: [BlobAtPath: ParsedFile] = [:]
    /// Per wanted identity unreadable since a commit: the last position where it was readable.
    var unreadableSince: [Identity: Int?] = [:]
    /// Per identity, its stage and path as last graded.
    var stages: [Identity: String?] = [:]
    var paths: [Identity: String] = [:]
    /// What the tracked features' files say they read, as of the last position graded: kept
    /// up to date from their touches (every touch of a tracked feature is a graded position).
    var known = HeadFeatureFacts()
    /// The path each tracked identity has in `known`.
    var knownPaths: [Identity: String] = [:]
    /// Every file a graded version referenced (repository paths relative to the feature root).
    var referenced = Set<String>()
    /// The bytes of the blobs the next commits' changes need, read ahead (`prefetch`).
    var prefetched: [ObjectID: [UInt8]] = [:]
    /// How many commits' blobs are read ahead at a time.
    static let prefetchRun = 256

    init(repository: FeatureRepository, plan: LogPlan) {
        self.repository = repository
        self.plan = plan
    }

    /// The state grading would have reached by `position`, from the walk's touches: what each
    /// tracked feature's latest readable version reads, and which files are unreadable since
    /// when — so that a part of the chain can be graded on its own.
    mutating func prime(before position: Int, facts: inout VersionFacts) throws(FeatError) {
        for identity in tracked {
            guard let list = touches.byIdentity[identity] else { continue }
            facts.trees.nextRound()
            var end = list.count
            while end > 0, list[end - 1].position >= position { end -= 1 }
            guard end > 0 else { continue }
            let latest = list[end - 1]
            paths[identity] = latest.path
            // A file removed while it could not be read changes nothing grading sees (no version
            // is compared): the unreadable stretch and the stage go on past such a removal.
            func silent(_ i: Int) -> Bool {
                list[i].removed && list[i].problem == nil && i > 0 && list[i - 1].problem != nil
            }
            var last = end - 1
            while last > 0, silent(last) { last -= 1 }
            // A trailing run of unreadable versions: the stretch began before the first of them.
            var first = last
            while first > 0, list[first - 1].problem != nil, list[first].problem != nil { first -= 1 }
            if list[last].problem != nil, wanted.contains(identity) {
                unreadableSince[identity] = .some(list[first].position - 1)
            }
            if let staged = list[..<end].indices.last(where: { list[$0].problem == nil && !silent($0) }) {
                stages[identity] = .some(list[staged].removed ? nil : list[staged].stage)
            }
            guard let readable = list[..<end].last(where: { $0.problem == nil }) else { continue }
            guard !readable.removed else { continue }
            let fact = try facts.of(readable)
            referenced.formUnion(fact.references)
            knownPaths[identity] = readable.path
            if !fact.inputs.isEmpty { known.derived.insert(readable.path) }
            if !fact.references.isEmpty { known.referencing.insert(readable.path) }
        }
    }

    /// Reads ahead the blobs the changes at `positions` bring, newest first: a pack stores an
    /// older version of a file as a delta against a newer one, so reading newest first finds
    /// more delta bases in libgit2's cache than grading's oldest-first order does (M's log of
    /// every feature: 26 % fewer instructions reading blobs).
    mutating func prefetch(_ positions: ArraySlice<Int>, facts: VersionFacts) throws(FeatError) {
        prefetched.removeAll(keepingCapacity: true)
        for position in positions.reversed() {
            for identity in touches.byPosition[position] ?? [] where tracked.contains(identity) {
                guard let touch = touches.latest(identity, atOrBefore: position), touch.position == position,
                    touch.problem == nil, let blob = touch.blob, prefetched[blob] == nil
                else { continue }
                prefetched[blob] = try FeatKit.git { () throws(GitError) in try facts.repo.blob(blob) }
            }
        }
    }

    func stage(of identity: Identity) -> String? { stages[identity] ?? nil }
    func path(of identity: Identity) -> String? { paths[identity] }

    /// The wanted features' changes at the commit at `position`, with the problem of a file it
    /// left unreadable (then the change is nil).
    mutating func grade(at position: Int, facts: inout VersionFacts) throws(FeatError)
        -> [(Identity, FeatureChange?, String?)]
    {
        let commit = steps[position].commit
        let here = touches.byPosition[position] ?? []
        facts.trees.nextRound()
        // Removals first: a file another feature leaves may be where this one arrives.
        let moved = here.filter { tracked.contains($0) }.compactMap { identity in
            touches.latest(identity, atOrBefore: position).map { (identity, $0) }
        }.filter { $0.1.problem == nil }
        for (identity, _) in moved {
            guard let old = knownPaths.removeValue(forKey: identity) else { continue }
            known.derived.remove(old)
            known.referencing.remove(old)
        }
        for (identity, touch) in moved where !touch.removed {
            let fact = try self.fact(at: position, path: touch.path, blob: touch.blob, facts: facts)
            knownPaths[identity] = touch.path
            if !fact.inputs.isEmpty { known.derived.insert(touch.path) }
            if !fact.references.isEmpty { known.referencing.insert(touch.path) }
        }
        guard position != plan.baseline else { return [] }
        var result: [(Identity, FeatureChange?, String?)] = []
        // Files left unreadable by this commit: entries with their problem, graded later from
        // the last version that could be read.
        var broken = Set<Identity>()
        for identity in here where wanted.contains(identity) {
            guard let touch = touches.latest(identity, atOrBefore: position), let problem = touch.problem else {
                continue
            }
            broken.insert(identity)
            if unreadableSince[identity] == nil { unreadableSince[identity] = .some(position - 1) }
            paths[identity] = touch.path
            result.append((identity, nil, problem))
        }
        let report = try diff(at: position, facts: facts)
        for change in report.features where wanted.contains(change.identity) && !broken.contains(change.identity) {
            var change = change
            if let since = unreadableSince[change.identity] {
                unreadableSince[change.identity] = nil
                // Graded from the last readable version: the stretch between is not a change.
                if let since, since >= 0, since != position - 1 {
                    let again = try repository.semanticDiff(base: steps[since].commit, head: commit)
                    guard let graded = again.report.features.first(where: { $0.identity == change.identity })
                    else { continue }
                    change = graded
                }
            }
            if change.status == .unreadable {
                let problem = change.unreadable?.problem.message ?? "unreadable"
                if unreadableSince[change.identity] == nil { unreadableSince[change.identity] = .some(position - 1) }
                result.append((change.identity, nil, problem))
                continue
            }
            stages[change.identity] = .some(change.stageAfter)
            paths[change.identity] = change.path
            // A move or a reformat changes nothing a consumer sees: not an entry.
            guard
                !change.changes.isEmpty || !change.events.isEmpty || change.status == .added
                    || change.status == .removed
            else { continue }
            result.append((change.identity, change, nil))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// `feat diff PARENT COMMIT` at a position, told what the walk knows of the head's tracked
    /// files; the root commit is diffed from nothing.
    mutating func diff(at position: Int, facts: VersionFacts) throws(FeatError) -> DiffReport {
        let commit = steps[position].commit
        guard position > 0 else {
            // Everything in the root commit is added: only the tracked features' files are read.
            let policy = try repository.policy(at: commit)
            let paths = Set(
                (touches.byPosition[0] ?? []).filter { tracked.contains($0) }.compactMap {
                    touches.latest($0, atOrBefore: 0)?.path
                })
            var files = try repository.parsed(try repository.entries(paths, at: commit))
            let vocabularies = try repository.checkReferences(&files, at: commit, policy: policy)
            return SemanticDiff.compare(
                before: [], after: files, policy: policy, vocabularies: VocabularyFiles(after: vocabularies))
        }
        let parent = steps[position - 1].commit
        let config = FeatureRepository.configPath
        // The policy changed (its folders may have), or a referenced file did: the whole diff.
        let parentConfig = try facts.blob(at: position - 1, path: config)
        let policyChanged = try facts.blob(at: position, path: config) != parentConfig
        if plan.referencePositions.contains(position) || policyChanged {
            return try repository.semanticDiff(base: parent, head: commit, known: known).report
        }
        // Otherwise the walk already knows which feature files changed: the tracked ones among
        // them, and the derived features an input's change reaches, go to the diff's grading.
        var before: [ParsedFile] = []
        var after: [ParsedFile] = []
        var changed = Set<String>()
        for identity in touches.byPosition[position] ?? [] where tracked.contains(identity) {
            guard let now = touches.latest(identity, atOrBefore: position) else { continue }
            // A version the parent could not read is no base: the stretch it ends is graded from
            // the last readable version (`grade` does), or, with none, as an addition. Paired
            // with it, the feature's entry would depend on which other features are followed.
            if let old = touches.latest(identity, atOrBefore: position - 1), !old.removed, old.problem == nil {
                // An identity held by two files at once (a duplicate): the version compared is
                // the one at the path that changed, as `diff PARENT COMMIT` pairs them.
                var path = old.path
                if !now.removed, now.path != old.path,
                    try parsed(at: position - 1, path: now.path, facts: facts)?.feature?.identity == identity
                {
                    path = now.path
                }
                let blob = path == old.path ? old.blob : nil
                if let file = try parsed(at: position - 1, path: path, blob: blob, facts: facts, last: true) {
                    before.append(file)
                    changed.insert(path)
                }
            }
            if !now.removed, let file = try parsed(at: position, path: now.path, blob: now.blob, facts: facts) {
                after.append(file)
                changed.insert(now.path)
            }
        }
        for path in known.derived.subtracting(changed).sorted() {
            guard let file = try parsed(at: position, path: path, facts: facts),
                file.feature?.featureInputs.isEmpty == false
            else { continue }
            before.append(file)
            after.append(file)
        }
        // The parent's config blob was just looked up: its policy is known by it.
        let policy = try repository.policy(configBlob: parentConfig)
        let vocabularies = VocabularyFiles(
            before: try repository.checkReferences(&before, at: parent, policy: policy),
            after: try repository.checkReferences(&after, at: commit))
        return SemanticDiff.compare(before: before, after: after, policy: policy, vocabularies: vocabularies)
    }

    /// What the version at a path reads, from the file as parsed for grading.
    mutating func fact(at position: Int, path: String, blob: ObjectID?, facts: VersionFacts) throws(FeatError)
        -> VersionFact
    {
        guard let feature = try parsed(at: position, path: path, blob: blob, facts: facts)?.feature else {
            return VersionFact()
        }
        let fact = VersionFact(feature)
        referenced.formUnion(fact.references)
        return fact
    }

    /// The feature file at a path in the tree of the commit at `position`, parsed once per blob.
    /// `blob`: the blob there when the walk knows it (nil: looked up in the commit's tree).
    /// `last`: the version is read as a diff's base, its last use; it is forgotten, so memory
    /// holds about one version per feature.
    mutating func parsed(
        at position: Int, path: String, blob known: ObjectID? = nil, facts: VersionFacts, last: Bool = false
    ) throws(FeatError) -> ParsedFile? {
        guard let blob = try facts.blob(at: position, path: path, known: known) else { return nil }
        let key = BlobAtPath(blob: blob, path: path)
        if let known = last ? parsedFiles.removeValue(forKey: key) : parsedFiles[key] { return known }
        var bytes = prefetched.removeValue(forKey: blob) ?? []
        if bytes.isEmpty { bytes = try FeatKit.git { () throws(GitError) in try facts.repo.blob(blob) } }
        let file = FeatureParser.parse(bytes, path: path)
        parsedFiles[key] = file
        return file
    }
}

/// A blob as found at a path: a parsed feature file names its path.
struct BlobAtPath: Hashable {
    var blob: ObjectID
    var path: String
}
