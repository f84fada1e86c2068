import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import Foundation
import GitID

/// Assembles the catalog page of a revision (SPEC §9) from what the other commands already
/// decide: the catalog and policy at the commit, obligations as `feat promote` and FEAT003
/// judge them, the stage history, `feat log`'s changelog, and the consumers with their locks.
public enum CatalogPageBuilder {
    /// The page from values already read: no git here, so every choice it makes is testable
    /// on plain values.
    public static func assemble(
        revision: ObjectID, date: Date, asked: String?, policy: Policy, catalog: Catalog, history: StageHistory?,
        log: SemanticLog?, consumers: ConsumerCatalog, locks: [String: CatalogPage.LockState]
    ) -> CatalogPage {
        let features = catalog.features
        var byIdentity: [Identity: Feature] = [:]
        for f in features where byIdentity[f.identity] == nil { byIdentity[f.identity] = f }
        let resolve: (Identity) -> Feature? = { byIdentity[$0] }

        var transitions: [Identity: [Transition]] = [:]
        for h in history?.features ?? [] { transitions[h.identity] = h.transitions }
        var changelog: [Identity: [LogEntry]] = [:]
        for l in log?.features ?? [] { changelog[l.identity] = l.entries }

        let readable = consumers.consumers.sorted { $0.name < $1.name }
        var readers: [Identity: [CatalogPage.Reader]] = [:]
        for c in readable {
            let locked = locks[c.path]?.exists ?? false
            for read in c.reads {
                readers[read.identity, default: []].append(
                    CatalogPage.Reader(
                        consumer: c.name, stage: c.stage.rawValue, owner: c.owner, role: read.role, locked: locked))
            }
        }

        let sections = features.map { f in
            CatalogPage.FeatureSection(
                identity: f.identity, path: f.path, stage: f.stage, kind: f.kind?.rawValue, owner: f.owner,
                tags: f.definition[path: "tags"]?.listItems?.map(\.display) ?? [],
                hypothesis: text(f.definition[path: "hypothesis"]),
                description: text(f.definition[path: "description"]),
                evidence: f.definition[path: "evidence"]?.listItems ?? [],
                requirements: requirements(of: f, at: f.stage, policy: policy, resolve: resolve),
                next: policy.next(after: f.stage).map { requirements(of: f, at: $0, policy: policy, resolve: resolve) },
                transitions: transitions[f.identity] ?? [], changelog: changelog[f.identity] ?? [],
                readers: readers[f.identity] ?? [], inputs: f.inputs.compactMap(\.feature))
        }

        let consumerSections = readable.map { c in
            CatalogPage.ConsumerSection(
                name: c.name, path: c.path, kind: c.kind?.rawValue, stage: c.stage.rawValue, owner: c.owner,
                description: c.description,
                reads: c.reads.map {
                    CatalogPage.ConsumerRead(identity: $0.identity, role: $0.role, stage: resolve($0.identity)?.stage)
                },
                lock: locks[c.path] ?? .none)
        }

        var unreadable = catalog.files.filter { $0.feature == nil }.map { file in
            let problem = file.unreadableProblem
            return CatalogPage.UnreadableFile(
                path: file.path, line: problem?.line, message: problem?.message ?? "the file does not parse")
        }
        for file in consumers.files where file.consumer == nil {
            let problem = file.problems.first { $0.severity == .error } ?? file.problems.first
            unreadable.append(
                CatalogPage.UnreadableFile(
                    path: file.path, line: problem?.line, message: problem?.message ?? "the file does not parse"))
        }
        for key in locks.keys.sorted() {
            if case .unreadable(let path, let message) = locks[key] {
                unreadable.append(CatalogPage.UnreadableFile(path: path, line: nil, message: message))
            }
        }

        var warnings: [String] = []
        for w in history?.warnings ?? [] {
            warnings.append("\(w.path) at \(w.commit.description.prefix(12)): \(w.message); its stage there is unknown")
        }
        for w in log?.warnings ?? [] {
            warnings.append("\(w.path) at \(w.commit.description.prefix(12)): \(w.message)")
        }

        let ladder = policy.ladder.map(\.name)
        let stages = policy.stageOrder.map { name in
            CatalogPage.StageInfo(
                name: name, rung: ladder.firstIndex(of: name), frozen: policy.stage(name)?.frozen ?? false)
        }
        return CatalogPage(
            revision: revision, date: date, asked: asked, stages: stages, features: sections,
            consumers: consumerSections, unreadable: unreadable, warnings: warnings,
            shallowBoundary: history?.shallowBoundary ?? log?.shallowBoundary, hasChangelog: log != nil,
            changelogWindow: log?.window, generator: FeatVersion.current)
    }

