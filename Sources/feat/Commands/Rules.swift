import ArgumentParser
import FeatRender

/// `feat rules`: the rules `feat check` runs, with their IDs, severities and purposes.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules of `feat check`: IDs, default severities and purposes.",
        discussion: """
            Needs no repository: it prints the rules as built in. `feat rules --format markdown` \
            is what docs/rules.md holds.

            Examples:
              feat rules
              feat rules --format markdown > docs/rules.md
            """)

    @OptionGroup var output: FormatOption<RulesFormats>

    func run() throws {
        switch output.format {
        case .markdown: Output.out(RulesRender.markdown())
        default: Output.out(RulesRender.text(style: Output.style))
        }
    }
}
