import FeatTestSupport
import Foundation
import Testing

/// A consumer declaration (SPEC §8) reading `reads` as written in YAML (`a`, `{feature: b, version: 2}`).
func consumerYAML(
    _ name: String, stage: String = "production", owner: String = "risk-ml@example.com", kind: String = "model",
    reads: [String], extra: String = ""
) -> String {
    var text = "consumer: \(name)\nkind: \(kind)\nstage: \(stage)\nowner: \(owner)\n"
    text += reads.isEmpty ? "" : "reads:\n" + reads.map { "  - \($0)\n" }.joined()
    return text + extra
}

/// The day `days` from today (UTC), as YYYY-MM-DD: `feat validate` judges expiry dates at today.
func isoDay(_ days: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
}

/// The consumers of `feat consumers --format json`, by name.
func consumersByName(_ r: Run.Result) -> [String: [String: Any]] {
    let list = r.json["consumers"] as? [[String: Any]] ?? []
    return Dictionary(list.map { (($0["consumer"] as? String) ?? "", $0) }, uniquingKeysWith: { a, _ in a })
}

/// `feature` or `feature@version` → stage (or "null") of each read of a consumer object.
func readStages(_ consumer: [String: Any]?) -> [String: String] {
    var out: [String: String] = [:]
    for read in consumer?["reads"] as? [[String: Any]] ?? [] {
        let name = (read["feature"] as? String) ?? "?"
        let version = (read["version"] as? Int) ?? 0
        out[version == 1 ? name : "\(name)@\(version)"] = (read["stage"] as? String) ?? "null"
    }
    return out
}

