import FeatDiff
import FeatGit
import FeatJSON
import FeatModel
import FeatReport
import Foundation
import GitID

/// What `feat lock` locks: a consumer's reads, or features named on the command line.
public enum LockSelection: Sendable, Hashable {
    case consumer(String)
    case features([Identity])

    /// `a,b@2`: names, each with `@VERSION` or version 1 (as in a consumer's `reads`).
    public static func features(parsing text: String) throws(FeatError) -> LockSelection {
        var identities: [Identity] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = word.trimmingCharacters(in: .whitespaces)
            let parts = item.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0]
            guard FeatureName.isValid(name) else {
                throw .invalidArgument(
                    "--features: '\(item)' is not a feature name (write NAME or NAME@VERSION, separated by commas)")
            }
            var version = 1
            if parts.count == 2 {
                guard let v = Int(parts[1]), v >= 1 else {
                    throw .invalidArgument("--features: '\(item)' has no version number after '@' (write \(name)@2)")
                }
                version = v
            }
            let identity = Identity(feature: name, version: version)
            if !identities.contains(identity) { identities.append(identity) }
        }
        return .features(identities)
    }
}

/// What `feat lock` made: the lock, or the reads it could not lock (then nothing is written).
public struct LockOutcome: Sendable {
    public var lock: LockFile?
    public var problems: [LockReadProblem]
    /// Where a consumer's lock goes by default, beside its declaration: relative to the
    /// feature root, and on disk (nil in a bare repository).
    public var defaultPath: String?
    public var defaultPathOnDisk: String?
    /// Files with uncommitted changes that the lock pins (only with `--allow-dirty`).
    public var dirtyPaths: [String]
}

/// `feat diff LOCK`: the §4 diff from a lock's definitions to a revision or the working tree.
public struct LockDiff: Sendable {
    public var report: DiffReport
    /// The commit compared with, nil for the working tree.
    public var head: ObjectID?
    /// Feature files on that side that cannot be read and are not where a read was locked:
    /// any of them may hold a read the diff calls removed.
    public var unreadableElsewhere: [String]
}

/// The first arguments of `feat diff` read as a lock and a revision.
public struct LockDiffArguments: Sendable {
    public var path: String
    public var lock: LockFile
    public var revision: String?
    /// Said on stderr when the path is also a revision.
    public var warning: String?
}

/// Where the reads of a lock are read: a commit, or the working tree (with HEAD beside it).
struct LockSide {
    /// nil for the working tree.
    var commit: ObjectID?
    /// The commit a lock records: the commit read, or HEAD for the working tree.
    var head: ObjectID
    var policy: Policy
}

/// A feature locked, or why it cannot be.
enum LockedOrProblem {
    case locked(LockedRead)
    case problem(LockReadProblem)
}

/// The feature files of one side: every file's identity, and the files a lock needs, parsed.
struct LocatedReads {
    /// Every feature file's path by identity (from the line scan, or a full parse).
    var paths: [Identity: [String]] = [:]
    /// Files already parsed in full while scanning, by path.
    var parsed: [String: ParsedFile] = [:]
    /// The loaded files of each identity asked for.
    var files: [Identity: [ParsedFile]] = [:]
    /// Feature files that could not be read at all (their identity is unknown).
    var unreadable: [ParsedFile] = []
    /// What the loaded files' references hold (`VocabularyFiles`).
    var vocabularies: [String: [String]] = [:]

    /// Every identity on the side, for "did you mean".
    var known: Set<Identity> { Set(paths.keys) }
}

extension FeatureRepository {
    // MARK: feat lock

