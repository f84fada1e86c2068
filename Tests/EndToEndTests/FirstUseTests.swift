import FeatTestSupport
import Foundation
import Testing

/// A candidate written the way people write them: keys not in alphabetical order, a flow
/// mapping, a SQL block, and text a YAML 1.1 reader would take for something else.
private let handWrittenFeature = """
    # Velocity of card payments.
    feature: user_txn_sql
    stage: candidate
    version: 1
    owner: risk@example.com
    kind: aggregation
    hypothesis: "yes"
    description: |
      Card transactions per user.
      Counted over the trailing window.
    entity: [user_id, "on"]
    type: int64
    source:
      sql: |
        SELECT user_id, txn_id, created_at
        FROM payments.transactions  -- card only
        WHERE channel = 'card'
      table: payments.transactions
    aggregation: {window: 7d, function: count, column: txn_id}
    evidence:
      - {metric: auc_lift, value: 0.004, date: 2026-01-02}
      - date: 2026-02-01
        metric: "1:30"
        value: 12
    x-notes: '#not a comment: keep it'

    """

@Suite("What a new team hits first: show, new, validate and list")
struct FirstUseTests {
    @Test(
        "show prints valid YAML with the file's data, in the file's key order, the SQL block kept a block",
        .needsPython("yaml"))
    func showIsYAML() throws {
        let repo = try featureRepo()
        try repo.write("features/user_txn_sql.yaml", handWrittenFeature)
        let r = try feat("show", "user_txn_sql", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                """
                  sql: |
                    SELECT user_id, txn_id, created_at
                    FROM payments.transactions  -- card only
                    WHERE channel = 'card'
                  table: payments.transactions
                """))
        #expect(r.stdout.contains("aggregation:\n  window: 7d\n  function: count\n  column: txn_id\n"))
        let script = """
            import sys, yaml
            shown = yaml.safe_load(open(sys.argv[1]))
            original = yaml.safe_load(open("\(repo.path)/features/user_txn_sql.yaml"))
            def orders(v, path=""):
                if isinstance(v, dict):
                    out = [(path, list(v))]
                    for k, x in v.items(): out += orders(x, path + "." + str(k))
                    return out
                if isinstance(v, list):
                    return [o for i, x in enumerate(v) for o in orders(x, "%s[%d]" % (path, i))]
                return []
            if shown != original:
                print("data differs:", shown, original); sys.exit(1)
            if orders(shown) != orders(original):
                print("order differs:", orders(shown), orders(original)); sys.exit(1)
            print(len(orders(shown)))
            """
        let parsed = try SchemaValidation.python(script, input: r.stdout)
        #expect(parsed.status == 0, "\(parsed.stdout)\(parsed.stderr)\n\(r.stdout)")
        // The top level, source, aggregation and the two evidence records: every mapping compared.
        #expect(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    @Test(
        "show quotes text a YAML 1.1 reader would take for another value: PyYAML reads the same texts",
        .needsPython("yaml"))
    func showQuotesForOtherReaders() throws {
        let texts = [
            "yes", "on", "Off", "y", "~", "null", "true", "", " lead", "trail ", "0x1F", "0o17", "0b101", "1_000",
            "1:30", "12", "1.5", ".5", "-3", "+4", "1e5", "1.0e+5", ".inf", ".NaN", "#hash", "a: b", "a #b",
            "trailing:", "- dash", "[x]", "{x}", "*ref", "&anc", "!tag", "|pipe", ">fold", "%pct", "@at", "it's",
            "...", "---", "<<", "=", "naïve café", "a\tb", "bell\u{07}", "a\nb", "a\nb\n", "  lead\nnext\n",
        ]
        func quoted(_ s: String) -> String {
            let escaped = s.unicodeScalars.map { u -> String in
                switch u {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case "\n": return "\\n"
                case "\t": return "\\t"
                case "\u{07}": return "\\a"
                default: return String(u)
                }
            }
            return "\"" + escaped.joined() + "\""
        }
        let list = texts.map { "  - " + quoted($0) + "\n" }.joined()
        let map = texts.enumerated().map { "  \(quoted($1)): \($0)\n" }.joined()
        let repo = try featureRepo()
        try repo.write("features/t.yaml", featureYAML("t", stage: "explore") + "x-texts:\n" + list + "x-keys:\n" + map)
        let r = try feat("show", "t", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let script = """
            import sys, yaml
            shown = yaml.safe_load(open(sys.argv[1]))
            original = yaml.safe_load(open("\(repo.path)/features/t.yaml"))
            for key in ("x-texts", "x-keys"):
                if shown[key] != original[key]:
                    print(key, "differs:", shown[key], original[key]); sys.exit(1)
            print(len(shown["x-texts"]), len(shown["x-keys"]))
            """
        let parsed = try SchemaValidation.python(script, input: r.stdout)
        #expect(parsed.status == 0, "\(parsed.stdout)\(parsed.stderr)\n\(r.stdout)")
        #expect(parsed.stdout == "\(texts.count) \(texts.count)\n")
    }

    @Test("show's YAML copied back over the file is the same definition: diff finds no change")
    func showCopiesBack() throws {
        let repo = try featureRepo()
        try repo.write("features/user_txn_sql.yaml", handWrittenFeature)
        try repo.commit("add")
        let shown = try feat("show", "user_txn_sql", in: repo.path)
        #expect(shown.status == 0, "\(shown.stderr)")
        try repo.write("features/user_txn_sql.yaml", shown.stdout)
        let diff = try feat("diff", "--format", "json", in: repo.path)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect((diff.json["features"] as? [Any])?.isEmpty == true, "\(diff.stdout)")
        let valid = try feat("validate", in: repo.path)
        #expect(valid.status == 0, "\(valid.stdout)")
    }

    @Test("show keeps the JSON and markdown shapes")
    func showOtherFormats() throws {
        let repo = try featureRepo()
        try repo.write("features/user_txn_sql.yaml", handWrittenFeature)
        let json = try feat("show", "user_txn_sql", "--format", "json", in: repo.path)
        #expect(json.json["feature"] as? String == "user_txn_sql")
        let definition = try #require(json.json["definition"] as? [String: Any])
        #expect(
            (definition["source"] as? [String: Any])?["sql"] as? String
                == "SELECT user_id, txn_id, created_at\nFROM payments.transactions  -- card only\nWHERE channel = 'card'\n"
        )
        let markdown = try feat("show", "user_txn_sql", "--format", "markdown", in: repo.path)
        #expect(markdown.stdout.contains("| field | value |"))
        #expect(markdown.stdout.contains("| `aggregation.window` | 7d |"))
    }

    @Test("show --version N of a version that does not exist says so and lists the versions that do")
    func showMissingVersion() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/a_v3.yaml", featureYAML("a", stage: "explore", version: 3))
        let r = try feat("show", "a", "--version", "2", in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr == "feat: error: a has no version 2; its versions are 1, 3\n")
        #expect(r.stdout.isEmpty)
        let one = try featureRepo()
        try one.write("features/b.yaml", featureYAML("b", stage: "explore"))
        let single = try feat("show", "b", "--version", "2", in: one.path)
        #expect(single.status == 2)
        #expect(single.stderr == "feat: error: b has no version 2; its version is 1\n")
        let exists = try feat("show", "a", "--version", "3", "--format", "json", in: repo.path)
        #expect(exists.json["version"] as? Int == 3)
        let unknown = try feat("show", "c", "--version", "2", in: repo.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no feature named 'c'"))
    }

    @Test("new --dir outside the feature folders is refused, naming them; a folder below one is taken")
    func newOutsideFolders() throws {
        let repo = try featureRepo()
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, ml/features]\n")
        let r = try feat(
            "new", "stray", "--kind", "scalar", "--owner", "me@example.com", "--dir", "drafts",
            in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--dir drafts is outside the feature folders (features, ml/features)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/drafts/stray.yaml"))
        let lookalike = try feat(
            "new", "stray", "--kind", "scalar", "--owner", "me@example.com",
            "--dir", "features-old", in: repo.path)
        #expect(lookalike.status == 2)
        let inside = try feat(
            "new", "kept", "--kind", "scalar", "--owner", "me@example.com",
            "--dir", "./ml/features/payments", in: repo.path)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout.contains("wrote ml/features/payments/kept.yaml"))
        let list = try feat("list", "--format", "json", in: repo.path)
        #expect((list.json["features"] as? [[String: Any]])?.map { $0["feature"] as? String } == ["kept"])
    }

    @Test("new with no git email asks for --owner instead of inventing one; outside git too")
    func newAsksForOwner() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("feat-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let noIdentity = ["GIT_AUTHOR_EMAIL": "", "HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1"]

        let repo = try featureRepo()
        let r = try feat("new", "anon", "--kind", "scalar", in: repo.path, env: noIdentity)
        #expect(r.status == 2)
        #expect(r.stderr.contains("give --owner"), "\(r.stderr)")
        #expect(r.stderr.contains("git has no user.email"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/features/anon.yaml"))

        let plain = FileManager.default.temporaryDirectory
            .appendingPathComponent("feat-nogit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: plain) }
        try FileManager.default.createDirectory(atPath: plain + "/.featurerepo", withIntermediateDirectories: true)
        try Data("version: 1\nfeatures: [features]\n".utf8)
            .write(to: URL(fileURLWithPath: plain + "/.featurerepo/config.yaml"))
        let outside = try feat("new", "anon", "--kind", "scalar", in: plain, env: noIdentity)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("give --owner"), "\(outside.stderr)")
        #expect(outside.stderr.contains("not in a git repository"), "\(outside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: plain + "/features/anon.yaml"))

        let given = try feat("new", "anon", "--kind", "scalar", "--owner", "ml@example.com", in: plain, env: noIdentity)
        #expect(given.status == 0, "\(given.stderr)")
        let text = try String(contentsOfFile: plain + "/features/anon.yaml", encoding: .utf8)
        #expect(text.contains("owner: ml@example.com"))
        #expect(!text.contains("you@example.com"))
        let empty = try feat("new", "other", "--kind", "scalar", "--owner", " ", in: plain, env: noIdentity)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("--owner is empty"))
    }

    @Test("validate of a file outside the feature folders checks it and warns that list, check and history miss it")
    func validateOutsideFolders() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("drafts/b.yaml", "feature: b\nstage: explore\nkind: scalar\nownr: x\n")
        let r = try feat("validate", "drafts/b.yaml", in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("drafts/b.yaml:4: error: unknown field 'ownr'"), "\(r.stdout)")
        #expect(r.stderr.contains("drafts/b.yaml is not in the feature folders (features)"), "\(r.stderr)")
        #expect(r.stderr.contains("feat list, check and history will not see it"))
        let inside = try feat("validate", "features/a.yaml", in: repo.path)
        #expect(inside.status == 0, "\(inside.stdout)")
        #expect(inside.stderr.isEmpty, "\(inside.stderr)")
        let missing = try feat("validate", "missing.yaml", in: repo.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.yaml: no such file"))
    }

    @Test("list counts the files it could not read, in text, JSON and markdown, now and --at a revision")
    func listCountsUnreadable() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.write("features/broken.yaml", "feature: [broken\n")
        try repo.write("features/nameless.yaml", "stage: explore\nkind: scalar\n")
        let sha = try repo.commit("two broken files")

        for at in [[], ["--at", sha]] {
            let text = try feat(["list"] + at, in: repo.path)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("features/a.yaml"))
            #expect(text.stderr.contains("feat: warning: features/broken.yaml:2:"), "\(text.stderr)")
            #expect(text.stderr.contains("features/nameless.yaml:1: missing 'feature'"), "\(text.stderr)")
            #expect(text.stderr.contains("2 files could not be read and are not listed"), "\(text.stderr)")

            let json = try feat(["list", "--format", "json"] + at, in: repo.path)
            #expect(json.status == 0)
            let warnings = try #require(json.json["warnings"] as? [[String: Any]])
            #expect(warnings.map { $0["path"] as? String } == ["features/broken.yaml", "features/nameless.yaml"])
            #expect(warnings.map { $0["line"] as? Int } == [2, 1])
            #expect((warnings[1]["message"] as? String)?.contains("missing 'feature'") == true)
            #expect((json.json["features"] as? [[String: Any]])?.count == 1)

            let markdown = try feat(["list", "--format", "markdown"] + at, in: repo.path)
            #expect(
                markdown.stdout.contains(
                    "**2 files could not be read and are not listed:** `features/broken.yaml:2`"), "\(markdown.stdout)")
            #expect(markdown.stdout.contains("`features/nameless.yaml:1`"))
        }
        let clean = try featureRepo()
        try clean.write("features/a.yaml", featureYAML("a", stage: "explore"))
        let ok = try feat("list", "--format", "json", in: clean.path)
        #expect((ok.json["warnings"] as? [Any])?.isEmpty == true)
        let okText = try feat("list", in: clean.path)
        #expect(okText.stderr.isEmpty)
    }
}

private func feat(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> Run.Result {
    try FeatBinary.run(args, in: dir, env: env)
}