@Suite("feat consumers: who reads a feature")
struct ConsumersCommandTests {
    /// velocity (production), embedding v1 (shadow) and v2 (explore), read by a production
    /// model, a shadow service and an experiment; a dashboard reads nothing of theirs.
    static func readers() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "production"))
        try repo.write("features/embedding.yaml", featureYAML("embedding", stage: "shadow"))
        try repo.write("features/embedding_v2.yaml", featureYAML("embedding", stage: "explore", version: 2))
        try repo.write(
            "consumers/fraud_scorer.yaml",
            consumerYAML("fraud_scorer", reads: ["velocity", "{feature: embedding, version: 2}"]))
        try repo.write(
            "consumers/risk/limits.yaml",
            consumerYAML("limits", stage: "shadow", owner: "limits@example.com", kind: "service", reads: ["velocity"]))
        try repo.write(
            "consumers/trial.yaml", consumerYAML("trial", stage: "experiment", reads: ["embedding", "ghost"]))
        try repo.write("consumers/board.yaml", consumerYAML("board", kind: "dashboard", reads: []))
        return repo
    }

    @Test("feat consumers NAME lists the consumers that read it, with their stage and owner and the feature's stage")
    func whoReads() throws {
        let repo = try Self.readers()
        let r = try feat("consumers", "velocity", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.first == "velocity is read by 2 consumers (1 production, 1 shadow):", "\(r.stdout)")
        let fraud = try #require(r.lines.first { $0.hasPrefix("fraud_scorer ") })
        for word in [
            "model", "production", "risk-ml@example.com", "velocity (production)", "consumers/fraud_scorer.yaml",
        ] {
            #expect(fraud.contains(word), "\(fraud)")
        }
        #expect(r.lines.contains { $0.hasPrefix("limits ") && $0.contains("limits@example.com") })
        #expect(!r.stdout.contains("trial") && !r.stdout.contains("board"))

        let json = try feat("consumers", "velocity", "--format", "json", in: repo.path)
        #expect(json.status == 0)
        #expect(json.json["rev"] as? String == "worktree")
        let byName = consumersByName(json)
        #expect(Set(byName.keys) == ["fraud_scorer", "limits"])
        let scorer = try #require(byName["fraud_scorer"])
        #expect(scorer["kind"] as? String == "model")
        #expect(scorer["stage"] as? String == "production")
        #expect(scorer["owner"] as? String == "risk-ml@example.com")
        #expect(scorer["path"] as? String == "consumers/fraud_scorer.yaml")
        // Every read of a consumer that reads it, each with its feature's stage.
        #expect(readStages(scorer) == ["velocity": "production", "embedding@2": "explore"])
        #expect(byName["limits"]?["path"] as? String == "consumers/risk/limits.yaml")
    }

    @Test("without a name it lists every consumer with what it reads; a read of no feature has stage null")
    func everyConsumer() throws {
        let repo = try Self.readers()
        let json = try feat("consumers", "--format", "json", in: repo.path)
        #expect(json.status == 0, "\(json.stderr)")
        let byName = consumersByName(json)
        #expect(Set(byName.keys) == ["board", "fraud_scorer", "limits", "trial"])
        #expect(readStages(byName["trial"]) == ["embedding": "shadow", "ghost": "null"])
        #expect(readStages(byName["board"]).isEmpty)
        let reads = byName["trial"]?["reads"] as? [[String: Any]] ?? []
        #expect(reads.contains { $0["feature"] as? String == "ghost" && $0["stage"] is NSNull })

        let text = try feat("consumers", in: repo.path)
        #expect(text.status == 0)
        #expect(text.stdout.contains("trial · model · experiment · risk-ml@example.com · consumers/trial.yaml"))
        #expect(text.lines.contains { $0.hasPrefix("  ghost") && $0.hasSuffix("no such feature") }, "\(text.stdout)")
        #expect(text.lines.contains { $0.hasPrefix("  embedding v2") && $0.hasSuffix("explore") })
        #expect(text.stdout.contains("reads nothing"))
    }

    @Test("--version N keeps the consumers of that version only; markdown is a table naming the reach")
    func versionAndMarkdown() throws {
        let repo = try Self.readers()
        let v2 = try feat("consumers", "embedding", "--version", "2", "--format", "json", in: repo.path)
        #expect(Set(consumersByName(v2).keys) == ["fraud_scorer"])
        let any = try feat("consumers", "embedding", "--format", "json", in: repo.path)
        #expect(Set(consumersByName(any).keys) == ["fraud_scorer", "trial"])
        let md = try feat("consumers", "embedding", "--version", "2", "--format", "markdown", in: repo.path)
        #expect(md.status == 0)
        #expect(md.stdout.hasPrefix("**`embedding v2` is read by 1 consumer (1 production).**"), "\(md.stdout)")
        #expect(md.stdout.contains("| consumer | kind | stage | owner | reads | path |"))
        #expect(md.stdout.contains("embedding v2 (explore)"))
        #expect(!md.stdout.contains("velocity"), "with a name, only the reads of that feature are shown")
        let none = try feat("consumers", "embedding", "--version", "1", in: repo.path)
        #expect(none.status == 0)
        #expect(none.lines.first?.contains("is read by 1 consumer (1 experiment)") == true, "\(none.stdout)")
    }

    @Test(
        "a misspelt name says did you mean, a consumer's name is not a feature's, a version that is not there says which are"
    )
    func refusals() throws {
        let repo = try Self.readers()
        let typo = try feat("consumers", "velocty", in: repo.path)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'velocity'"), "\(typo.stderr)")
        let consumer = try feat("consumers", "fraud_scorer", in: repo.path)
        #expect(consumer.status == 2)
        #expect(consumer.stderr.contains("fraud_scorer is a consumer, not a feature"), "\(consumer.stderr)")
        let version = try feat("consumers", "velocity", "--version", "3", in: repo.path)
        #expect(version.status == 2)
        #expect(version.stderr.contains("velocity has no version 3; its version is 1"), "\(version.stderr)")
        let orphan = try feat("consumers", "--version", "2", in: repo.path)
        #expect(orphan.status == 2)
        #expect(orphan.stderr.contains("--version needs a feature's name"))
        // A feature nobody reads is an answer, not an error; so is a read of a feature that is gone.
        try repo.write("features/lonely.yaml", featureYAML("lonely", stage: "explore"))
        let lonely = try feat("consumers", "lonely", in: repo.path)
        #expect(lonely.status == 0)
        #expect(lonely.stdout == "no consumer reads lonely\n")
        let ghost = try feat("consumers", "ghost", "--format", "json", in: repo.path)
        #expect(ghost.status == 0)
        #expect(Set(consumersByName(ghost).keys) == ["trial"])
    }

    @Test("--at a revision or a date answers as the repository was then, with the feature's stage then")
    func pointInTime() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "shadow"))
        try repo.write("consumers/scorer.yaml", consumerYAML("scorer", stage: "shadow", reads: ["velocity"]))
        let first = try repo.commit("scorer reads velocity in shadow", date: "2026-02-01T10:00:00Z")
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "production"))
        try repo.write("consumers/scorer.yaml", consumerYAML("scorer", reads: ["velocity"]))
        try repo.write("consumers/limits.yaml", consumerYAML("limits", reads: ["velocity"]))
        try repo.commit("both in production", date: "2026-03-01T10:00:00Z")

        let then = try feat("consumers", "velocity", "--at", "2026-02-15", "--format", "json", in: repo.path)
        #expect(then.status == 0, "\(then.stderr)")
        #expect(then.json["rev"] as? String == first)
        let old = consumersByName(then)
        #expect(Set(old.keys) == ["scorer"])
        #expect(old["scorer"]?["stage"] as? String == "shadow")
        #expect(readStages(old["scorer"]) == ["velocity": "shadow"])

        let byRev = try feat("consumers", "--at", "HEAD~1", "--format", "json", in: repo.path)
        #expect(byRev.json["rev"] as? String == first)
        let now = try feat("consumers", "velocity", "--format", "json", in: repo.path)
        #expect(Set(consumersByName(now).keys) == ["limits", "scorer"])
        #expect(readStages(consumersByName(now)["scorer"]) == ["velocity": "production"])

        let before = try feat("consumers", "--at", "2025-12-01", in: repo.path)
        #expect(before.status == 2)
        let bad = try feat("consumers", "--at", "2026-02-30", in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--at"), "one place parses dates, and names the option: \(bad.stderr)")
    }

    @Test("a consumer file that cannot be read is never dropped in silence: a warning in text, listed in JSON")
    func unreadableConsumer() throws {
        let repo = try Self.readers()
        try repo.write("consumers/broken.yaml", "consumer: broken\nstage: [production\n")
        let text = try feat("consumers", in: repo.path)
        #expect(text.status == 0)
        #expect(text.stderr.contains("consumers/broken.yaml:"), "\(text.stderr)")
        #expect(text.stderr.contains("1 consumer file could not be read and is not listed"))
        let json = try feat("consumers", "--format", "json", in: repo.path)
        let warnings = json.json["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.map { $0["path"] as? String } == ["consumers/broken.yaml"])
    }
}

