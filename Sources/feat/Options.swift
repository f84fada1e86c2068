import ArgumentParser
import FeatKit
import FeatModel
import FeatReport
import Foundation

/// Output formats; each command accepts the ones it can print.
enum Format: String, ExpressibleByArgument {
    case text, json, markdown, mermaid
    /// `check` only: GitHub workflow annotations, SARIF 2.1.0, JUnit XML.
    case github, sarif, junit
}

/// The formats one command prints: its `--format` help lists exactly these, and any other is
/// refused before the command runs.
protocol FormatSet {
    static var formats: [Format] { get }
}

/// list, show, validate, diff.
enum ReportFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown] }
enum LogFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown] }
enum HistoryFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown, .mermaid] }
enum CheckFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown, .github, .sarif, .junit] }
enum PromoteFormats: FormatSet { static let formats: [Format] = [.text, .json] }
enum RulesFormats: FormatSet { static let formats: [Format] = [.text, .markdown] }

/// `--format`, shared by the commands that print results.
struct FormatOption<Formats: FormatSet>: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Output format: \(Self.list).", valueName: "format"),
        completion: .list(Formats.formats.map(\.rawValue)))
    var format: Format = .text

    static var list: String {
        let names = Formats.formats.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    func validate() throws {
        guard Formats.formats.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not offered by this command: it prints \(Self.list)")
        }
    }
}

/// Locates the feature repository from the current directory.
func currentRepository() throws(FeatError) -> FeatureRepository {
    try FeatureRepository.locate(from: FileManager.default.currentDirectoryPath)
}

extension FeatureRepository {
    /// The feature-repo root on disk; in a bare repository, an error saying what `feat COMMAND`
    /// can do there instead (FeatError.bareRepository decides, per command).
    func workingTree(for command: String) throws(FeatError) -> String {
        guard let root else { throw .bareRepository(command: command) }
        return root
    }
}

/// Values the shell completes that only the repository knows.
enum Completions {
    /// The features of the feature repository here: the working tree's, HEAD's in a bare
    /// repository; none outside one. Run by feat itself when the shell asks (`---completion`).
    static let featureNames = CompletionKind.custom { _, _, _ in
        guard let repo = try? currentRepository(), let catalog = try? PointInTimeOption.catalog(in: repo, at: nil)
        else { return [] }
        return Array(Set(catalog.names)).sorted()
    }

    /// The stages of the policy here (the working tree's, HEAD's in a bare repository).
    static let stageNames = CompletionKind.custom { _, _, _ in
        guard let repo = try? currentRepository() else { return [] }
        if repo.root != nil { return (try? repo.worktreePolicy().stageNames) ?? [] }
        guard let head = try? repo.resolve("HEAD") else { return [] }
        return (try? repo.policy(at: head).stageNames) ?? []
    }
}

/// What `history` and `log` walk: which features, along which revision's first-parent
/// history, with or without the history index.
struct HistoryWalkOptions: ParsableArguments {
    @Argument(help: "Feature names (default: every feature ever present).", completion: Completions.featureNames)
    var names: [String] = []

    @Option(help: "The revision whose history to read.")
    var rev: String = "HEAD"

    @Flag(
        name: .customLong("no-index"),
        help: "Read the whole history again, neither using nor updating the history index (also FEAT_NO_INDEX=1).")
    var noIndex = false
}