    /// Locks a consumer's reads, or a set of features, at a revision or (by default) in the
    /// working tree. Refuses (`FeatError`) uncommitted changes to the read feature files and
    /// the files they reference unless `allowDirty`; a read that does not exist or cannot be
    /// read is a problem of the outcome, and then there is no lock.
    public func lock(_ selection: LockSelection, revision: String?, allowDirty: Bool) throws(FeatError) -> LockOutcome {
        let side = try lockSide(revision: revision)
        var consumerName: String?
        var defaultPath: String?
        var identities: [Identity]
        switch selection {
        case .features(let list):
            identities = list
        case .consumer(let name):
            let consumer = try findConsumer(name, side: side)
            consumerName = consumer.name
            identities = consumer.reads.map(\.identity)
            defaultPath = Self.lockPath(forDeclaration: consumer.path)
        }
        identities = Array(Set(identities)).sorted()
        let built = try buildReads(identities, side: side)
        let onDisk = defaultPath.flatMap { path in root.map { $0 + "/" + path } }
        guard built.problems.isEmpty else {
            return LockOutcome(
                lock: nil, problems: built.problems, defaultPath: defaultPath, defaultPathOnDisk: onDisk,
                dirtyPaths: built.dirty)
        }
        if !built.dirty.isEmpty, !allowDirty {
            let shown = built.dirty.prefix(10).joined(separator: ", ")
            let more = built.dirty.count > 10 ? " and \(built.dirty.count - 10) more" : ""
            throw .invalidArgument(
                "uncommitted changes to what the lock pins: \(shown)\(more); commit them first, "
                    + "or pass --allow-dirty (the lock then says \"dirty\": true)")
        }
        let lock = LockFile(
            format: LockFile.currentFormat, feat: FeatVersion.current, consumer: consumerName,
            commit: side.head.description, dirty: !built.dirty.isEmpty, reads: built.reads)
        return LockOutcome(
            lock: lock, problems: [], defaultPath: defaultPath, defaultPathOnDisk: onDisk, dirtyPaths: built.dirty)
    }

    /// `consumers/fraud_scorer.yaml` → `consumers/fraud_scorer.lock.json`.
    static func lockPath(forDeclaration path: String) -> String {
        for ext in [".yaml", ".yml"] where path.hasSuffix(ext) {
            return String(path.dropLast(ext.count)) + ".lock.json"
        }
        return path + ".lock.json"
    }

    /// Where `feat lock CONSUMER` writes, and `feat lock --check CONSUMER` reads, its lock:
    /// relative to the feature root (as reports name it), and on disk.
    public func lockPath(forConsumer name: String, revision: String?) throws(FeatError) -> (
        path: String, onDisk: String
    ) {
        let side = try lockSide(revision: revision)
        let consumer = try findConsumer(name, side: side)
        let path = Self.lockPath(forDeclaration: consumer.path)
        return (path, root.map { $0 + "/" + path } ?? path)
    }

    func lockSide(revision: String?) throws(FeatError) -> LockSide {
        if let revision {
            let commit = try resolve(revision)
            return LockSide(commit: commit, head: commit, policy: try policy(at: commit))
        }
        let head = try resolve("HEAD")
        // A bare repository has no working tree: HEAD is what there is.
        guard root != nil else { return LockSide(commit: head, head: head, policy: try policy(at: head)) }
        return LockSide(commit: nil, head: head, policy: try worktreePolicy())
    }

    func findConsumer(_ name: String, side: LockSide) throws(FeatError) -> Consumer {
        func read(mentioning: String?) throws(FeatError) -> ConsumerCatalog {
            if let commit = side.commit {
                return try consumerCatalog(at: commit, policy: side.policy, mentioning: mentioning)
            }
            return try worktreeConsumerCatalog(policy: side.policy, mentioning: mentioning)
        }
        // Only the files that can declare it are parsed; every file, to suggest a name, when none does.
        let catalog = try read(mentioning: name)
        let found = catalog.consumers.filter { $0.name == name }
        if found.count > 1 {
            throw .invalidArgument(
                "consumer '\(name)' is declared twice (\(found.map(\.path).joined(separator: ", "))); keep one")
        }
        if let consumer = found.first { return consumer }
        let broken = catalog.files.filter { file in
            file.consumer == nil && (file.path as NSString).lastPathComponent.hasPrefix(name + ".")
        }
        if let file = broken.first {
            let problem = file.problems.first { $0.severity == .error } ?? file.problems.first
            throw .invalidArgument(
                "\(file.path)\(problem?.line.map { ":\($0)" } ?? ""): consumer '\(name)' cannot be read: "
                    + (problem?.message ?? "it does not parse"))
        }
        let folders = side.policy.consumerFolders.joined(separator: ", ")
        let every = try read(mentioning: nil).consumers.map(\.name)
        throw .invalidArgument(
            "no consumer named '\(name)'\(Suggestion.hint(for: name, in: every)) "
                + "in the consumers folders (\(folders)); to lock features without a declaration, "
                + "use --features NAME,NAME@2 -o FILE")
    }

