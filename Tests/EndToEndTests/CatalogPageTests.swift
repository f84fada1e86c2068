import FeatTestSupport
import Foundation
import Testing

/// Runs `feat catalog -o catalog.html` in a repository and returns the page; records a failure
/// unless feat exits 0 and says what it wrote.
private func catalogPage(_ repo: GitFixture, _ extra: String...) throws -> String {
    let r = try run(["catalog", "-o", "catalog.html"] + extra, in: repo.path)
    #expect(r.status == 0, "feat catalog exited \(r.status): \(r.stderr)")
    #expect(r.stdout.hasPrefix("wrote catalog.html: "), "feat catalog printed: \(r.stdout)")
    return (try? repo.read("catalog.html")) ?? ""
}

private func run(_ args: [String], in dir: String) throws -> Run.Result {
    try FeatBinary.run(args, in: dir)
}

/// Every match of a regular expression, as the text of its first group (or the whole match).
private func matches(_ pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
        ns.substring(with: m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range)
    }
}

/// A repository with features at four stages, a consumer with a lock and one without.
private func catalogRepo() throws -> GitFixture {
    let repo = try featureRepo()
    try repo.write("features/a_explore.yaml", featureYAML("a_explore", stage: "explore"))
    try repo.write("features/b_candidate.yaml", featureYAML("b_candidate", stage: "candidate"))
    try repo.commit("two features")
    try repo.write("features/b_candidate.yaml", featureYAML("b_candidate", stage: "candidate", window: "30d"))
    try repo.write("features/c_shadow.yaml", featureYAML("c_shadow", stage: "shadow"))
    try repo.write("features/d_production.yaml", featureYAML("d_production", stage: "shadow"))
    try repo.commit("b reads 30 days; c and d in shadow")
    try repo.write("features/d_production.yaml", featureYAML("d_production", stage: "production"))
    try repo.write("consumers/fraud_scorer.yaml", consumerYAML("fraud_scorer", reads: ["d_production", "c_shadow"]))
    try repo.write(
        "consumers/churn_board.yaml", consumerYAML("churn_board", stage: "experiment", reads: ["b_candidate"]))
    try repo.commit("d to production; consumers")
    let lock = try run(["lock", "fraud_scorer"], in: repo.path)
    #expect(lock.status == 0, "feat lock: \(lock.stderr)")
    try repo.commit("lock fraud_scorer")
    return repo
}

@Suite("feat catalog: one self-contained HTML page")
struct CatalogPageTests {
    @Test(
        "in headless Chromium, #stage=production hides the rows of other stages after the script ran; a screenshot is taken",
        .needsProgram("chromium", install: "apt-get install -y chromium (the README's set-up line has it)"))
    func filterInARealBrowser() throws {
        let repo = try catalogRepo()
        _ = try catalogPage(repo)
        let chromium = try #require(Program.path("chromium"))
        let url = "file://\(repo.path)/catalog.html#stage=production"
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(repo.path)/.chromium",
            "--no-first-run", "--hide-scrollbars",
        ]
        let timeout = Program.path("timeout") ?? "/usr/bin/timeout"
        let dom = try Run.process(timeout, ["120", chromium] + common + ["--dump-dom", url], in: repo.path)
        #expect(dom.status == 0, "chromium --dump-dom: \(dom.stderr.suffix(500))")
        let rows = matches("<tr data-stage=\"[^\"]*\"[^>]*>", in: dom.stdout)
        #expect(rows.count == 4, "the table's rows: \(rows)")
        for row in rows {
            let production = row.contains("data-stage=\"production\"")
            #expect(row.contains(" hidden") != production, "after the filter ran: \(row)")
        }
        // The script ran (the CSP allows it by its hash): the filter form shows and counts.
        #expect(dom.stdout.contains("1 of 4 features"), "the count the script writes is missing")
        #expect(!dom.stdout.contains("<form id=\"filters\" hidden"), "the filters stay hidden: the script did not run")
        let sections = matches("<article id=\"f-[^\"]*\"[^>]*>", in: dom.stdout)
        #expect(sections.filter { !$0.contains("hidden") } == ["<article id=\"f-d_production-v1\" class=\"feature\">"])

