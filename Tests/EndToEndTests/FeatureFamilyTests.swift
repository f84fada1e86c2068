import FeatTestSupport
import Foundation
import Testing

/// `feat new NAME --windows … --functions …` writes a family of aggregations in one go (SPEC
/// §10, "families without copies"): one feature per file, names derived predictably.
@Suite("feat new writes a family of aggregation features")
struct FeatureFamilyTests {
    func files(_ repo: GitFixture) throws -> [String] {
        guard FileManager.default.fileExists(atPath: repo.path + "/features") else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: repo.path + "/features").filter {
            $0.hasSuffix(".yaml")
        }
        .sorted()
    }

    @Test("--windows 1d,7d,30d --functions count,sum writes six features named NAME_<function>_<window>, each valid")
    func sixMembers() throws {
        let repo = try featureRepo()
        let r = try feat(
            "new", "user_txn", "--windows", "1d,7d,30d", "--functions", "count,sum", "--owner", "risk@example.com",
            in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let names = ["count_1d", "count_7d", "count_30d", "sum_1d", "sum_7d", "sum_30d"].map { "user_txn_" + $0 }
        #expect(r.lines == names.map { "wrote features/\($0).yaml (aggregation, stage explore)" }, "\(r.stdout)")
        #expect(try files(repo) == names.map { $0 + ".yaml" }.sorted())
        let member = try repo.read("features/user_txn_sum_7d.yaml")
        #expect(member.contains("feature: user_txn_sum_7d\n"), "\(member)")
        #expect(member.contains("\naggregation: {function: sum, window: 7d}"), "\(member)")
        #expect(member.contains("owner: risk@example.com"), "\(member)")
        let v = try feat("validate", "--format", "json", in: repo.path)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        #expect(v.json["files"] as? Int == 6, "\(v.stdout)")
        let show = try feat("show", "user_txn_count_30d", "--format", "json", in: repo.path)
        #expect(show.status == 0, "\(show.stdout) \(show.stderr)")
        #expect(show.stdout.contains("\"window\"") && show.stdout.contains("\"30d\""), "\(show.stdout)")
    }

    @Test("windows alone name NAME_<window>, lifetime included; functions alone name NAME_<function>")
    func oneAxis() throws {
        let repo = try featureRepo()
        let w = try feat("new", "user_txn_count", "--windows", "7d,lifetime", "--owner", "a@example.com", in: repo.path)
        #expect(w.status == 0, "\(w.stdout) \(w.stderr)")
        let f = try feat("new", "order_amount", "--functions", "mean,max", "--owner", "a@example.com", in: repo.path)
        #expect(f.status == 0, "\(f.stdout) \(f.stderr)")
        #expect(
            try files(repo) == [
                "order_amount_max.yaml", "order_amount_mean.yaml", "user_txn_count_7d.yaml",
                "user_txn_count_lifetime.yaml",
            ])
        #expect(try repo.read("features/user_txn_count_lifetime.yaml").contains("\naggregation: {window: lifetime}"))
        #expect(try feat("validate", in: repo.path).status == 0)
    }

    @Test("a member whose feature or file exists is one line each, and nothing of the family is written")
    func refusesExisting() throws {
        let repo = try featureRepo()
        try repo.write("features/user_txn_count_7d.yaml", featureYAML("user_txn_count_7d", stage: "explore"))
        try repo.write("features/old/elsewhere.yaml", featureYAML("user_txn_sum_1d", stage: "explore"))
        try repo.commit("two members exist already")
        let r = try feat(
            "new", "user_txn", "--windows", "1d,7d", "--functions", "count,sum", "--owner", "a@example.com",
            in: repo.path)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "feat: error: nothing written for the family user_txn (4 features), 2 problems:",
            "\(r.stderr)")
        #expect(
            Array(lines.dropFirst()) == [
                "  features/user_txn_count_7d.yaml already holds feature user_txn_count_7d",
                "  features/old/elsewhere.yaml already holds feature user_txn_sum_1d",
            ], "\(r.stderr)")
        #expect(try files(repo) == ["user_txn_count_7d.yaml"], "nothing else was written")
    }

    @Test("bad windows and functions are one line each, exit 2, nothing written")
    func refusesBadArguments() throws {
        let repo = try featureRepo()
        let r = try feat(
            "new", "user_txn", "--windows", "7d,1w,0d", "--functions", "cnt,top_k,sum,sum", "--owner", "a@example.com",
            in: repo.path)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        for expected in [
            "5 problems with --windows and --functions:",
            "\n  --windows 7d and 1w are the same window\n",
            "\n  --windows '0d' is not a window",
            "\n  --functions 'cnt' is not an aggregation function (did you mean 'count'?)",
            "\n  --functions top_k needs params.k and gives a list<T>: write it on its own",
            "\n  --functions names sum twice\n",
        ] {
            #expect(r.stderr.contains(expected), "\(expected) in \(r.stderr)")
        }
        let kind = try feat("new", "spend", "--windows", "30d", "--kind", "map", in: repo.path)
        #expect(kind.status == 2 && kind.stderr.contains("--kind aggregation, or leave --kind out"), "\(kind.stderr)")
        #expect(try files(repo).isEmpty)
    }
}