    /// The locked reads of `identities` on a side (each with its inputs, transitively), the
    /// reads that cannot be locked, and the files they pin that have uncommitted changes
    /// (working tree only).
    func buildReads(_ identities: [Identity], side: LockSide) throws(FeatError) -> (
        reads: [LockedRead], problems: [LockReadProblem], dirty: [String]
    ) {
        var located = try scan(side)
        try load(Set(identities), into: &located, side: side)
        var reads: [LockedRead] = []
        var problems: [LockReadProblem] = []
        var dirty = Set<String>()
        var exitReads: [Int] = []
        reads: for identity in identities {
            var read: LockedRead
            switch try lockedEntry(identity, in: located, side: side, dirty: &dirty) {
            case .locked(let found): read = found
            case .problem(let problem):
                problems.append(problem)
                continue
            }
            // Its inputs, transitively (a cycle stops at a feature already met).
            var seen: Set<Identity> = [identity]
            var queue = read.feature.featureInputs.compactMap(\.feature)
            while !queue.isEmpty {
                let next = queue.removeFirst()
                guard seen.insert(next).inserted else { continue }
                try load([next], into: &located, side: side)
                switch try lockedEntry(next, in: located, side: side, dirty: &dirty) {
                case .locked(let input):
                    read.inputs.append(input)
                    queue += input.feature.featureInputs.compactMap(\.feature)
                case .problem(let problem):
                    problems.append(
                        LockReadProblem(
                            identity: identity, path: read.path, message: "its input \(next): \(problem.message)"))
                    continue reads
                }
            }
            read.inputs.sort { $0.identity < $1.identity }
            if side.policy.stage(read.stage)?.from != nil { exitReads.append(reads.count) }
            reads.append(read)
        }
        if !exitReads.isEmpty {
            let left = stagesLeft(exitReads.map { reads[$0] }, side: side)
            for i in exitReads { reads[i].leftFrom = left[reads[i].identity] }
        }
        return (reads, problems, dirty.sorted())
    }

    /// One feature locked from the loaded files of a side, or why it cannot be.
    func lockedEntry(_ identity: Identity, in located: LocatedReads, side: LockSide, dirty: inout Set<String>)
        throws(FeatError) -> LockedOrProblem
    {
        let files = located.files[identity] ?? []
        guard let file = files.first else {
            var message = "no feature \(identity) exists"
            message += side.commit == nil ? " in the working tree" : " at \(side.head.description.prefix(12))"
            let versions = located.known.filter { $0.feature == identity.feature }.map(\.version).sorted()
            if !versions.isEmpty {
                message += " (\(identity.feature) has version\(versions.count == 1 ? "" : "s") "
                message += versions.map(String.init).joined(separator: ", ")
                message += "; write \(identity.feature)@\(versions.count == 1 ? String(versions[0]) : "N"))"
            } else {
                message += Suggestion.hint(for: identity.feature, in: Set(located.known.map(\.feature)))
            }
            if !located.unreadable.isEmpty {
                let n = located.unreadable.count
                message += " (\(n) feature file\(n == 1 ? "" : "s") cannot be read: "
                message += located.unreadable.prefix(3).map(\.path).joined(separator: ", ") + ")"
            }
            return .problem(LockReadProblem(identity: identity, path: nil, message: message))
        }
        if files.count > 1 {
            return .problem(
                LockReadProblem(
                    identity: identity, path: file.path,
                    message:
                        "\(identity) is held by \(files.count) files (\(files.map(\.path).joined(separator: ", "))); "
                        + "an identity must be unique (FEAT002)"))
        }
        guard let feature = file.feature, file.unreadableProblem == nil else {
            let problem = file.unreadableProblem
            return .problem(
                LockReadProblem(
                    identity: identity, path: file.path,
                    message: "\(file.path)\(problem?.line.map { ":\($0)" } ?? ""): cannot be read: "
                        + (problem?.message ?? "it does not parse")))
        }
        var pinned: [LockedFile] = []
        var entries: [String]?
        if let reference = feature.vocabularyReference, let path = VocabularyFile.repositoryPath(reference),
            let sha = located.vocabularies[VocabularyFile.contentHashKey(reference)]?.first
        {
            let blob = try blobID(of: path, side: side)
            if side.commit == nil, try isDirty(path, blob: blob, head: side.head) { dirty.insert(path) }
            pinned.append(LockedFile(path: path, blob: blob?.description, sha256: sha))
            entries = located.vocabularies[reference]
        }
        let blob = try blobID(of: feature.path, side: side)
        if side.commit == nil, try isDirty(feature.path, blob: blob, head: side.head) { dirty.insert(feature.path) }
        return .locked(
            LockedRead(
                identity: identity, path: feature.path, stage: feature.stage, leftFrom: nil,
                blob: blob?.description, files: pinned,
                definition: LockDefinition.json(feature.definition, vocabulary: entries), feature: feature))
    }

