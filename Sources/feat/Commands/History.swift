import ArgumentParser
import FeatHistory
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation
import GitID

/// `feat history [NAME...]`: stage transitions read from first-parent commits.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stage history of features along the first-parent history of a revision.",
        discussion: """
            A transition is the first-parent commit whose tree gives a feature a different stage \
            than its parent's tree. Features are identified by (feature, version), not by path: \
            a move is no transition. A change merged with a merge commit is credited to the \
            author of the merged commit that made it, with the merger as merged_by; both go \
            through the .mailmap of the analysed revision.

            What a run reads is kept in a history index under the repository's git directory \
            (.git/feat/), so the next run reads only newer commits; the answer is the same \
            without it (--no-index).

            Examples:
              feat history
              feat history user_txn_count_7d --format mermaid
              feat history --rev origin/main --format json
            """)

    @OptionGroup var walk: HistoryWalkOptions

    @Option(help: "Count days in the current stage up to this ISO 8601 time (default: now).")
    var now: String?

    @OptionGroup var output: FormatOption<HistoryFormats>

    func validate() throws {
        if let now, parseDate(now) == nil { throw ValidationError(DateArgument.invalidMessage(now, option: "--now")) }
    }

    func run() throws {
        let repo = try currentRepository()
        let head = try repo.resolve(walk.rev)
        let policy = try repo.policy(at: head)
        let reporter = ProgressReporter(enabled: Output.stderrIsTerminal)
        var history = try repo.stageHistory(
            at: head, policy: policy, workers: Self.workers, index: !walk.noIndex, progress: reporter.report)
        reporter.finish()
        if !walk.names.isEmpty {
            let known = Set(history.features.map { $0.identity.feature })
            for name in walk.names where !known.contains(name) {
                throw FeatError.unknownFeature(name: name, suggestion: Suggestion.closest(to: name, in: known))
            }
            history.features = history.features.filter { walk.names.contains($0.identity.feature) }
        }
        if let boundary = history.shallowBoundary {
            Output.note(
                "feat: shallow clone: history starts at \(boundary.description.prefix(12)); earlier transitions are unknown (fetch with fetch-depth: 0)"
            )
        }
        for path in try repo.skippedSubmodules(base: nil, head: head) {
            Output.warning(FeatureRepository.submoduleWarning(path))
        }
        for w in history.warnings {
            Output.warning("\(w.path) at \(w.commit.description.prefix(12)): \(w.message); its stage there is unknown")
        }
        let reference = now.flatMap(parseDate) ?? Date()
        let renderStart = Date()
        defer {
            if RunEnvironment.current.profile {
                for phase in history.phases {
                    Output.note(String(format: "feat: %6.3f s  %@", phase.seconds, phase.name))
                }
                Output.note(
                    String(
                        format: "feat: %6.3f s  render %@", Date().timeIntervalSince(renderStart),
                        output.format.rawValue))
            }
        }
        switch output.format {
        case .json: Output.out(HistoryRender.json(history))
        case .markdown: Output.out(HistoryRender.markdown(history, now: reference))
        case .mermaid: Output.out(HistoryRender.mermaid(history))
        default: Output.out(HistoryRender.text(history, now: reference, style: Output.style))
        }
    }
}

/// Progress on stderr for long walks, only when stderr is a terminal.
final class ProgressReporter: Sendable {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    var report: WalkProgress? {
        guard enabled else { return nil }
        return { done, total in
            guard total >= 2000 else { return }
            // Commits handed to the forward pass, whichever process read them.
            Output.progress("\rfeat: reading history… \(done * 100 / max(1, total))%")
        }
    }

    func finish() {
        if enabled { Output.progress("\r\u{1B}[K") }
    }
}

extension History {
    /// Child processes for long walks: one per core up to four (each maps up to 64 MiB of
    /// pack), this one included; FEAT_WORKERS overrides.
    static var workers: WorkerProcesses? {
        let asked = RunEnvironment.current.workers
        let count = asked ?? min(4, ProcessInfo.processInfo.activeProcessorCount)
        let executable = RunEnvironment.executablePath
        guard count > 1, FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        return WorkerProcesses(executable: executable, count: count, forced: asked != nil)
    }
}

/// `feat history-worker`: computes history deltas for part of a walk, for a parent `feat`.
struct HistoryWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history-worker", abstract: "Internal: part of a history walk, for a parent feat process.",
        shouldDisplay: false)

    func run() throws {
        try HistoryWorker.serve(
            nextLine: { readLine(strippingNewline: true) },
            write: { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) })
    }
}
