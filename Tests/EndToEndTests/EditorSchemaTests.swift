import FeatTestSupport
import Foundation
import Testing

/// Checks YAML files against the committed JSON Schemas with python's jsonschema, the way an
/// editor running yaml-language-server reads them (YAML 1.2: dates stay strings). Tests that use
/// it say `.needsPython("jsonschema", "yaml")`, so that they are skipped, with the reason, where
/// that python is missing.
enum EditorSchema {
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let featureSchema = package.appendingPathComponent("schemas/feature.schema.json").path
    static let configSchema = package.appendingPathComponent("schemas/config.schema.json").path

    /// What the schema says is wrong with each file, one "file: [path] message" line per error;
    /// empty when every file validates. Template placeholders are filled in first. The script
    /// exits 3 when a file does not validate; any other failure fails the test with python's stderr.
    static func errors(_ schema: String, _ files: [String]) throws -> String {
        let script = """
            import json, sys, yaml, jsonschema
            class Loader(yaml.SafeLoader): pass
            # yaml-language-server reads YAML 1.2: 2026-01-01 is a string, not a date.
            Loader.yaml_implicit_resolvers = {
                k: [(tag, r) for tag, r in v if tag != "tag:yaml.org,2002:timestamp"]
                for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
            schema = json.load(open(sys.argv[1]))
            jsonschema.validators.validator_for(schema).check_schema(schema)
            validator = jsonschema.validators.validator_for(schema)(schema)
            bad = 0
            for name in sys.argv[2:]:
                text = open(name, encoding="utf-8").read()
                text = text.replace("{{name}}", "x").replace("{{owner}}", "o@example.com")
                text = text.replace("{{schema}}", "feature.schema.json")
                for e in validator.iter_errors(yaml.load(text, Loader=Loader)):
                    bad += 1
                    print(f"{name}: {list(e.path)} {e.message}")
            sys.exit(3 if bad else 0)
            """
        let r = try Python.run(script, [schema] + files, in: package.path)
        try #require(
            r.status == 0 || r.status == 3,
            "the schema validator did not run (python: \(Python.origin), exit \(r.status)): \(r.stderr)")
        return r.status == 0 ? "" : r.stdout
    }

    /// The YAML files below a folder.
    static func yamlFiles(under folder: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let rel = walker?.nextObject() as? String {
            if rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") { files.append(folder + "/" + rel) }
        }
        return files.sorted()
    }

    /// The `$schema` of a file's first line, resolved as yaml-language-server does: relative to
    /// the file's own folder.
    static func modelineTarget(of file: String) throws -> String {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let first = String(text.prefix { $0 != "\n" })
        let prefix = "# yaml-language-server: $schema="
        #expect(first.hasPrefix(prefix), "\(file) does not start with the modeline: \(first)")
        let target = String(first.dropFirst(prefix.count))
        return URL(fileURLWithPath: target, relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent())
            .standardizedFileURL.path
    }
}

@Suite("Editor schemas accept what feat accepts and refuse what it refuses")
struct EditorSchemaTests {
    @Test(
        "every feature template, filled in, validates against schemas/feature.schema.json",
        .needsPython("jsonschema", "yaml"))
    func templates() throws {
        let folder = EditorSchema.package.appendingPathComponent("templates/features").path
        let files = EditorSchema.yamlFiles(under: folder)
        #expect(files.count == 5)
        #expect(try EditorSchema.errors(EditorSchema.featureSchema, files) == "")
    }

    @Test(
        "every example under examples/ validates against schemas/feature.schema.json",
        .needsPython("jsonschema", "yaml"))
    func examples() throws {
        let files = EditorSchema.yamlFiles(under: EditorSchema.package.appendingPathComponent("examples").path)
        #expect(files.count >= 5)
        #expect(try EditorSchema.errors(EditorSchema.featureSchema, files) == "")
    }

    @Test(
        "the default config and this project's own policy validate against schemas/config.schema.json",
        .needsPython("jsonschema", "yaml"))
    func configs() throws {
        let files = ["templates/config.yaml", ".featurerepo/config.yaml"].map {
            EditorSchema.package.appendingPathComponent($0).path
        }
        #expect(try EditorSchema.errors(EditorSchema.configSchema, files) == "")
    }