    /// For reads in an exit stage, the stage each left for it, as the first-parent history of
    /// the side's commit shows it (nothing when the history does not reach that far). In the
    /// working tree, a read whose committed stage is another one left that stage.
    func stagesLeft(_ reads: [LockedRead], side: LockSide) -> [Identity: String] {
        guard let history = try? stageHistory(at: side.head, policy: side.policy) else { return [:] }
        var result: [Identity: String] = [:]
        for read in reads {
            guard let feature = history.features.first(where: { $0.identity == read.identity }) else { continue }
            if let committed = feature.stage, committed != read.stage {
                if side.policy.stage(committed)?.from == nil { result[read.identity] = committed }
                continue
            }
            if let last = feature.transitions.last, last.to == read.stage, let from = last.from,
                side.policy.stage(from)?.from == nil
            {
                result[read.identity] = from
            }
        }
        return result
    }

    /// The git blob id of a file relative to the feature root: its tree entry at a commit, or
    /// in the working tree the blob its bytes would become (as `git add` stores them).
    func blobID(of path: String, side: LockSide) throws(FeatError) -> ObjectID? {
        if let commit = side.commit { return try entry(path, at: commit)?.id }
        guard let root, let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
        let repo = try requireGit()
        let stored = try FeatKit.git { () throws(GitError) in
            try repo.bytesAsStored([UInt8](data), path: treePath(path))
        }
        return Repository.blobID(of: stored)
    }

    /// Whether a working-tree file differs from HEAD's (or HEAD does not have it).
    func isDirty(_ path: String, blob: ObjectID?, head: ObjectID) throws(FeatError) -> Bool {
        guard let committed = try entry(path, at: head), committed.kind == .blob else { return true }
        return committed.id != blob
    }

    /// Every feature file of a side by identity, read with the line scan where it is exact:
    /// only the files a lock needs are then parsed in full (`load`).
    func scan(_ side: LockSide) throws(FeatError) -> LocatedReads {
        var result = LocatedReads()
        if let commit = side.commit {
            let repo = try requireGit()
            let known = try identities(at: commit, policy: side.policy, except: [])
            for (path, entry) in try featureEntries(at: commit, policy: side.policy) {
                if let identity = known[path] {
                    result.paths[identity, default: []].append(path)
                } else if entry.kind == .blob {
                    let bytes = try FeatKit.git { () throws(GitError) in try repo.blob(entry.id) }
                    result.unreadable.append(FeatureParser.parse(bytes, path: path))
                } else {
                    result.unreadable.append(
                        ParsedFile(path: path, feature: nil, problems: [Problem(.error, "is not a regular file")]))
                }
            }
        } else {
            let root = try requireWorkingTree("lock")
            let found = worktreeFeaturePaths(policy: side.policy)
            result.unreadable = found.unreadable
            // A file the index shows unchanged since it was staged holds a known blob: what
            // the identity scan read from that blob once is remembered (`BlobFacts`).
            let repo = try requireGit()
            let facts = blobFacts(repo)
            let staged = repo.stagedBlobs(unchangedAt: found.paths.map(treePath))
            defer { facts.save() }
            for path in found.paths {
                let blob = staged[treePath(path)]
                if let blob, let identity = facts[blob]?.scan?.identity {
                    result.paths[identity, default: []].append(path)
                    continue
                }
                var info = stat()
                // Anything odd (a symbolic link, a huge file) is left to the reader that says why.
                guard lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 24,
                    let data = FileManager.default.contents(atPath: root + "/" + path)
                else {
                    result.unreadable.append(readWorktreeFile(path, root: root))
                    continue
                }
                let bytes = [UInt8](data)
                if let blob, let stored = try? repo.bytesAsStored(bytes, path: treePath(path)),
                    Repository.blobID(of: stored) == blob
                {
                    // Unchanged since staged, and the bytes `git add` would store are the
                    // blob's own (a filter that is not run here, or a working-tree encoding,
                    // would make them differ): what they hold is remembered for the blob.
                    facts.remember(
                        blob, mentions: BlobFacts.Mentions(stored), scan: BlobFacts.Scan(stored, path: path))
                }
                if let quick = StageScan.read(bytes) {
                    result.paths[quick.identity, default: []].append(path)
                    continue
                }
                let parsed = readWorktreeFile(path, root: root)
                if let identity = parsed.feature?.identity {
                    result.paths[identity, default: []].append(path)
                    result.parsed[path] = parsed
                } else {
                    result.unreadable.append(parsed)
                }
            }
        }
        result.unreadable.sort { $0.path < $1.path }
        return result
    }

