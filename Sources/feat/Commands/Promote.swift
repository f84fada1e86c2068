import ArgumentParser
import FeatJSON
import FeatKit
import FeatModel
import FeatRender
import FeatReport
import Foundation

/// `feat promote NAME [--to STAGE]`: edits only the stage value.
struct Promote: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a feature one stage up (or --to a stage), changing only its stage value.",
        discussion: """
            Examples:
              feat promote user_txn_count_7d
              feat promote user_txn_count_7d --to deprecated
            """)

    @Argument(help: "The feature to promote.", completion: Completions.featureNames)
    var name: String

    @Option(help: "The stage to move to (default: the next stage on the ladder).", completion: Completions.stageNames)
    var to: String?

    @Option(help: "The version, when several exist (default: the highest).")
    var version: Int?

    @OptionGroup var output: FormatOption<PromoteFormats>

    func run() throws {
        let repo = try currentRepository()
        let root = try repo.workingTree(for: "promote")
        let policy = try repo.worktreePolicy()
        let catalog = try repo.worktreeCatalog(policy: policy)
        guard let feature = catalog.feature(named: name, version: version) else {
            throw FeatError.unknownFeature(name: name, suggestion: Suggestion.closest(to: name, in: catalog.names))
        }
        let target: String
        if let to {
            guard policy.stage(to) != nil else {
                throw FeatError.invalidArgument(
                    "unknown stage '\(to)'\(Suggestion.hint(for: to, in: policy.stageNames)); stages are \(policy.stageNames.joined(separator: ", "))"
                )
            }
            guard policy.isLegalMove(from: feature.stage, to: to) else {
                throw FeatError.invalidArgument(
                    "\(feature.identity) cannot move from \(feature.stage) to \(to): stages move one step up the ladder (\(policy.ladder.map(\.name).joined(separator: " → "))), or to an exit stage from the stages it allows"
                )
            }
            target = to
        } else {
            guard let next = policy.next(after: feature.stage) else {
                throw FeatError.invalidArgument(
                    "\(feature.identity) is at \(feature.stage), the top of the ladder; use --to to move it to an exit stage"
                )
            }
            target = next
        }
        let path = root + "/" + feature.path
        guard let line = feature.line(of: "stage"), let data = FileManager.default.contents(atPath: path),
            let edited = StageEdit.setStage([UInt8](data), line: line, to: target)
        else {
            throw FeatError.io(
                path: feature.path, message: "cannot find a plain `stage:` line at the top level to edit")
        }
        try Scaffold.write(edited, to: path)
        var promoted = feature
        promoted.stage = target
        promoted.definition = promotedDefinition(feature.definition, stage: target)
        let missing = policy.missing(for: promoted)
        if output.format == .json {
            Output.out(
                JSON.object([
                    ("feature", .string(feature.name)), ("version", .int(feature.version)),
                    ("path", .string(feature.path)),
                    ("from", .string(feature.stage)), ("to", .string(target)),
                    ("missing", .array(missing.map { .string($0.description) })),
                ]))
            return
        }
        let style = Output.style
        Output.out("\(feature.path): \(feature.identity) \(feature.stage) → \(style.bold(target))\n")
        if missing.isEmpty {
            Output.out(style.green("meets every obligation of \(target)") + "\n")
        } else {
            Output.out("\(target) still requires:\n")
            for o in missing { Output.out("  - \(o)\n") }
        }
    }

    func promotedDefinition(_ definition: Value, stage: String) -> Value {
        guard case .map(var fields) = definition else { return definition }
        fields["stage"] = .string(stage)
        return .map(fields)
    }
}
