import ArgumentParser
import FeatKit
import Foundation

/// `feat init`: makes the current folder a feature repository.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write .featurerepo/config.yaml (the default policy, commented) and features/.")

    enum CI: String, ExpressibleByArgument, CaseIterable { case github, gitlab }

    @Option(help: "Also add a CI workflow: github or gitlab.")
    var ci: CI?

    func run() throws {
        let here = FileManager.default.currentDirectoryPath
        let written = try Scaffold.initialise(at: here, ci: ci.flatMap { Scaffold.CI(rawValue: $0.rawValue) })
        if written.isEmpty {
            Output.out("already a feature repository; nothing written\n")
        }
        for path in written { Output.out("wrote \(path)\n") }
    }
}