    /// Parses the files holding `wanted` identities (once each) and checks their references.
    func load(_ wanted: Set<Identity>, into located: inout LocatedReads, side: LockSide) throws(FeatError) {
        var batch: [(Identity, ParsedFile)] = []
        for identity in wanted.sorted() where located.files[identity] == nil {
            for path in located.paths[identity] ?? [] {
                if let parsed = located.parsed[path] {
                    batch.append((identity, parsed))
                } else if let commit = side.commit {
                    let bytes = try file(path, at: commit) ?? []
                    batch.append((identity, FeatureParser.parse(bytes, path: path)))
                } else {
                    batch.append((identity, readWorktreeFile(path, root: try requireWorkingTree("lock"))))
                }
            }
        }
        guard !batch.isEmpty else { return }
        var files = batch.map(\.1)
        let vocabularies = try checkReferences(&files, at: side.commit, policy: side.policy)
        located.vocabularies.merge(vocabularies) { _, new in new }
        // A file the line scan reads may still fail the full parse: it is this read, unreadable.
        for (i, file) in files.enumerated() { located.files[batch[i].0, default: []].append(file) }
    }

    // MARK: feat diff LOCK

    /// Reads `feat diff`'s arguments as a lock and a revision, or returns nil when they are
    /// revisions. `--lock FILE` names the lock explicitly; otherwise the first argument is a
    /// lock when it names a file holding JSON with a `lock` key (read as the file, with a
    /// warning, when it is also a revision).
    public func lockDiffArguments(_ arguments: [String], lockOption: String?) throws(FeatError) -> LockDiffArguments? {
        if let path = lockOption {
            guard arguments.count <= 1 else {
                throw .invalidArgument("with --lock, feat diff takes at most one revision (the side to compare with)")
            }
            return LockDiffArguments(
                path: path, lock: try LockFile.read(at: path), revision: arguments.first, warning: nil)
        }
        guard let first = arguments.first, LockFile.looksLikeLock(at: first) else { return nil }
        guard arguments.count <= 2 else {
            throw .invalidArgument("feat diff LOCK takes at most one revision after the lock")
        }
        var warning: String?
        if git != nil, (try? resolve(first)) != nil {
            warning =
                "'\(first)' is both a file and a revision; reading the file as a lock "
                + "(to diff from the revision, write \(first)^{commit}; --lock FILE says it is a lock)"
        }
        return LockDiffArguments(
            path: first, lock: try LockFile.read(at: first), revision: arguments.dropFirst().first, warning: warning)
    }

    /// The §4 diff from the lock's definitions to a revision (nil: the working tree): what the
    /// model was trained on → now. Needs no history: the lock holds everything of its side.
    /// Each side is judged by the policy of the side compared with.
    public func diff(from lock: LockFile, to revision: String?) throws(FeatError) -> LockDiff {
        let side = try lockSide(revision: revision)
        // The reads and, once each, their inputs: an input's change reaches the read that is
        // derived from it (SPEC §10), as in any diff.
        var locked: [Identity: LockedRead] = [:]
        for read in lock.reads {
            for entry in [read] + read.inputs where locked[entry.identity] == nil { locked[entry.identity] = entry }
        }
        var located = try scan(side)
        try load(Set(locked.keys), into: &located, side: side)
        let lockedPaths = Set(locked.values.map(\.path))
        var after = located.files.values.flatMap { $0 }
        after += located.unreadable.filter { lockedPaths.contains($0.path) }
        let entries = locked.values.sorted { $0.identity < $1.identity }
        let before = entries.map { ParsedFile(path: $0.path, feature: $0.feature, problems: []) }
        var old: [String: [String]] = [:]
        for entry in entries { old.merge(entry.vocabularies) { _, new in new } }
        var left: [Identity: String] = [:]
        for read in lock.reads { if let from = read.leftFrom { left[read.identity] = from } }
        let report = SemanticDiff.compare(
            before: before, after: after.sorted { $0.path < $1.path }, policy: side.policy,
            vocabularies: VocabularyFiles(before: old, after: located.vocabularies), stagesLeft: left)
        let elsewhere = located.unreadable.map(\.path).filter { !lockedPaths.contains($0) }
        return LockDiff(report: report, head: side.commit, unreadableElsewhere: elsewhere)
    }

