import FeatKit
import FeatModel
import FeatYAML
import Foundation
import Testing

@Suite("Templates embedded in the binary")
struct TemplatesTests {
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    static func onDisk() throws -> [String: String] {
        var files: [String: String] = [:]
        let root = templates.path
        let walker = FileManager.default.enumerator(atPath: root)
        while let rel = walker?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                files[rel] = try String(contentsOfFile: root + "/" + rel, encoding: .utf8)
            }
        }
        return files
    }

    @Test("the embedded copies equal templates/ (run scripts/embed-templates.py after editing)")
    func embeddedEqualsDisk() throws {
        let disk = try Self.onDisk()
        #expect(Set(disk.keys) == Set(EmbeddedTemplates.files.keys))
        for (path, text) in disk {
            #expect(EmbeddedTemplates.files[path] == text, "templates/\(path) differs from its embedded copy")
        }
    }

    @Test("every template is valid YAML; the config is the SPEC §3 default policy")
    func templatesParse() throws {
        for (path, text) in EmbeddedTemplates.files {
            let filled = text.replacingOccurrences(of: "{{name}}", with: "x").replacingOccurrences(
                of: "{{owner}}", with: "o@example.com"
            )
            .replacingOccurrences(of: "{{root}}", with: "")
            #expect(throws: Never.self, "templates/\(path)") { try YAMLDocument.parse(Array(filled.utf8)) }
        }
        let policy = try PolicyParser.parse(Array((EmbeddedTemplates.files["config.yaml"] ?? "").utf8))
        #expect(policy.stages == Policy.standard.stages)
        #expect(policy.allowDemotion == false)
        // The policy feat init writes holds the extension_impacts preset, as the built-in one does.
        #expect(policy.extensionImpacts == Policy.extensionPreset)
        #expect(Policy.standard.extensionImpacts == Policy.extensionPreset)
    }

    @Test(
        "a new feature's first line points at .featurerepo/schemas from the file's own folder",
        arguments: [
            ("features/x.yaml", "../.featurerepo/schemas/feature.schema.json"),
            ("features/payments/risk/x.yaml", "../../../.featurerepo/schemas/feature.schema.json"),
            ("./examples/features/x.yaml", "../../.featurerepo/schemas/feature.schema.json"),
            ("x.yaml", ".featurerepo/schemas/feature.schema.json"),
        ])
    func modeline(path: String, schema: String) throws {
        let text = Scaffold.newFeature(name: "x", kind: .map, owner: "o@example.com", stage: "explore", path: path)
        let first = text.split(separator: "\n", maxSplits: 1).first.map(String.init)
        #expect(first == "# yaml-language-server: $schema=" + schema)
        #expect(!text.contains("{{"), "a placeholder is left in the new file")
        let parsed = FeatureParser.parse(Array(text.utf8), path: path)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.feature?.identity.feature == "x")
    }

    @Test("every template starts with the yaml-language-server modeline; the config's names the schema beside it")
    func modelines() {
        for (path, text) in EmbeddedTemplates.files where !path.hasPrefix("ci/") {
            #expect(text.hasPrefix("# yaml-language-server: $schema="), "templates/\(path)")
        }
        #expect(
            EmbeddedTemplates.files["config.yaml"]?.hasPrefix(
                "# yaml-language-server: $schema=schemas/config.schema.json\n") == true)
        #expect(Scaffold.schemaFolder == ".featurerepo/schemas")
    }

    @Test("CI templates fetch full history and trust the workspace")
    func ciTemplates() {
        let github = EmbeddedTemplates.files["ci/github.yml"] ?? ""
        #expect(github.contains("fetch-depth: 0"))
        #expect(github.contains("safe.directory \"$GITHUB_WORKSPACE\""))
        #expect(github.contains("feat check --base"))
        #expect(github.contains("GITHUB_STEP_SUMMARY"))
        let gitlab = EmbeddedTemplates.files["ci/gitlab.yml"] ?? ""
        #expect(gitlab.contains("GIT_DEPTH: 0"))
        #expect(gitlab.contains("merge_request_event"))
        #expect(gitlab.contains("junit"))
    }
}
