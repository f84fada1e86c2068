import ArgumentParser
import FeatDiff
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation
import GitID

/// `feat diff [BASE [HEAD]]` / `feat diff LOCKFILE [REV]`: what changed, in the terms of the
/// people who consume features.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Semantic diff of features between two revisions, or a revision and the working tree.",
        discussion: """
            No revision: HEAD against the working tree. One: BASE against the working tree, or a \
            range A..B, or A...B (from the merge base of A and B). Two: BASE HEAD. \
            Features are paired by (feature, version); every change gets an impact: \
            cosmetic, additive, compatible, meaning or breaking. \
            A lock file (`feat lock`) as the first argument, or --lock FILE, diffs from the \
            definitions it pins to REV (default: the working tree): what a model was trained on \
            against now, with no history needed.

            Examples:
              feat diff
              feat diff main...HEAD --format markdown
              feat diff v1.2 v1.3 --format json
              feat diff consumers/fraud_scorer.lock.json origin/main
            """)

    @Argument(help: "BASE, A..B, A...B, or BASE HEAD; or LOCKFILE [REV].")
    var revisions: [String] = []

    @Option(help: "Diff from the definitions pinned in this lock file (`feat lock`) to the revision given, if any.")
    var lock: String?

    @OptionGroup var output: FormatOption<ReportFormats>

    func run() throws {
        let repo = try currentRepository()
        if let locked = try repo.lockDiffArguments(revisions, lockOption: lock) {
            try runLock(repo, locked)
            return
        }
        let sides = try repo.diffSides(revisions)
        if sides.head == nil { _ = try repo.workingTree(for: "diff") }
        let result = try repo.semanticDiff(base: sides.base, head: sides.head)
        for path in try repo.skippedSubmodules(base: sides.base, head: sides.head) {
            Output.warning(FeatureRepository.submoduleWarning(path))
        }
        for finding in result.unreadable {
            Output.warning(
                "\(finding.path)\(finding.problem.line.map { ":\($0)" } ?? ""): \(finding.problem.message); not compared"
            )
        }
        let base = sides.base.description
        let head = sides.head?.description ?? "worktree"
        switch output.format {
        case .json: Output.out(DiffRender.json(result.report, base: base, head: head))
        case .markdown: Output.out(DiffRender.markdown(result.report, base: base, head: head))
        default: Output.out(DiffRender.text(result.report, style: Output.style))
        }
        // A file that could not be read was not compared: the diff is incomplete (SPEC §6).
        if !result.report.unreadable.isEmpty { throw ExitCode(1) }
    }

    /// From a lock's definitions to a revision or the working tree.
    func runLock(_ repo: FeatureRepository, _ locked: LockDiffArguments) throws {
        if let warning = locked.warning { Output.warning(warning) }
        let result = try repo.diff(from: locked.lock, to: locked.revision)
        for f in result.report.unreadable {
            if let u = f.unreadable {
                Output.warning("\(u.path)\(u.problem.line.map { ":\($0)" } ?? ""): \(u.problem.message); not compared")
            }
        }
        let head = result.head?.description ?? "worktree"
        let (lock, commit, feat) = (locked.path, locked.lock.commit, locked.lock.feat)
        switch output.format {
        case .json:
            Output.out(LockRender.diffJSON(result.report, lock: lock, commit: commit, feat: feat, head: head))
        case .markdown: Output.out(LockRender.diffMarkdown(result.report, lock: lock, head: head))
        default:
            Output.out(LockRender.diffHeader(lock: lock, commit: commit, feat: feat, head: head, style: Output.style))
            Output.out(DiffRender.text(result.report, style: Output.style))
        }
        if !result.report.unreadable.isEmpty { throw ExitCode(1) }
    }
}

/// `feat git-diff-driver`: git's external diff interface (GIT_EXTERNAL_DIFF / diff.<driver>.command),
/// so that `git diff` and `git log -p` print semantic diffs of feature files.
struct GitDiffDriver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-diff-driver",
        abstract: "Semantic diff of one feature file, called by git as an external diff driver.",
        shouldDisplay: false)

    @Argument(help: "path old-file old-hex old-mode new-file new-hex new-mode, as git passes them.")
    var arguments: [String]

    func validate() throws {
        guard arguments.count == 7 || arguments.count == 9 else {
            throw ValidationError(
                "git passes 7 arguments to an external diff driver (9 for renames); got \(arguments.count)")
        }
    }

    func run() throws {
        let path = arguments[0]
        let newPath = arguments.count == 9 ? arguments[7] : path
        func parse(_ file: String, _ display: String) -> [ParsedFile] {
            guard file != "/dev/null", let data = FileManager.default.contents(atPath: file) else { return [] }
            return [FeatureParser.parse([UInt8](data), path: display)]
        }
        // git runs the driver at the top of the work tree; the feature repo's policy says
        // which stages are entry, exit and frozen. Outside one, the default stages judge.
        let policy = (try? currentRepository().worktreePolicy()) ?? .standard
        let report = SemanticDiff.compare(
            before: parse(arguments[1], path), after: parse(arguments[4], newPath), policy: policy)
        Output.out("feat diff \(path)\n")
        Output.out(report.isEmpty ? "no semantic change\n" : DiffRender.text(report, style: Output.style))
        // Exit 0 even for an unreadable file: git stops `git diff` and `git log -p` at the
        // first external diff that exits non-zero; the report above says it was not compared.
    }
}