    // MARK: feat check --lock

    /// The deploy gate: each locked read at a revision (nil: the working tree), failing on a
    /// change beyond `maxImpact`, a removal, or a file that cannot be read.
    public func lockGate(
        _ lock: LockFile, path: String, revision: String?, maxImpact: Impact, allowWidening: Bool
    ) throws(FeatError) -> LockGateReport {
        let policy = try lockSide(revision: revision).policy
        let diff = try self.diff(from: lock, to: revision)
        var reads = LockGate.judge(
            lock.reads, diff: diff.report, policy: policy, maxImpact: maxImpact, allowWidening: allowWidening)
        if !diff.unreadableElsewhere.isEmpty {
            let n = diff.unreadableElsewhere.count
            let suspects =
                diff.unreadableElsewhere.prefix(5).joined(separator: ", ") + (n > 5 ? " and \(n - 5) more" : "")
            for i in reads.indices where reads[i].status == .removed {
                reads[i].problem =
                    "no readable file holds it; \(n == 1 ? "this file cannot" : "these files cannot") be read "
                    + "and may: \(suspects)"
            }
        }
        return LockGateReport(
            lock: path, rev: diff.head?.description ?? "worktree", lockCommit: lock.commit, lockFeat: lock.feat,
            maxImpact: maxImpact, allowWidening: allowWidening, reads: reads)
    }

    // MARK: feat lock --check

    /// Compares the lock on disk with what `feat lock` would write now: identities, digests
    /// and the referenced files' SHA-256s; never blob ids, commit, dirtiness or feat version.
    /// A lock written by another feat version is compared by the semantic diff instead of the
    /// digest (its canonical form may differ), so only a change of meaning is drift.
    public func checkLock(at path: String, named name: String? = nil, selection: LockSelection?, revision: String?)
        throws(FeatError) -> LockCheckReport
    {
        let lock: LockFile
        do {
            lock = try LockFile.read(at: path)
        } catch .io(_, let message) {
            throw .io(path: name ?? path, message: message)
        }
        let side = try lockSide(revision: revision)
        let identities: [Identity]
        switch selection {
        case .consumer(let name)?: identities = try findConsumer(name, side: side).reads.map(\.identity)
        case .features(let list)?: identities = list
        case nil: identities = lock.reads.map(\.identity)
        }
        let wanted = Array(Set(identities)).sorted()
        let built = try buildReads(wanted, side: side)
        var now: [Identity: LockedRead] = [:]
        for read in built.reads { now[read.identity] = read }
        var problems: [Identity: String] = [:]
        for problem in built.problems { problems[problem.identity] = problem.message }
        let sameVersion = lock.feat == FeatVersion.current
        var reads: [LockCheckReport.Read] = []
        let locked = Dictionary(lock.reads.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        for read in lock.reads {
            guard let current = now[read.identity] else {
                reads.append(
                    LockCheckReport.Read(
                        identity: read.identity, status: .missing, differs: ["identity"],
                        problem: problems[read.identity]
                            ?? "no longer read by consumer \(lock.consumer ?? "")".trimmingCharacters(in: .whitespaces))
                )
                continue
            }
            var differs: [String] = []
            let definitionDiffers =
                sameVersion
                ? current.digest != read.digest : Self.differsInMeaning(read, current, policy: side.policy)
            if definitionDiffers { differs.append("digest") }
            if Set(current.files.map { [$0.path, $0.sha256] }) != Set(read.files.map { [$0.path, $0.sha256] }) {
                differs.append("files")
            }
            if Self.inputsDiffer(read.inputs, current.inputs, sameVersion: sameVersion, policy: side.policy) {
                differs.append("inputs")
            }
            reads.append(
                LockCheckReport.Read(
                    identity: read.identity, status: differs.isEmpty ? .current : .stale, differs: differs))
        }
        for identity in wanted where locked[identity] == nil {
            reads.append(
                LockCheckReport.Read(
                    identity: identity, status: .added, differs: ["identity"], problem: problems[identity]))
        }
        return LockCheckReport(lock: name ?? path, reads: reads)
    }

    /// Whether the inputs locked differ from the inputs now: another set, or one whose
    /// definition or files changed.
    static func inputsDiffer(_ old: [LockedRead], _ new: [LockedRead], sameVersion: Bool, policy: Policy) -> Bool {
        guard old.map(\.identity) == new.map(\.identity) else { return true }
        return zip(old, new).contains { a, b in
            let definition = sameVersion ? a.digest != b.digest : differsInMeaning(a, b, policy: policy)
            return definition
                || Set(a.files.map { [$0.path, $0.sha256] }) != Set(b.files.map { [$0.path, $0.sha256] })
        }
    }

    /// Whether two locked reads differ by the semantic diff (SPEC §4: "no change at all").
    static func differsInMeaning(_ old: LockedRead, _ new: LockedRead, policy: Policy) -> Bool {
        let report = SemanticDiff.compare(
            before: [ParsedFile(path: new.path, feature: old.feature, problems: [])],
            after: [ParsedFile(path: new.path, feature: new.feature, problems: [])], policy: policy,
            vocabularies: VocabularyFiles(before: old.vocabularies, after: new.vocabularies))
        return !report.isEmpty
    }
}

/// The deploy gate's judgement of each locked read, from the diff of the lock to a revision.
public enum LockGate {
    /// The fields that make a model's input signature: a change to them breaks a trained
    /// model even where §4 calls it a lossless widening.
    public static let signatureFields: Set<String> = ["type", "map.key_type", "map.value_type", "embedding.dtype"]

