import ArgumentParser
import FeatDiff
import FeatJSON
import FeatKit
import FeatModel
import FeatRender
import FeatReport
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

            The deploy gate for a trained model: --lock LOCKFILE (written by `feat lock`) \
            compares each locked read with --rev (default: the working tree) and fails (exit 1) \
            when one changed beyond --max-impact (default compatible), was removed or cannot be \
            read. A change to type, map.key_type, map.value_type or embedding.dtype counts as \
            breaking, even a lossless widening, unless --allow-widening. A lock that cannot be \
            read exits 2.
              feat check --lock model/features.lock.json
              feat check --lock model/features.lock.json --rev origin/main --max-impact meaning
            """)

    @Option(help: "The branch the pull request goes into (any revision git accepts).")
    var base: String?

    @Option(help: "The pull request's head revision (default: HEAD).")
    var head: String?

    @Option(help: "The deploy gate: judge the reads pinned in this lock file (`feat lock`) instead of a pull request.")
    var lock: String?

    @Option(help: "With --lock: the revision to judge (default: the working tree).")
    var rev: String?

    @Option(
        name: .customLong("max-impact"),
        help:
            "With --lock: the most severe change a read may have had (cosmetic, additive, compatible, meaning, breaking)."
    )
    var maxImpact: String?

    @Flag(
        name: .customLong("allow-widening"),
        help: "With --lock: accept a lossless widening of type, map.key_type, map.value_type or embedding.dtype.")
    var allowWidening = false

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
        if lock != nil {
            if base != nil || head != nil || now != nil {
                throw ValidationError(
                    "--lock runs the deploy gate, which takes --rev, not --base, --head or --now")
            }
            guard [.text, .json, .markdown].contains(output.format) else {
                throw ValidationError(
                    "--format \(output.format.rawValue) is not offered by check --lock: it prints text, json or markdown"
                )
            }
            if let maxImpact, Impact(rawValue: maxImpact) == nil {
                throw ValidationError(
                    "--max-impact '\(maxImpact)' is not an impact\(Suggestion.hint(for: maxImpact, in: Policy.impactNames)); "
                        + "impacts are \(Policy.impactNames.joined(separator: ", "))")
            }
            return
        }
        if rev != nil || maxImpact != nil || allowWidening {
            throw ValidationError("--rev, --max-impact and --allow-widening go with --lock LOCKFILE (the deploy gate)")
        }
        if base == nil {
            throw ValidationError(
                "--base is required: the branch the pull request goes into (or --lock LOCKFILE for the deploy gate)")
        }
    }

    func run() throws {
        if let lock {
            try runLockGate(lock)
            return
        }
        guard let base else { return }
        let reference = now.flatMap(parseDate) ?? Date()
        let report: CheckReport
        do throws(FeatError) {
            let repo = try currentRepository()
            report = try repo.check(
                base: base, head: head ?? "HEAD", now: reference, failOn: failOn == .warning ? .warning : .error,
                workers: History.workers)
        } catch {
            if output.format == .json {
                Output.jsonError(kind: error.kind, message: error.description, paths: error.paths)
            }
            throw error
        }
        if RunEnvironment.current.profile {
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
        if !report.ok { throw ExitCode(1) }
    }

    /// `--lock`: the deploy gate. A lock that cannot be read exits 2; with --format json the
    /// reason is also printed as `{"ok": null, "error": {"kind": "lock", …}}`.
    func runLockGate(_ path: String) throws {
        let report: LockGateReport
        do throws(FeatError) {
            let repo = try currentRepository()
            let lock = try LockFile.read(at: path)
            report = try repo.lockGate(
                lock, path: path, revision: rev, maxImpact: maxImpact.flatMap(Impact.init(rawValue:)) ?? .compatible,
                allowWidening: allowWidening)
        } catch {
            if output.format == .json {
                let lock = if case .io(let p, _) = error, p == path { true } else { false }
                Output.jsonError(
                    kind: lock ? "lock" : error.kind, message: error.description, paths: lock ? [path] : error.paths)
            }
            throw error
        }
        switch output.format {
        case .json: Output.out(LockRender.gateJSON(report))
        case .markdown: Output.out(LockRender.gateMarkdown(report))
        default: Output.out(LockRender.gateText(report, style: Output.style))
        }
        if !report.ok { throw ExitCode(1) }
    }
}
