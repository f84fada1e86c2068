import ArgumentParser
import FeatKit
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
enum HistoryFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown, .mermaid] }
enum CheckFormats: FormatSet { static let formats: [Format] = [.text, .json, .markdown, .github, .sarif, .junit] }
enum PromoteFormats: FormatSet { static let formats: [Format] = [.text, .json] }
enum RulesFormats: FormatSet { static let formats: [Format] = [.text, .markdown] }

/// `--format`, shared by the commands that print results.
struct FormatOption<Formats: FormatSet>: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output format: \(Self.list).", valueName: "format"))
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