    static func judge(
        _ reads: [LockedRead], diff: DiffReport, policy: Policy, maxImpact: Impact, allowWidening: Bool
    ) -> [LockGateReport.Read] {
        reads.map { read in
            let change =
                diff.features.first { $0.identityKnown && $0.identity == read.identity && $0.status != .added }
                ?? diff.features.first { $0.status == .unreadable && !$0.identityKnown && $0.path == read.path }
            return judge(read, change, policy: policy, maxImpact: maxImpact, allowWidening: allowWidening)
        }
    }

    static func judge(
        _ read: LockedRead, _ change: FeatureChange?, policy: Policy, maxImpact: Impact, allowWidening: Bool
    ) -> LockGateReport.Read {
        func notice(_ feature: Feature?) -> (stage: String?, sunset: String?) {
            guard let feature, policy.stage(feature.stage)?.from != nil else { return (nil, nil) }
            return (feature.stage, feature.definition[path: "deprecation.sunset"]?.display)
        }
        guard let change else {
            let (stage, sunset) = notice(read.feature)
            return LockGateReport.Read(
                identity: read.identity, status: .unchanged, impact: nil, changes: [], events: [], exitStage: stage,
                sunset: sunset, problem: nil, path: read.path, passes: true)
        }
        switch change.status {
        case .removed:
            return LockGateReport.Read(
                identity: read.identity, status: .removed, impact: change.impact, changes: [],
                events: change.events, exitStage: nil, sunset: nil,
                problem: nil, path: read.path, passes: false)
        case .unreadable:
            let problem = change.unreadable.map { u in
                "\(u.path)\(u.problem.line.map { ":\($0)" } ?? ""): \(u.problem.message)"
            }
            return LockGateReport.Read(
                identity: read.identity, status: .unreadable, impact: nil, changes: [], events: [], exitStage: nil,
                sunset: nil, problem: problem, path: change.path, passes: false)
        default:
            let changes = change.changes.map { c in
                guard !allowWidening, signatureFields.contains(c.field), c.impact < .breaking else { return c }
                var signature = c
                signature.impact = .breaking
                signature.message +=
                    " — breaking at the deploy gate: the model's input signature was fixed at training "
                    + "(--allow-widening accepts a lossless widening)"
                return signature
            }
            let events = change.events.filter(\.isStageMove)
            let impact = (changes.map(\.impact) + events.map(\.impact)).max()
            let (stage, sunset) = notice(change.head)
            return LockGateReport.Read(
                identity: read.identity, status: impact == nil ? .unchanged : .modified, impact: impact,
                changes: changes, events: events, exitStage: stage, sunset: sunset, problem: nil, path: change.path,
                passes: impact.map { $0 <= maxImpact } ?? true)
        }
    }
}