    @Test(
        "feat new writes a file whose modeline reaches the schema feat init wrote, and which validates",
        .needsPython("jsonschema", "yaml"),
        arguments: ["scalar", "aggregation", "categorical", "map", "embedding"])
    func newFeature(kind: String) throws {
        let repo = try GitFixture()
        #expect(try feat("init", in: repo.path).status == 0)
        let r = try feat("new", "f_\(kind)", "--kind", kind, "--owner", "team@example.com", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let file = repo.path + "/features/f_\(kind).yaml"
        let target = try EditorSchema.modelineTarget(of: file)
        #expect(target.hasSuffix("/.featurerepo/schemas/feature.schema.json"))
        // The policy's schema, with the stages' obligations: a new file at the entry stage meets them.
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.contains("\"allOf\""))
        #expect(try EditorSchema.errors(target, [file]) == "")
        // The modeline is a comment: the strict parser reads the file as before.
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("1 file"))
    }

    @Test("feat init's config names the config schema it wrote beside it", .needsPython("jsonschema", "yaml"))
    func initConfig() throws {
        let repo = try GitFixture()
        let r = try feat("init", in: repo.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("wrote .featurerepo/schemas/feature.schema.json"))
        #expect(r.stdout.contains("wrote .featurerepo/schemas/config.schema.json"))
        let config = repo.path + "/.featurerepo/config.yaml"
        let target = try EditorSchema.modelineTarget(of: config)
        #expect(target == repo.path + "/.featurerepo/schemas/config.schema.json")
        #expect(try EditorSchema.errors(target, [config]) == "")
        #expect(try feat("validate", in: repo.path).status == 0)
    }

    @Test("a repository set up before the schemas existed gets them from feat init, and refreshes them on demand")
    func upgrade() throws {
        let repo = try featureRepo()
        try repo.write("features/one.yaml", featureYAML("one", stage: "explore"))
        let again = try feat("init", in: repo.path)
        #expect(again.status == 0)
        #expect(
            again.lines == [
                "wrote .featurerepo/schemas/feature.schema.json", "wrote .featurerepo/schemas/config.schema.json",
                "wrote .featurerepo/schemas/consumer.schema.json",
            ])
        #expect(try repo.read(".featurerepo/config.yaml") == "version: 1\nfeatures: [features]\n")
        try repo.write(".featurerepo/schemas/feature.schema.json", "{}")
        #expect(try feat("init", in: repo.path).stdout == "already a feature repository; nothing written\n")
        #expect(try repo.read(".featurerepo/schemas/feature.schema.json") == "{}")
        let refresh = try feat("schema", "--write", in: repo.path)
        #expect(refresh.status == 0)
        // The schema written is the policy's: what a fresh `feat init` writes under the same policy.
        let fresh = try GitFixture()
        #expect(try feat("init", in: fresh.path).status == 0)
        let written = try repo.read(".featurerepo/schemas/feature.schema.json")
        #expect(written == (try fresh.read(".featurerepo/schemas/feature.schema.json")))
        #expect(written.contains("\"allOf\""), "the stages' obligations are in it")
    }

    @Test("feat schema prints the committed schemas; it needs one of feature or config")
    func schemaCommand() throws {
        let dir = FileManager.default.temporaryDirectory.path
        for name in ["feature", "config"] {
            let r = try feat("schema", name, in: dir)
            #expect(r.status == 0)
            let path = EditorSchema.package.appendingPathComponent("schemas/\(name).schema.json").path
            #expect(r.stdout == (try String(contentsOfFile: path, encoding: .utf8)))
        }
        let none = try feat("schema", in: dir)
        #expect(none.status == 2)
        #expect(none.stderr.contains("feature or config"))
        let help = try feat("--help", in: dir)
        #expect(help.status == 0)
        #expect(help.stdout.contains("schema"), "the docs tell users to run `feat schema`: the command list shows it")
    }

    @Test("feat new --dir writes a modeline that climbs out of nested folders")
    func newFeatureNested() throws {
        let repo = try GitFixture()
        #expect(try feat("init", in: repo.path).status == 0)
        let r = try feat(
            "new", "deep", "--kind", "map", "--owner", "o@example.com", "--dir", "features/a/b", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let target = try EditorSchema.modelineTarget(of: repo.path + "/features/a/b/deep.yaml")
        #expect(target == repo.path + "/.featurerepo/schemas/feature.schema.json")
    }

    @Test(
        "the feat demo repository's feature files validate against schemas/feature.schema.json",
        .needsPython("jsonschema", "yaml"))
    func demo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-demo-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try feat("demo", dir.path, in: FileManager.default.temporaryDirectory.path)
        #expect(r.status == 0)
        let files = EditorSchema.yamlFiles(under: dir.appendingPathComponent("features").path)
        #expect(files.count >= 3)
        #expect(try EditorSchema.errors(EditorSchema.featureSchema, files) == "")
    }

    /// Files feat refuses, and what the schema must say about each.
    static let badFeatures: [(String, String, String)] = [
        ("a misspelt top-level key", "ownr: team@example.com\n", "'ownr'"),
        ("a misspelt nested key", "expectations: {nul_rate_max: 0.1}\n", "'nul_rate_max'"),
        ("a misspelt aggregation key", "aggregation: {functon: count, window: 7d}\n", "'functon'"),
        ("a bad enumeration value", "embedding: {metric: cosin}\n", "'cosin'"),
        ("an unknown kind", "", "'scalr'"),
        ("a value out of range", "expectations: {null_rate_max: 1.5}\n", "1.5"),
        ("a malformed duration", "time: {ttl: 1 day}\n", "'1 day'"),
        ("a zero duration", "time: {ttl: 0d}\n", "'0d'"),
    ]

    @Test(
        "a misspelt key or a bad value does not validate, and feat validate refuses it too",
        .needsPython("jsonschema", "yaml"), arguments: badFeatures)
    func badFeature(scenario: String, extra: String, mentions: String) throws {
        let repo = try featureRepo()
        let kind = mentions == "'scalr'" ? "scalr" : "scalar"
        let text =
            "feature: bad\nversion: 1\nstage: explore\nkind: \(kind)\nowner: o@example.com\n"
            + "hypothesis: h\n" + extra
        try repo.write("features/bad.yaml", text)
        let errors = try EditorSchema.errors(EditorSchema.featureSchema, [repo.path + "/features/bad.yaml"])
        #expect(errors.contains(mentions), "\(scenario): \(errors)")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1, "\(scenario): feat accepts what the schema refuses")
        #expect(v.stdout.contains("bad.yaml:"))
    }

    @Test(
        "custom x- keys, a drift metric written as text and empty fields validate", .needsPython("jsonschema", "yaml"))
    func permissive() throws {
        let repo = try featureRepo()
        let text = """
            feature: good
            stage: explore
            kind: scalar
            owner: o@example.com
            hypothesis: h
            x-team: payments
            source: {table: t, x-note: {any: thing}}
            monitoring: {drift: psi}
            description:
            evidence:
              - {date: 2026-01-02, anything: [1, 2]}

            """
        try repo.write("features/good.yaml", text)
        #expect(try EditorSchema.errors(EditorSchema.featureSchema, [repo.path + "/features/good.yaml"]) == "")
        #expect(try feat("validate", in: repo.path).status == 0)
    }

    static let badConfigs: [(String, String, String)] = [
        ("a rule ID that does not exist", "rules: {FEAT06: error}\n", "'FEAT06'"),
        ("a misspelt top-level setting", "rulez: {FEAT001: off}\n", "'rulez'"),
        ("a bad severity", "rules: {FEAT001: fatal}\n", "'fatal'"),
        ("a misspelt stage key", "stages:\n  - {name: explore, entri: true}\n", "'entri'"),
        (
            "an obligation naming no field", "stages:\n  - {name: explore, entry: true, requires: [sla.freshnes]}\n",
            "'sla.freshnes'"
        ),
        (
            "an unknown kind under by_kind", "stages:\n  - {name: explore, entry: true, by_kind: {scalr: [type]}}\n",
            "'scalr'"
        ),
        ("an unknown rule in not_waivable", "not_waivable: [FEAT016]\n", "FEAT016"),
    ]

    @Test(
        "a config feat refuses does not validate against the config schema", .needsPython("jsonschema", "yaml"),
        arguments: badConfigs)
    func badConfig(scenario: String, text: String, mentions: String) throws {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\n" + text)
        let errors = try EditorSchema.errors(EditorSchema.configSchema, [repo.path + "/.featurerepo/config.yaml"])
        #expect(errors.contains(mentions), "\(scenario): \(errors)")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 2, "\(scenario): feat accepts what the schema refuses")
        #expect(v.stderr.contains("config.yaml:"))
    }
}
