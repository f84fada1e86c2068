import ArgumentParser
import FeatKit
import FeatModel
import Foundation

/// `feat schema feature|config|consumer`: the JSON Schema of a feature file, of the policy or
/// of a consumer declaration, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of a feature file, the policy file or a consumer file.",
        discussion: """
            Editors that speak yaml-language-server (VS Code's YAML extension, JetBrains IDEs) use \
            it to complete and check fields as you type. `feat init` writes the schemas into \
            .featurerepo/schemas/, where the first line of every file `feat new` writes points; \
            `feat schema --write` refreshes them after upgrading feat.

            Examples:
              feat schema feature > feature.schema.json
              feat schema config
              feat schema consumer
              feat schema --write
            """)

    enum Which: String, ExpressibleByArgument, CaseIterable { case feature, config, consumer }

    @Argument(help: "feature, config or consumer.")
    var which: Which?

    @Flag(help: "Write every schema into .featurerepo/schemas/ of this feature repository.")
    var write = false

    func validate() throws {
        if write == (which != nil) {
            throw ValidationError("name one schema to print (consumer, feature or config), or pass --write")
        }
    }

    func run() throws {
        switch which {
        case .feature: Output.out(FeatureSchema.jsonSchema)
        case .config: Output.out(ConfigSchema.jsonSchema)
        case .consumer: Output.out(ConsumerSchema.jsonSchema)
        case nil:
            let repo = try currentRepository()
            let root = try repo.workingTree(for: "schema --write")
            let policy = try repo.worktreePolicy()
            for path in try Scaffold.writeSchemas(at: root, replacing: true, policy: policy) {
                Output.out("wrote \(path)\n")
            }
        }
    }
}
