import FeatTestSupport
import Foundation
import Testing

/// The feature schema feat writes for editors knows the repository's stages and what each
/// one requires, so an editor marks a missing obligation as the author types (issue 20).
@Suite("Editor schemas know the stages and their obligations")
struct StageSchemaTests {
    /// A repository after `feat init`, with its written feature schema.
    func initialised() throws -> (repo: GitFixture, schema: String) {
        let repo = try GitFixture()
        let r = try feat("init", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        return (repo, repo.path + "/.featurerepo/schemas/feature.schema.json")
    }

    func errors(_ schema: String, _ files: [String: String], in repo: GitFixture) throws -> String {
        var paths: [String] = []
        for (name, text) in files {
            try repo.write("features/\(name).yaml", text)
            paths.append(repo.path + "/features/\(name).yaml")
        }
        return try EditorSchema.errors(schema, paths.sorted())
    }

    @Test(
        "stage: prod and a candidate missing its obligations are marked; files feat accepts at every stage are not",
        .needsPython("jsonschema", "yaml"))
    func obligationsAsYouType() throws {
        let (repo, schema) = try initialised()
        let prod = featureYAML("a", stage: "explore").replacingOccurrences(of: "stage: explore", with: "stage: prod")
        #expect(try errors(schema, ["a": prod], in: repo).contains("'prod' is not one of"))
        let bare = featureYAML("b", stage: "explore").replacingOccurrences(
            of: "stage: explore", with: "stage: candidate")
        let missing = try errors(schema, ["b": bare], in: repo)
        for field in ["description", "entity", "evidence"] {
            #expect(missing.contains("'\(field)' is a required property"), "\(field): \(missing)")
        }
        // `source` may also be met by `inputs`: one of them is asked for.
        #expect(missing.split(separator: "\n").count >= 4, "\(missing)")
        let empty = featureYAML("c", stage: "production").replacingOccurrences(
            of: "monitoring: {drift: psi}", with: "monitoring: {}")
        #expect(!(try errors(schema, ["c": empty], in: repo)).isEmpty, "an empty monitoring meets nothing")
        var good: [String: String] = [:]
        for stage in ["explore", "candidate", "shadow", "production", "deprecated"] {
            good["ok_\(stage)"] = featureYAML("ok_\(stage)", stage: stage)
        }
        try repo.remove("features/a.yaml")
        try repo.remove("features/b.yaml")
        try repo.remove("features/c.yaml")
        let validate = try feat("validate", in: repo.path)
        #expect(try errors(schema, good, in: repo) == "", "feat accepts them: \(validate.stdout)")
        #expect(validate.status == 0, "\(validate.stdout)")
    }

    @Test("a policy change makes the written schema stale: validate says so, and schema --write renews it")
    func staleAfterPolicyChange() throws {
        let (repo, schema) = try initialised()
        let before = try String(contentsOfFile: schema, encoding: .utf8)
        let config = try repo.read(".featurerepo/config.yaml")
        try repo.write(
            ".featurerepo/config.yaml",
            config.replacingOccurrences(
                of: "requires: [feature, kind, owner, hypothesis]",
                with: "requires: [feature, kind, owner, hypothesis, tags]"))
        let stale = try feat("validate", in: repo.path)
        #expect(stale.stderr.contains("feature.schema.json is out of date"), "\(stale.stderr)")
        let written = try feat("schema", "--write", in: repo.path)
        #expect(written.status == 0, "\(written.stderr)")
        let after = try String(contentsOfFile: schema, encoding: .utf8)
        #expect(after != before && after.contains("\"tags\""))
        #expect(!(try feat("validate", in: repo.path)).stderr.contains("out of date"))
    }
}
