import ArgumentParser
import FeatDiff
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation
import GitID

/// `feat log [NAME...]`: the semantic changelog, read from first-parent commits.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How each feature's meaning changed: every commit that changed its definition, graded.",
        discussion: """
            Every first-parent commit that changed a feature's definition or a file it references \
            (a vocabulary), newest first, graded exactly as `feat diff PARENT COMMIT` grades it: \
            the same impacts and reasons. Features are followed by identity (feature, version), so \
            a move or a reformat is no entry. A change merged with a merge commit is credited to \
            the author of the merged commit that made it, with the merger as merged_by. A commit \
            that left the file unreadable is an entry with its problem; the next readable version \
            is graded against the last one before it.

            It walks the history as `feat history` does and shares its index (.git/feat/).

            Examples:
              feat log user_txn_count_7d
              feat log --since 2026-01-01 --min-impact meaning
              feat log --rev origin/main --format json
            """)

    @OptionGroup var walk: HistoryWalkOptions

    @Option(help: "Only entries on or after this date (YYYY-MM-DD or an ISO 8601 time).")
    var since: String?

    @Option(
        name: .customLong("min-impact"),
        help: "Only entries at least this severe: cosmetic, additive, compatible, meaning or breaking.")
    var minImpact: String?

    @OptionGroup var output: FormatOption<LogFormats>

    func validate() throws {
        if let since, parseDate(since) == nil {
            throw ValidationError(DateArgument.invalidMessage(since, option: "--since"))
        }
        if let minImpact, Impact(rawValue: minImpact) == nil {
            throw ValidationError(
                "--min-impact: '\(minImpact)' is not an impact; use one of "
                    + Impact.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        let repo = try currentRepository()
        let head = try repo.resolve(walk.rev)
        let policy = try repo.policy(at: head)
        let reporter = ProgressReporter(enabled: Output.stderrIsTerminal)
        let full = try repo.semanticLog(
            at: head, policy: policy, names: walk.names, workers: History.workers, index: !walk.noIndex,
            progress: reporter.report)
        reporter.finish()
        let log = full.filtered(
            since: since.flatMap(parseStartDate), minImpact: minImpact.flatMap(Impact.init(rawValue:)))
        if let boundary = log.shallowBoundary {
            Output.note(
                "feat: shallow clone: history starts at \(boundary.description.prefix(12)); earlier changes are unknown (fetch with fetch-depth: 0)"
            )
        }
        for w in log.warnings {
            Output.warning("\(w.path) at \(w.commit.description.prefix(12)): \(w.message)")
        }
        if RunEnvironment.current.profile {
            for phase in log.phases { Output.note(String(format: "feat: %6.3f s  %@", phase.seconds, phase.name)) }
        }
        switch output.format {
        case .json: Output.out(LogRender.json(log))
        case .markdown: Output.out(LogRender.markdown(log))
        default: Output.out(LogRender.text(log, style: Output.style))
        }
    }
}