        let shot = repo.path + "/catalog.png"
        let png = try Run.process(
            timeout, ["120", chromium] + common + ["--window-size=1280,1600", "--screenshot=\(shot)", url],
            in: repo.path)
        #expect(png.status == 0, "chromium --screenshot: \(png.stderr.suffix(500))")
        let bytes = try #require(FileManager.default.contents(atPath: shot), "no screenshot at \(shot)")
        #expect(bytes.count > 10_000, "the screenshot is \(bytes.count) bytes")
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "the screenshot is not a PNG")
    }

    @Test("the catalog at a date omits a feature added after it; its stages are the ones of that day")
    func atDateOmitsLaterFeature() throws {
        let repo = try featureRepo()
        try repo.write("features/early.yaml", featureYAML("early", stage: "explore"))
        try repo.commit("early", date: "2026-02-01T10:00:00Z")
        try repo.write("features/early.yaml", featureYAML("early", stage: "candidate"))
        try repo.write("features/late.yaml", featureYAML("late_feature", stage: "explore"))
        try repo.commit("late", date: "2026-03-01T10:00:00Z")
        let then = try catalogPage(repo, "--at", "2026-02-15")
        #expect(then.contains("id=\"f-early-v1\""))
        #expect(!then.contains("late_feature"), "a feature added on 2026-03-01 is on the page of 2026-02-15")
        #expect(then.contains("<tr data-stage=\"explore\""), "early was at explore on 2026-02-15")
        #expect(!then.contains("data-stage=\"candidate\""))
        #expect(then.contains("--at 2026-02-15"), "the page says which point it shows")
        let now = try catalogPage(repo)
        #expect(now.contains("id=\"f-late_feature-v1\""))
        #expect(now.contains("<tr data-stage=\"candidate\""))
    }

    @Test(
        "no external URL anywhere in the page: no src, no @import, no url(http…), no link but <a> from feature values")
    func noExternalURL() throws {
        let repo = try catalogRepo()
        try repo.write(
            "features/e_linked.yaml",
            featureYAML(
                "e_linked", stage: "candidate",
                extra: "x-dashboard: https://dash.example.com/e\n"
            )
            .replacingOccurrences(
                of: "{date: 2026-01-02, metric: auc_lift, value: 0.004}",
                with: "{date: 2026-01-02, metric: auc_lift, value: 0.004, link: 'https://wiki.example.com/e?a=1&b=2'}")
        )
        try repo.commit("a feature with a link in its evidence")
        let page = try catalogPage(repo)
        #expect(page.contains("id=\"f-e_linked-v1\""))
        #expect(matches("\\ssrc\\s*=", in: page).isEmpty, "an element loads something: src=")
        #expect(!page.lowercased().contains("@import"))
        #expect(matches("url\\(\\s*['\"]?(?!#)", in: page).isEmpty, "a url() that is not a fragment")
        #expect(matches("<link\\b", in: page).isEmpty, "a <link> element")
        #expect(matches("<(img|iframe|object|embed|video|audio|source|image|use)\\b", in: page).isEmpty)
        #expect(matches("(?:xlink:)?href\\s*=\\s*\"(?!#)", in: page).count == matches("<a href=\"http", in: page).count)
        let external = matches("<a href=\"(https?:[^\"]*)\"", in: page)
        #expect(external == ["https://wiki.example.com/e?a=1&amp;b=2"], "links from feature values only: \(external)")
        #expect(page.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;"))
    }

    @Test("a <script> in a description is shown as text, in the table's data and the SVG too")
    func scriptInDescriptionIsText() throws {
        let repo = try featureRepo()
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
        try repo.write(
            "features/x.yaml",
            featureYAML("x", stage: "candidate")
                .replacingOccurrences(
                    of: "description: Transactions per user.",
                    with: "description: \(yamlQuoted(hostile))"
                )
                .replacingOccurrences(of: "owner: risk@example.com", with: "owner: \(yamlQuoted(hostile))")
                + "tags: [\(yamlQuoted(hostile))]\n")
        try repo.commit("hostile text")
        let page = try catalogPage(repo)
        #expect(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"))
        #expect(matches("<script", in: page).count == 1, "one script element: the page's own")
        #expect(!page.contains("<img"))
        #expect(!page.contains("onerror=alert(2)>"))
    }

    @Test("a javascript: URL in a feature value is not a link; an https URL is")
    func javascriptURLIsNotALink() throws {
        let repo = try featureRepo()
        try repo.write(
            "features/x.yaml",
            featureYAML("x", stage: "candidate")
                .replacingOccurrences(
                    of: "{date: 2026-01-02, metric: auc_lift, value: 0.004}",
                    with: """
                        {date: 2026-01-02, metric: auc_lift, value: 0.004, link: 'javascript:alert(1)'}
                          - {date: 2026-01-03, metric: auc_lift, value: 0.005, link: 'JavaScript:alert(2)//https://a'}
                          - {date: 2026-01-04, metric: auc_lift, value: 0.006, link: 'https://ok.example.com/report'}
                        """))
        try repo.commit("evidence with links")
        let page = try catalogPage(repo)
        #expect(page.contains("javascript:alert(1)"), "the value is still shown, as text")
        #expect(matches("href=\"\\s*javascript", in: page).isEmpty)
        #expect(matches("<a href=\"(https?:[^\"]*)\"", in: page) == ["https://ok.example.com/report"])
    }

    @Test("every name links to its section: features to consumers and back, with each consumer's lock")
    func namesLinkToSections() throws {
        let repo = try catalogRepo()
        let page = try catalogPage(repo)
        let ids = Set(matches("\\sid=\"([^\"]+)\"", in: page))
        let targets = Set(matches("href=\"#([^\"=]+)\"", in: page))
        #expect(!targets.isEmpty)
        #expect(targets.subtracting(ids).isEmpty, "links to sections that do not exist: \(targets.subtracting(ids))")
        for id in ["f-a_explore-v1", "f-d_production-v1", "c-fraud_scorer", "c-churn_board"] {
            #expect(ids.contains(id), "no section \(id)")
            #expect(targets.contains(id), "nothing links to \(id)")
        }
        #expect(page.contains("<code>consumers/fraud_scorer.lock.json</code> pins 2 reads"))
        #expect(page.contains("No lock file beside it."), "churn_board has no lock")
        #expect(page.contains("production consumer, owner risk-ml@example.com, locked"))
        #expect(page.contains("experiment consumer, owner risk-ml@example.com, no lock"))
    }

    @Test("a feature's section says what its stage requires and what the next stage still needs, as feat promote does")
    func obligationsAsPromoteSays() throws {
        let repo = try catalogRepo()
        let page = try catalogPage(repo)
        let section = try #require(
            page.components(separatedBy: "<article id=\"f-b_candidate-v1\"").dropFirst().first?
                .components(separatedBy: "</article>").first)
        #expect(section.contains("Meets all"))
        for field in ["time.event_time", "time.ttl", "backfill.start", "expectations"] {
            #expect(section.contains("<code>\(field)</code>"), "shadow still needs \(field)")
        }
        let promote = try run(["promote", "b_candidate"], in: repo.path)
        #expect(promote.status == 0, "\(promote.stderr)")
        let listed = promote.lines.filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        #expect(!listed.isEmpty)
        for field in listed { #expect(section.contains("<code>\(field)</code>"), "promote lists \(field)") }
        #expect(page.contains("b reads 30 days") == false, "commit messages are not on the page")
    }

    @Test(
        "--changelog-commits N: changelogs of the newest N commits that changed a feature file, the page says since when; a negative N exits 2"
    )
    func changelogWindow() throws {
        let repo = try catalogRepo()
        let whole = try catalogPage(repo)
        #expect(!whole.contains("Changelogs cover"), "a page holding every commit names no window")
        let widening = "<code>aggregation.window</code> 7d → 30d"
        #expect(whole.contains(widening), "b's widening is in the whole page")
        let page = try catalogPage(repo, "--changelog-commits", "1")
        let start = try repo.head("HEAD~1")
        #expect(
            page.contains("Changelogs cover the newest 1 commit that changed a feature file, since 2026-01-"),
            "\(page.prefix(2000))")
        #expect(page.contains("<code>\(start.prefix(10))</code>"), "the window's oldest commit is named")
        let a = try #require(matches("(<article id=\"f-a_explore-v1\"[\\s\\S]*?</article>)", in: page).first)
        #expect(a.contains("No change to its definition since 2026-01-"), "\(a)")
        #expect(a.contains("<code>feat log a_explore</code> lists older ones"))
        let d = try #require(matches("(<article id=\"f-d_production-v1\"[\\s\\S]*?</article>)", in: page).first)
        #expect(d.contains("class=\"log\""), "d's promotion is in the window: \(d)")
        let b = try #require(matches("(<article id=\"f-b_candidate-v1\"[\\s\\S]*?</article>)", in: page).first)
        #expect(!b.contains(widening), "b's widening is older than the window: \(b)")
        let bad = try run(["catalog", "--changelog-commits", "-1"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--changelog-commits"), "\(bad.stderr)")
    }

    @Test("-o - writes the page to standard output; an unknown --at is refused with exit 2")
    func stdoutAndBadRevision() throws {
        let repo = try catalogRepo()
        let r = try run(["catalog", "-o", "-"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.hasSuffix("</html>\n"))
        let bad = try run(["catalog", "--at", "no-such-branch"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no-such-branch"), "\(bad.stderr)")
    }
}

/// A YAML double-quoted scalar.
private func yamlQuoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// Where `-o` points at something other than a regular file, feat writes through it: a file
/// renamed over `/dev/null` (as root) would have destroyed the device.
@Suite("-o writes through links, pipes and devices, never replacing them")
struct OutputThroughTests {
    @Test("catalog -o a symbolic link writes its target and leaves the link; lock -o too")
    func symbolicLink() throws {
        let repo = try catalogRepo()
        try FileManager.default.createDirectory(atPath: repo.path + "/out", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/page.html", withDestinationPath: "out/real.html")
        let r = try run(["catalog", "-o", "page.html"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let kind =
            try FileManager.default.attributesOfItem(atPath: repo.path + "/page.html")[.type] as? FileAttributeType
        #expect(kind == .typeSymbolicLink, "the link is still a link")
        #expect(try repo.read("out/real.html").hasPrefix("<!DOCTYPE html>"), "its target holds the page")
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/model.lock.json", withDestinationPath: "out/l.json")
        #expect(try run(["lock", "fraud_scorer", "-o", "model.lock.json"], in: repo.path).status == 0)
        let lockKind = try FileManager.default.attributesOfItem(atPath: repo.path + "/model.lock.json")[.type]
        #expect(lockKind as? FileAttributeType == .typeSymbolicLink)
        #expect(try repo.read("out/l.json").contains("\"consumer\": \"fraud_scorer\""))
    }

    @Test("catalog -o a named pipe sends the page into the pipe and leaves it a pipe")
    func namedPipe() throws {
        let repo = try catalogRepo()
        let fifo = repo.path + "/pipe"
        try #require(Run.process("/usr/bin/env", ["mkfifo", fifo], in: repo.path).status == 0)
        // A reader on the other end, as `feat catalog -o /dev/stdout | gzip` would have.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "exec cat pipe > received.html"]
        reader.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        try reader.run()
        let r = try run(["catalog", "-o", "pipe"], in: repo.path)
        // Had feat replaced the pipe, the reader would wait on it for ever: not past 10 s.
        let deadline = Date().addingTimeInterval(10)
        while reader.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if reader.isRunning { reader.terminate() }
        reader.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        let kind = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        #expect(kind != .typeRegular, "the pipe is still a pipe: \(String(describing: kind))")
        #expect(try repo.read("received.html").hasPrefix("<!DOCTYPE html>"))
    }
}
