import ArgumentParser
import FeatKit
import FeatModel
import FeatRender

/// `feat consumers [NAME]`: who reads a feature, or what each consumer reads (SPEC §8).
struct Consumers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who reads a feature, or what each consumer reads, with stages and owners.",
        discussion: """
            Consumers (models, services, jobs, dashboards) are declared in the consumers folders \
            of the policy (default consumers/). With a feature's name, lists the consumers that \
            read it; without one, every consumer with what it reads and the stage each feature \
            has. docs/consumers.md says more.

            Examples:
              feat consumers
              feat consumers user_txn_count_7d
              feat consumers user_txn_count_7d --version 2 --at main --format json
            """)

    @Argument(help: "A feature's name: list only the consumers that read it.", completion: Completions.featureNames)
    var name: String?

    @Option(help: "With NAME: only the consumers that read this version of it.")
    var version: Int?

    @OptionGroup var when: PointInTimeOption
    @OptionGroup var output: FormatOption<ReportFormats>

    func validate() throws {
        if version != nil, name == nil { throw ValidationError("--version needs a feature's name") }
        if let version, version < 1 { throw ValidationError("--version must be 1 or more") }
    }

    func run() throws {
        let repo = try currentRepository()
        let readings =
            try name.map { try repo.readersOf($0, version: version, at: when.at) }
            ?? repo.consumerReadings(at: when.at)
        switch output.format {
        case .json: Output.out(ConsumersRender.json(readings))
        case .markdown: Output.out(ConsumersRender.markdown(readings, feature: name, version: version))
        default:
            Output.out(ConsumersRender.text(readings, feature: name, version: version, style: Output.style))
            for line in ConsumersRender.warnings(readings) { Output.warning(line) }
        }
    }
}
