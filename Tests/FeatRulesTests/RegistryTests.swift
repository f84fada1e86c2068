import FeatModel
import FeatRules
import Foundation
import Testing

@Suite("The rule registry: one rule per file, documented where it is defined")
struct RegistryTests {
    static let rulesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/FeatRules/Rules")

    @Test("FEAT001–FEAT015 in order, each with a title, a one-sentence purpose and a default severity")
    func registry() {
        #expect(
            RuleRegistry.ids == [
                "FEAT001", "FEAT002", "FEAT003", "FEAT004", "FEAT005", "FEAT006", "FEAT007", "FEAT008", "FEAT009",
                "FEAT010", "FEAT011", "FEAT012", "FEAT013", "FEAT014", "FEAT015",
            ])
        for rule in RuleRegistry.all {
            #expect(!rule.title.isEmpty)
            #expect(rule.purpose.hasSuffix("."))
            #expect(!rule.details.isEmpty)
        }
        #expect(
            RuleRegistry.all.filter { $0.defaultSeverity == .warning }.map { $0.id } == [
                "FEAT008", "FEAT009", "FEAT015",
            ])
    }

    @Test("the registry lists exactly the rule IDs the policy knows")
    func registryMatchesPolicy() {
        #expect(RuleRegistry.ids == Policy.ruleIDs)
    }

    @Test(
        "what a waiver excuses: state rules until expiry, change rules in their pull request, FEAT007, FEAT008 and the consumer rules never"
    )
    func waiverScopes() {
        #expect(RuleRegistry.stateRules.map { $0.id } == ["FEAT001", "FEAT002", "FEAT003"])
        #expect(
            RuleRegistry.all.filter { $0.scope == .change && $0.waivable }.map { $0.id }
                == ["FEAT004", "FEAT005", "FEAT006", "FEAT009", "FEAT010"])
        #expect(
            RuleRegistry.all.filter { !$0.waivable }.map { $0.id }
                == ["FEAT007", "FEAT008", "FEAT011", "FEAT012", "FEAT013", "FEAT014", "FEAT015"])
    }

    @Test("one file per rule under Rules/, named by its ID; its doc comment is its purpose and details")
    func docCommentsMatch() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.rulesFolder.path).sorted()
        #expect(files == RuleRegistry.ids.map { $0 + ".swift" })
        for rule in RuleRegistry.all {
            let source = try String(
                contentsOf: Self.rulesFolder.appendingPathComponent(rule.id + ".swift"), encoding: .utf8)
            #expect(source.contains("public enum \(rule.id): Rule"))
            var doc: [String] = []
            for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("///") {
                    doc.append(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("public enum") {
                    break
                }
            }
            let paragraphs = doc.split(separator: "").map { $0.joined(separator: " ") }
            let purpose = paragraphs.first?.replacingOccurrences(of: "`", with: "") ?? ""
            #expect(purpose == rule.purpose, "\(rule.id): the doc comment's first paragraph and `purpose` differ")
            #expect(
                paragraphs.dropFirst().joined(separator: " ") == rule.details,
                "\(rule.id): doc comment and `details` differ")
            // Message texts live at the bottom of the rule's file.
            #expect(source.contains("enum Message"))
        }
    }

    @Test("an unknown rule ID in the config is refused with its line and the closest ID (the parser's, not a note)")
    func unknownIDs() {
        let text = "version: 1\nrules:\n  FEAT003: warning\n  FEAT0066: off\nnot_waivable: [FEAT1]\n"
        #expect(throws: PolicyError.self) { try PolicyParser.parse(Array(text.utf8)) }
        do {
            _ = try PolicyParser.parse(Array(text.utf8))
        } catch {
            #expect(error.line == 4)
            #expect(error.message.contains("unknown rule 'FEAT0066' in 'rules' (did you mean 'FEAT006'?)"))
        }
    }

    @Test("severity overrides: off drops a rule's findings, warning downgrades them")
    func overrides() {
        let before = Tree(["features/a.yaml": yaml("a", stage: "production")])
        let after = Tree(["features/a.yaml": yaml("a", stage: "production", window: "30d")])
        #expect(check(before: before, after: after).of("FEAT006").map(\.severity) == [.error])
        #expect(
            check(before: before, after: after, policy: .standard.with(rules: ["FEAT006": .warning])).of("FEAT006").map(
                \.severity) == [.warning])
        #expect(check(before: before, after: after, policy: .standard.with(rules: ["FEAT006": .off])).isEmpty)
        #expect(
            check(before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml"]).map(\.severity) == [
                .warning
            ])
        let strict = Policy.standard.with(rules: ["FEAT008": .error])
        #expect(
            check(before: Tree(), after: Tree(), policy: strict, configChanges: [".featurerepo/config.yaml"]).map(
                \.severity) == [.error])
    }
}
