import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation

/// `feat lock --check` prints text or JSON.
enum LockFormats: FormatSet { static let formats: [Format] = [.text, .json] }

/// `feat lock CONSUMER | --features A[@V],…`: pins the definitions a consumer reads.
struct Lock: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pin the definitions a consumer reads (what a model was trained on) in a lock file.",
        discussion: """
            Writes a self-contained JSON lock: for each read its path, stage, git blob id, the \
            referenced files with their SHA-256s, a digest of its normalised definition and the \
            definition itself. The same inputs give the same bytes. `feat lock CONSUMER` writes \
            <consumers folder>/CONSUMER.lock.json beside the declaration; --features locks any set \
            (A means version 1, A@2 version 2) to -o FILE, or to stdout. Uncommitted changes to the \
            read features' files or the files they reference are refused unless --allow-dirty. \
            --check compares the lock on disk with what would be written now (identities, digests, \
            files' SHA-256s; a comment edit is not drift). Exit codes: 0 written or current, 1 a \
            read cannot be locked or the lock is out of date, 2 refused or could not run.

            Examples:
              feat lock fraud_scorer
              feat lock --features user_txn_count_7d,product_title_embedding@2 -o model/features.lock.json
              feat lock --check fraud_scorer
              feat diff consumers/fraud_scorer.lock.json
              feat check --lock model/features.lock.json
            """)

    @Argument(help: "The consumer whose reads to lock.")
    var consumer: String?

    @Option(help: "Features to lock instead of a consumer's reads: NAME or NAME@VERSION, separated by commas.")
    var features: String?

    @Option(help: "Lock the definitions at this revision instead of the working tree.")
    var rev: String?

    @Option(name: .shortAndLong, help: "The lock file (default for a consumer: beside its declaration; else stdout).")
    var output: String?

    @Flag(help: "Lock uncommitted changes too (the lock then says \"dirty\": true).")
    var allowDirty = false

    @Flag(help: "Compare the lock on disk with what would be written now; write nothing.")
    var check = false

    @OptionGroup var format: FormatOption<LockFormats>

    func validate() throws {
        if consumer != nil, features != nil {
            throw ValidationError("name a consumer or --features, not both")
        }
        if consumer == nil, features == nil, !(check && output != nil) {
            throw ValidationError(
                "name a consumer (feat lock fraud_scorer) or the features to lock (--features a,b@2 -o FILE)")
        }
        if check, allowDirty { throw ValidationError("--allow-dirty writes a lock; --check writes nothing") }
        if !check, format.format != .text { throw ValidationError("--format applies to --check") }
    }

    func run() throws {
        let repo = try currentRepository()
        let selection: LockSelection? =
            try features.map { text throws(FeatError) in try LockSelection.features(parsing: text) }
            ?? consumer.map(LockSelection.consumer)
        if check {
            try runCheck(repo, selection: selection)
            return
        }
        guard let selection else { return }
        let outcome = try repo.lock(selection, revision: rev, allowDirty: allowDirty)
        guard let lock = outcome.lock else {
            for problem in outcome.problems { Output.error("cannot lock \(problem.identity): \(problem.message)") }
            Output.error("no lock written")
            throw ExitCode(1)
        }
        let destination = output ?? outcome.defaultPathOnDisk
        guard let destination, destination != "-" else {
            var bytes = lock.bytes
            Output.write(STDOUT_FILENO, &bytes)
            return
        }
        try lock.write(to: destination)
        let shown = output ?? outcome.defaultPath ?? destination
        let n = lock.reads.count
        var line =
            "wrote \(shown): \(n) read\(n == 1 ? "" : "s") at \(lock.commit.map { String($0.prefix(12)) } ?? "?")"
        if lock.dirty { line += ", with uncommitted changes to \(outcome.dirtyPaths.joined(separator: ", "))" }
        Output.out(printable(line) + "\n")
    }

    func runCheck(_ repo: FeatureRepository, selection: LockSelection?) throws {
        let path: (path: String, onDisk: String)
        if let output {
            path = (output, output)
        } else if let consumer {
            path = try repo.lockPath(forConsumer: consumer, revision: rev)
        } else {
            throw ValidationError("--check with --features needs -o FILE, the lock to compare")
        }
        let report = try repo.checkLock(at: path.onDisk, named: path.path, selection: selection, revision: rev)
        switch format.format {
        case .json: Output.out(LockRender.checkJSON(report))
        default: Output.out(LockRender.checkText(report, style: Output.style))
        }
        if !report.ok { throw ExitCode(1) }
    }
}
