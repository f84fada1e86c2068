import ArgumentParser
import FeatKit
import Foundation

/// `feat init`: makes the current folder a feature repository.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write .featurerepo/config.yaml (the default policy, commented) and features/.",
        discussion: """
            Run it at the top of a git repository's working tree (or in a folder below it, for a \
            feature repository inside a monorepo): feat reads features from git. Outside one it \
            writes nothing and exits 2; `git init` first.

            Examples:
              feat init
              feat init --ci github
              feat init --diff-driver
            """)

    enum CI: String, ExpressibleByArgument, CaseIterable { case github, gitlab }

    @Option(help: "Also add a CI workflow: github or gitlab.")
    var ci: CI?

    @Flag(help: "Make git diff and git log -p show semantic diffs of feature files (.gitattributes + git config).")
    var diffDriver = false

    func run() throws {
        let here = FileManager.default.currentDirectoryPath
        let done = try Scaffold.initialise(at: here, ci: ci.flatMap { Scaffold.CI(rawValue: $0.rawValue) })
        if done.written.isEmpty, !diffDriver {
            Output.out("already a feature repository; nothing written\n")
        }
        for path in done.written { Output.out("wrote \(path)\n") }
        for advice in done.advice { Output.out("\n" + advice) }
        if diffDriver {
            let repo = try FeatureRepository.locate(from: here)
            for line in try repo.installDiffDriver(executable: RunEnvironment.executablePath) {
                Output.out(line + "\n")
            }
        }
    }
}
