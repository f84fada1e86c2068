import ArgumentParser
import FeatKit
import Foundation

/// Output formats; each command accepts the ones it can print.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, mermaid
}

/// `--format`, shared by the commands that print results.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: text, json or markdown (history also: mermaid).")
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
