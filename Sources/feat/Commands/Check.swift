import ArgumentParser
import FeatKit
import FeatModel
import FeatRender
import Foundation

/// `feat check --base REV`: the graduation rules as a merge check.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the graduation rules on a pull request.",
        discussion: """
            Judges the pull request as it would land: merges --head into the --base tip in \
            memory (nothing is written to the repository) and compares the base tip with that \
            merge, by the base tip's .featurerepo policy — a pull request can neither weaken \
            the rules that judge it nor slip past a base that moved on. A merge that conflicts \
            in a feature file, a referenced file or the policy cannot be judged (exit 2: rebase \
            and run again). \
            `feat rules` lists the rules. Exit codes: 0 no errors, 1 findings that fail the \
            check (--fail-on), 2 the check could not run (for example a shallow clone that \
            cannot show how long a feature has been in its stage).

            Examples:
              feat check --base origin/main
              feat check --base main --format sarif > feat.sarif
              feat check --base main --now 2026-09-05T12:00
            """)

    @Option(help: "The branch the pull request goes into (any revision git accepts).")
    var base: String

    @Option(help: "The pull request's head revision.")
    var head: String = "HEAD"

    @Option(help: "Judge dwell times, sunsets and waiver expiry at this ISO 8601 date or time (default: now).")
    var now: String?

    @Option(name: .customLong("fail-on"), help: "Fail on findings of this severity or worse: error or warning.")
    var failOn: FailOn = .error

    @OptionGroup var output: FormatOption<CheckFormats>

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning
    }

    func validate() throws {
        if let now, parseDate(now) == nil { throw ValidationError(DateArgument.invalidMessage(now, option: "--now")) }
    }

    func run() throws {
        let repo = try currentRepository()
        let reference = now.flatMap(parseDate) ?? Date()
        let report = try repo.check(
            base: base, head: head, now: reference, failOn: failOn == .warning ? .warning : .error,
            workers: History.workers)
        if ProcessInfo.processInfo.environment["FEAT_PROFILE"] != nil {
            for phase in report.phases { Output.note(String(format: "feat: %6.3f s  %@", phase.seconds, phase.name)) }
        }
        switch output.format {
        case .json: Output.out(CheckRender.json(report))
        case .markdown: Output.out(CheckRender.markdown(report))
        case .github: Output.out(CheckRender.github(report))
        case .sarif:
            let version = Feat.configuration.version
            Output.out(CheckSARIF.sarif(report, toolVersion: version.isEmpty ? "0" : version))
        case .junit: Output.out(CheckJUnit.junit(report))
        default: Output.out(CheckRender.text(report, style: Output.style))
        }
        if output.format != .text && output.format != .markdown {
        }
        if !report.ok { throw ExitCode(1) }
    }
}