@Suite("feat new --consumer and the consumer schema")
struct ConsumerScaffoldTests {
    @Test(
        "feat new --consumer writes consumers/NAME.yaml whose modeline reaches the schema feat init wrote, and which validates",
        .needsPython("jsonschema", "yaml"))
    func newConsumer() throws {
        let repo = try GitFixture()
        #expect(try feat("init", in: repo.path).status == 0)
        for (name, kind) in [("velocity", "aggregation"), ("title_embedding", "embedding")] {
            #expect(try feat("new", name, "--kind", kind, "--owner", "o@example.com", in: repo.path).status == 0)
        }
        try repo.write("features/title_embedding_v2.yaml", featureYAML("title_embedding", stage: "explore", version: 2))
        let r = try feat(
            "new", "--consumer", "fraud_scorer", "--kind", "service", "--reads", "velocity, title_embedding@2",
            "--owner", "risk-ml@example.com", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "wrote consumers/fraud_scorer.yaml (consumer, service, stage experiment)\n")
        let file = repo.path + "/consumers/fraud_scorer.yaml"
        let target = try EditorSchema.modelineTarget(of: file)
        #expect(target == repo.path + "/.featurerepo/schemas/consumer.schema.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == (try Self.committedSchema()))
        #expect(try EditorSchema.errors(target, [file]) == "")

        let json = try feat("consumers", "--format", "json", in: repo.path)
        let scorer = consumersByName(json)["fraud_scorer"]
        #expect(scorer?["kind"] as? String == "service")
        #expect(scorer?["stage"] as? String == "experiment")
        #expect(scorer?["owner"] as? String == "risk-ml@example.com")
        #expect(readStages(scorer) == ["velocity": "explore", "title_embedding@2": "explore"])
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }

    @Test("feat new --consumer refuses, writing nothing, a read of no feature, a taken name and a bad kind")
    func refusals() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        let typo = try feat("new", "--consumer", "c", "--reads", "velocty", "--owner", "o@example.com", in: repo.path)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'velocity'"), "\(typo.stderr)")
        let version = try feat(
            "new", "--consumer", "c", "--reads", "velocity@2", "--owner", "o@example.com", in: repo.path)
        #expect(version.status == 2)
        #expect(version.stderr.contains("velocity has no version 2; its version is 1"), "\(version.stderr)")
        let word = try feat("new", "--consumer", "c", "--reads", "velocity@two", "--owner", "o@e.com", in: repo.path)
        #expect(word.status == 2)
        #expect(word.stderr.contains("'velocity@two'"))
        let kind = try feat("new", "--consumer", "c", "--kind", "modle", "--owner", "o@example.com", in: repo.path)
        #expect(kind.status == 2)
        #expect(kind.stderr.contains("did you mean 'model'"), "\(kind.stderr)")
        let both = try feat("new", "x", "--consumer", "c", "--owner", "o@example.com", in: repo.path)
        #expect(both.status == 2)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/consumers"))

        try repo.write("consumers/teams/taken.yaml", consumerYAML("c", reads: ["velocity"]))
        let taken = try feat("new", "--consumer", "c", "--owner", "o@example.com", in: repo.path)
        #expect(taken.status == 2)
        #expect(taken.stderr.contains("consumers/teams/taken.yaml (consumer c) already exists"), "\(taken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/consumers/c.yaml"))
    }

    @Test(
        "feat new --consumer writes into the first consumers folder the policy names, with a modeline that climbs out")
    func policyFolder() throws {
        let repo = try GitFixture()
        try repo.write(
            ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nconsumers: [ml/consumers, other]\n")
        let r = try feat("new", "--consumer", "scorer", "--owner", "o@example.com", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try repo.read("ml/consumers/scorer.yaml")
        #expect(text.hasPrefix("# yaml-language-server: $schema=../../.featurerepo/schemas/consumer.schema.json\n"))
        #expect(text.contains("\nkind: model\n") && text.contains("\nstage: experiment\n"))
        #expect(text.contains("\nreads: []\n"))
        let json = try feat("consumers", "--format", "json", in: repo.path)
        #expect(consumersByName(json)["scorer"]?["path"] as? String == "ml/consumers/scorer.yaml")
    }

    static func committedSchema() throws -> String {
        try String(
            contentsOfFile: EditorSchema.package.appendingPathComponent("schemas/consumer.schema.json").path,
            encoding: .utf8)
    }

    @Test(
        "feat schema consumer prints the committed schema; feat init and feat schema --write put it beside the others")
    func schemaCommand() throws {
        let r = try feat("schema", "consumer", in: FileManager.default.temporaryDirectory.path)
        #expect(r.status == 0)
        #expect(r.stdout == (try Self.committedSchema()))
        let repo = try GitFixture()
        let initialised = try feat("init", in: repo.path)
        #expect(initialised.lines.contains("wrote .featurerepo/schemas/consumer.schema.json"), "\(initialised.stdout)")
        try repo.write(".featurerepo/schemas/consumer.schema.json", "{}")
        #expect(try feat("schema", "--write", in: repo.path).status == 0)
        #expect(try repo.read(".featurerepo/schemas/consumer.schema.json") == (try Self.committedSchema()))
    }

    /// Consumer files feat refuses, and what the schema must say about each.
    static let badConsumers: [(String, String, String)] = [
        ("a misspelt top-level key", "ownr: o@example.com\n", "'ownr'"),
        ("a misspelt read key", "reads:\n  - {featur: velocity}\n", "'featur'"),
        ("a bad stage", "", "'prodution'"),
        (
            "an acknowledgement without a reason", "acknowledgements:\n  - {feature: velocity, impact: meaning}\n",
            "'reason'"
        ),
        ("a misspelt impact", "acknowledgements:\n  - {feature: velocity, impact: meanin, reason: r}\n", "'meanin'"),
        ("a read version of 0", "reads:\n  - {feature: velocity, version: 0}\n", "0"),
    ]

    @Test(
        "a consumer file feat refuses does not validate against the consumer schema",
        .needsPython("jsonschema", "yaml"), arguments: badConsumers)
    func badConsumer(scenario: String, extra: String, mentions: String) throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        let stage = mentions == "'prodution'" ? "prodution" : "experiment"
        let owner = extra.hasPrefix("ownr") ? "" : "owner: o@example.com\n"
        try repo.write("consumers/c.yaml", "consumer: c\nstage: \(stage)\n" + owner + extra)
        let schema = EditorSchema.package.appendingPathComponent("schemas/consumer.schema.json").path
        let errors = try EditorSchema.errors(schema, [repo.path + "/consumers/c.yaml"])
        #expect(errors.contains(mentions), "\(scenario): \(errors)")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1, "\(scenario): feat accepts what the schema refuses: \(v.stdout)")
        #expect(v.stdout.contains("consumers/c.yaml:"))
    }

    @Test(
        "the consumer template and a consumer using every field validate against the consumer schema",
        .needsPython("jsonschema", "yaml"))
    func goodConsumers() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        try repo.write("features/label.yaml", featureYAML("label", stage: "explore"))
        try repo.write(
            "consumers/full.yaml",
            consumerYAML(
                "full", stage: "experiment", kind: "job",
                reads: ["velocity", "{feature: label, version: 1, role: label, x-note: target}"],
                extra: """
                    description: Everything.
                    tags: [risk]
                    x-team: payments
                    acknowledgements:
                      - {feature: velocity, version: 1, impact: meaning, reason: "checked", expires: \(isoDay(30))}

                    """))
        let schema = EditorSchema.package.appendingPathComponent("schemas/consumer.schema.json").path
        let template = EditorSchema.package.appendingPathComponent("templates/consumer.yaml").path
        #expect(try EditorSchema.errors(schema, [template, repo.path + "/consumers/full.yaml"]) == "")
        let v = try feat("validate", in: repo.path)
        #expect(v.status == 0, "\(v.stdout)")
        #expect(v.lines.last == "2 feature files and 1 consumer file checked, 0 errors, 0 warnings", "\(v.stdout)")
    }
}

