import ArgumentParser
import FeatKit
import Foundation

/// Output formats; each command accepts the ones it can print.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, mermaid
    /// `check` only: GitHub workflow annotations, SARIF 2.1.0, JUnit XML.
    case github, sarif, junit
}

/// `--format`, shared by the commands that print results.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: text, json or markdown (history also: mermaid; check also: github, sarif, junit).")
    var format: Format = .text

    func require(_ allowed: [Format], for command: String) throws {
        guard allowed.contains(format) else {
            throw ValidationError("`feat \(command)` prints \(allowed.map(\.rawValue).joined(separator: ", ")); not \(format.rawValue)")
        }
    }
}

/// Locates the feature repository from the current directory.
func currentRepository() throws(FeatError) -> FeatureRepository {
    try FeatureRepository.locate(from: FileManager.default.currentDirectoryPath)
}