    /// Every obligation of `stage` for a feature, met (itself or through its inputs, as FEAT003
    /// counts it) or not; an unmet one reads as what the feature's shape asks for.
    static func requirements(
        of feature: Feature, at stage: String, policy: Policy, resolve: (Identity) -> Feature?
    ) -> CatalogPage.StageRequirements {
        let obligations = policy.obligations(at: stage, kind: feature.kind).map { o in
            let met = o.isMet(by: feature, resolvingInputs: resolve)
            return CatalogPage.ObligationState(
                text: met ? o.description : o.description(for: feature.definition), met: met)
        }
        return CatalogPage.StageRequirements(stage: stage, obligations: obligations)
    }

    /// A text field as a person reads it: a string as written, any other value displayed.
    static func text(_ value: Value?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? value.display
    }
}

extension FeatureRepository {
    /// The catalog page of a commit: its features and consumers with that commit's policy,
    /// the stage history and changelog along its first-parent history, and the consumers'
    /// locks as committed there. `asked` is what `--at` said, for the page's heading;
    /// `changelog: false` leaves `feat log`'s grading out, and `changelogCommits` limits it
    /// to the newest that many commits that changed a feature (nil: every one).
    public func catalogPage(
        at commit: ObjectID, asked: String? = nil, changelog: Bool = true,
        changelogCommits: Int? = CatalogPage.defaultChangelogCommits, workers: WorkerProcesses? = nil,
        index: Bool = true, progress: WalkProgress? = nil
    ) throws(FeatError) -> CatalogPage {
        let repo = try requireGit()
        let policy = try policy(at: commit)
        let catalog = try catalog(at: commit, policy: policy)
        let history = try stageHistory(at: commit, policy: policy, workers: workers, index: index, progress: progress)
        let log =
            changelog
            ? try semanticLog(
                at: commit, policy: policy, newest: changelogCommits, workers: workers, index: index,
                progress: progress) : nil
        let consumers = try consumerCatalog(at: commit, policy: policy)
        let date = try FeatKit.git { () throws(GitError) in try repo.commit(commit).date }
        var locks: [String: CatalogPage.LockState] = [:]
        for c in consumers.consumers {
            locks[c.path] = try lockState(forDeclaration: c.path, at: commit)
        }
        return CatalogPageBuilder.assemble(
            revision: commit, date: date, asked: asked, policy: policy, catalog: catalog, history: history, log: log,
            consumers: consumers, locks: locks)
    }

    /// The lock beside a consumer's declaration at a commit: none, what it pins, or why it
    /// cannot be read.
    func lockState(forDeclaration declaration: String, at commit: ObjectID) throws(FeatError) -> CatalogPage.LockState {
        let path = Self.lockPath(forDeclaration: declaration)
        guard let entry = try entry(path, at: commit), entry.kind == .blob else { return .none }
        let repo = try requireGit()
        let bytes = try FeatKit.git { () throws(GitError) in try repo.blob(entry.id) }
        do {
            let lock = try LockFile.parse(bytes, path: path)
            return .present(path: path, commit: lock.commit, reads: lock.reads.count, dirty: lock.dirty)
        } catch {
            return .unreadable(path: path, message: error.description)
        }
    }
}