@Suite("feat validate checks consumer files (FEAT011)")
struct ConsumerValidateTests {
    @Test(
        "a misspelt key, a misspelt read and a version that does not exist are errors at their lines, with did you mean"
    )
    func wellFormed() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "production"))
        try repo.write(
            "consumers/scorer.yaml",
            """
            consumer: scorer
            stage: production
            owner: o@example.com
            raeds: [velocity]
            reads:
              - velocty
              - {feature: velocity, version: 2}
              - {feature: velocity, rol: label}

            """)
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        let line = { (n: Int) in r.lines.first { $0.hasPrefix("consumers/scorer.yaml:\(n): error: ") } ?? "" }
        #expect(line(4).contains("unknown field 'raeds' (did you mean 'reads'?)"), "\(r.stdout)")
        #expect(line(6).contains("velocty") && line(6).contains("(did you mean 'velocity'?)"), "\(r.stdout)")
        #expect(line(7).contains("velocity v2"), "\(r.stdout)")
        #expect(line(8).contains("unknown key 'rol' in a read (did you mean 'role'?)"), "\(r.stdout)")
        #expect(r.lines.last == "1 feature file and 1 consumer file checked, 4 errors, 0 warnings", "\(r.stdout)")

        let json = try feat("validate", "--format", "json", in: repo.path)
        #expect(json.json["consumer_files"] as? Int == 1)
        #expect(json.json["files"] as? Int == 1)
        let problems = json.json["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 4)
        #expect(
            problems.allSatisfy {
                $0["rule"] as? String == "FEAT011" && $0["path"] as? String == "consumers/scorer.yaml"
            })
        let missing = problems.first { ($0["message"] as? String)?.contains("velocty") == true }
        #expect(missing?["feature"] as? String == "velocty" && missing?["line"] as? Int == 6)
    }

    @Test("a file that is not a consumer mapping, or lacks its stage and owner, is an error with its line")
    func malformed() throws {
        let repo = try featureRepo()
        try repo.write("consumers/list.yaml", "- a\n- b\n")
        try repo.write("consumers/bare.yaml", "consumer: bare\nreads: [a]\n")
        try repo.write("consumers/broken.yaml", "consumer: broken\nstage: [shadow\n")
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("consumers/list.yaml:1: error: a consumer file is a mapping"), "\(r.stdout)")
        #expect(r.stdout.contains("consumers/bare.yaml:1: error: missing 'stage'"), "\(r.stdout)")
        #expect(r.stdout.contains("consumers/bare.yaml:1: error: missing 'owner'"), "\(r.stdout)")
        #expect(r.lines.contains { $0.hasPrefix("consumers/broken.yaml:") && $0.contains(": error: ") }, "\(r.stdout)")
        #expect(r.lines.last?.hasPrefix("3 consumer files checked") == true, "\(r.stdout)")
    }

    @Test(
        "an acknowledgement expiring beyond waiver_max_days is an error; one expired or for a feature not read is a warning asking to remove it"
    )
    func acknowledgements() throws {
        let repo = try GitFixture()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features]\nwaiver_max_days: 30\n")
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "production"))
        try repo.write("features/other.yaml", featureYAML("other", stage: "production"))
        func write(_ acknowledgements: [String]) throws {
            try repo.write(
                "consumers/scorer.yaml",
                consumerYAML(
                    "scorer", reads: ["velocity"],
                    extra: "acknowledgements:\n" + acknowledgements.map { "  - \($0)\n" }.joined()))
        }
        let held = "{feature: velocity, impact: meaning, reason: retrained, expires: \(isoDay(20))}"
        try write([
            held,
            "{feature: velocity, impact: breaking, reason: too long, expires: \(isoDay(45))}",
            "{feature: velocity, impact: meaning, reason: old, expires: \(isoDay(-3))}",
            "{feature: other, impact: meaning, reason: not read}",
            "{feature: velocity, version: 2, impact: meaning, reason: not this version}",
        ])
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1, "\(r.stdout)")
        let at = { (n: Int) in r.lines.first { $0.hasPrefix("consumers/scorer.yaml:\(n): ") } ?? "" }
        #expect(
            !r.stdout.contains("scorer.yaml:8:"), "an acknowledgement within 30 days that is read is fine: \(r.stdout)")
        #expect(at(9).contains("error") && at(9).contains("more than 30 days ahead"), "\(r.stdout)")
        #expect(at(10).contains("warning") && at(10).contains("expired") && at(10).contains("remove it"), "\(r.stdout)")
        #expect(at(11).contains("warning") && at(11).contains("other") && at(11).contains("remove it"), "\(r.stdout)")
        #expect(at(12).contains("warning") && at(12).contains("velocity v2"), "\(r.stdout)")
        #expect(r.lines.last == "2 feature files and 1 consumer file checked, 1 error, 3 warnings", "\(r.stdout)")

        // Warnings alone pass: an expired acknowledgement asks to be removed, it does not block.
        try write([held, "{feature: velocity, impact: meaning, reason: old, expires: \(isoDay(-3))}"])
        let warned = try feat("validate", in: repo.path)
        #expect(warned.status == 0, "\(warned.stdout)")
        #expect(warned.lines.last == "2 feature files and 1 consumer file checked, 0 errors, 1 warning")
    }

    @Test("a retired consumer may keep reading a feature that is gone; an experiment may not")
    func retired() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        try repo.write("consumers/old.yaml", consumerYAML("old", stage: "retired", reads: ["velocity", "gone"]))
        #expect(try feat("validate", in: repo.path).status == 0)
        try repo.write("consumers/new.yaml", consumerYAML("new", stage: "experiment", reads: ["gone"]))
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1)
        #expect(
            r.lines.contains { $0.hasPrefix("consumers/new.yaml:6: error: ") && $0.contains("gone") }, "\(r.stdout)")
        #expect(!r.stdout.contains("consumers/old.yaml"))
    }

    @Test("feat validate PATH checks the consumer files it names, and only those")
    func namedPaths() throws {
        let repo = try featureRepo()
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        try repo.write("consumers/good.yaml", consumerYAML("good", reads: ["velocity"]))
        try repo.write("consumers/bad.yaml", consumerYAML("bad", reads: ["ghost"]))
        let good = try feat("validate", "consumers/good.yaml", in: repo.path)
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout == "1 consumer file checked, 0 errors, 0 warnings\n")
        let bad = try feat("validate", "consumers/bad.yaml", "features/velocity.yaml", in: repo.path)
        #expect(bad.status == 1)
        #expect(bad.lines.last == "1 feature file and 1 consumer file checked, 1 error, 0 warnings", "\(bad.stdout)")
        let feature = try feat("validate", "features/velocity.yaml", in: repo.path)
        #expect(feature.stdout == "1 file checked, 0 errors, 0 warnings\n")
        let md = try feat("validate", "--format", "markdown", in: repo.path)
        #expect(
            md.stdout.hasPrefix("**feat validate:** 1 error(s) in 1 feature file and 2 consumer files\n"),
            "\(md.stdout)")
    }

    @Test("the pre-commit hook refuses a commit with a bad consumer file, naming file:line", .needsPython("pre_commit"))
    func preCommit() throws {
        let hooks = try GitFixture()
        try hooks.write(".pre-commit-hooks.yaml", try String(contentsOfFile: PreCommitTests.hooksFile, encoding: .utf8))
        let rev = try hooks.commit("hooks")
        let repo = try featureRepo()
        try repo.write(
            ".pre-commit-config.yaml",
            "repos:\n  - repo: \(hooks.path)\n    rev: \(rev)\n    hooks:\n      - id: feat-validate\n")
        try repo.write("features/velocity.yaml", featureYAML("velocity", stage: "explore"))
        try repo.write("consumers/scorer.yaml", consumerYAML("scorer", reads: ["velocity"]))
        var env = repo.environment()
        let featDirectory = URL(fileURLWithPath: FeatBinary.path).deletingLastPathComponent().path
        env["PATH"] = featDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["PRE_COMMIT_HOME"] = repo.path + "/.fixture-home/pre-commit"
        try repo.git(["add", "-A"], env: env)
        let python = try #require(Python.interpreter)
        let install = try Run.process(python, ["-m", "pre_commit", "install"], in: repo.path, env: env)
        try #require(install.status == 0, "pre-commit install (python: \(Python.origin)): \(install.stderr)")
        let good = try Run.process("/usr/bin/env", ["git", "commit", "-q", "-m", "good"], in: repo.path, env: env)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")

        try repo.write("consumers/scorer.yaml", consumerYAML("scorer", reads: ["velocty"]))
        try repo.git(["add", "-A"], env: env)
        let bad = try Run.process("/usr/bin/env", ["git", "commit", "-q", "-m", "bad"], in: repo.path, env: env)
        #expect(bad.status != 0, "the commit must be refused")
        let output = bad.stdout + bad.stderr
        #expect(output.contains("consumers/scorer.yaml:6:"), "\(output)")
        #expect(output.contains("did you mean 'velocity'"), "\(output)")
    }
}
