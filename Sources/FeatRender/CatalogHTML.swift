import FeatDiff
import FeatModel
import FeatReport
import Foundation
import GitID

/// `feat catalog`: one self-contained HTML page (SPEC §9). Nothing on it loads from the
/// network; every value from a feature or consumer file is escaped (in SVG text too), and a
/// value becomes a link only when it is an `http`, `https` or `mailto` URL. JavaScript only
/// filters the table; the page reads the same without it.
public enum CatalogHTML {
    /// How much of each feature's changelog the page writes (the rest: `feat log NAME`).
    public struct Limits: Sendable {
        public var changelogEntries: Int

        public init(changelogEntries: Int = 10) { self.changelogEntries = changelogEntries }
    }

    public static func render(_ page: CatalogPage, limits: Limits = Limits()) -> String {
        var w = Writer(page: page, limits: limits)
        w.document()
        return w.out
    }

    /// The Content-Security-Policy the page carries: no network at all, inline style, and only
    /// the page's own filter script (by its hash), so that markup slipping through could not
    /// run script either.
    public static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; script-src '\(scriptHash)'; img-src data:; "
            + "base-uri 'none'; form-action 'none'"
    }

    static let scriptHash: String = {
        let hex = SHA256.hex(Array(CatalogHTMLStyle.script.utf8))
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return "sha256-" + Data(bytes).base64EncodedString()
    }()

    // MARK: escaping

    /// Text for HTML and SVG content and quoted attribute values: `& < > " '` as references,
    /// control characters (which XML cannot hold) as U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": out += "\n"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The URL a value links to: the value itself when it is a whole `http://`, `https://` or
    /// `mailto:` URL without spaces or control characters; nil for anything else
    /// (`javascript:`, `data:`, relative paths, text that merely contains a URL).
    public static func linkTarget(_ value: String) -> String? {
        let lower = value.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") {
            scheme = "https://"
        } else if lower.hasPrefix("http://") {
            scheme = "http://"
        } else if lower.hasPrefix("mailto:") {
            scheme = "mailto:"
        } else {
            return nil
        }
        guard value.count > scheme.count, value.count <= 2048 else { return nil }
        for s in value.unicodeScalars {
            if s.value <= 0x20 || s.value == 0x7F || s == "\"" || s == "<" || s == ">" || s == "\\" || s == "`" {
                return nil
            }
            if s.properties.isWhitespace || (0x80...0x9F).contains(s.value) { return nil }
        }
        return value
    }

    /// A value as text, or as a link when it is a URL `linkTarget` accepts.
    static func valueHTML(_ text: String) -> String {
        guard let url = linkTarget(text) else { return escape(text) }
        return "<a href=\"\(escape(url))\" rel=\"noopener noreferrer nofollow\">\(escape(text))</a>"
    }

    /// An element id from a name: letters, digits, `_` and `-` kept, every other byte as
    /// `.HH` (so two names never share an id, and an id is safe in a fragment).
    static func anchor(_ prefix: String, _ name: String) -> String {
        var out = prefix
        for b in name.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "." + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func featureAnchor(_ identity: Identity) -> String {
        anchor("f-", identity.feature) + "-v\(identity.version)"
    }

    static func consumerAnchor(_ name: String) -> String { anchor("c-", name) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Builds the page into one string.
private struct Writer {
    let page: CatalogPage
    let limits: CatalogHTML.Limits
    var out = ""
    /// Stage name → its class suffix and swatch.
    let swatches: [String: (cls: String, swatch: CatalogHTMLStyle.Swatch)]
    let features: Set<Identity>
    let consumers: Set<String>

    init(page: CatalogPage, limits: CatalogHTML.Limits) {
        self.page = page
        self.limits = limits
        var swatches: [String: (String, CatalogHTMLStyle.Swatch)] = [:]
        var exits = 0
        for (i, stage) in page.stages.enumerated() {
            if let rung = stage.rung {
                swatches[stage.name] = ("s\(i)", CatalogHTMLStyle.ladder[rung % CatalogHTMLStyle.ladder.count])
            } else {
                swatches[stage.name] = ("s\(i)", CatalogHTMLStyle.exit[exits % CatalogHTMLStyle.exit.count])
                exits += 1
            }
        }
        self.swatches = swatches
        self.features = Set(page.features.map(\.identity))
        self.consumers = Set(page.consumers.map(\.name))
        out.reserveCapacity(4096 + page.features.count * 3000)
    }

    mutating func put(_ s: String) { out += s }

    func e(_ s: String) -> String { CatalogHTML.escape(s) }

    /// A count with its thousands grouped by commas: 20,000.
    func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (n < 0 ? "-" : "") + out
    }

    func stageClass(_ stage: String) -> String { swatches[stage]?.cls ?? "sx" }

    func badge(_ stage: String) -> String {
        "<span class=\"st \(stageClass(stage))\">\(e(stage))</span>"
    }

    func featureLink(_ identity: Identity) -> String {
        let label = e(identity.feature) + (identity.version == 1 ? "" : " v\(identity.version)")
        guard features.contains(identity) else { return "<span title=\"not in this catalog\">\(label)</span>" }
        return "<a href=\"#\(CatalogHTML.featureAnchor(identity))\">\(label)</a>"
    }

    func consumerLink(_ name: String) -> String {
        guard consumers.contains(name) else { return e(name) }
        return "<a href=\"#\(CatalogHTML.consumerAnchor(name))\">\(e(name))</a>"
    }

    // MARK: the document

    mutating func document() {
        let short = String(page.revision.description.prefix(12))
        put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        put("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        put("<meta http-equiv=\"Content-Security-Policy\" content=\"\(e(CatalogHTML.contentSecurityPolicy))\">\n")
        put("<meta name=\"referrer\" content=\"no-referrer\">\n")
        put("<meta name=\"generator\" content=\"feat \(e(page.generator))\">\n")
        put("<title>Feature catalog at \(short)</title>\n<style>\n")
        stageStyles()
        put(CatalogHTMLStyle.css)
        put("\n</style>\n</head>\n<body>\n")
        patterns()
        header(short)
        put("<main>\n")
        summary()
        featureTable()
        featureSections()
        consumerSections()
        problems()
        put(
            "</main>\n<footer>Written by feat \(e(page.generator)) from commit <code>\(e(page.revision.description))</code>."
        )
        put(" The page needs no network; its script only filters the table.</footer>\n")
        put("<script>\(CatalogHTMLStyle.script)</script>\n</body>\n</html>\n")
    }

    /// One rule per stage: badge tint and border, bar colour, timeline fill (a pattern).
    mutating func stageStyles() {
        var css = ""
        for stage in page.stages {
            guard let (cls, s) = swatches[stage.name] else { continue }
            css += ".st.\(cls){background:\(s.tint);border-color:\(s.colour)}"
            css += ".bar.\(cls){background:\(s.colour)}"
            css += "svg.tl .\(cls){fill:url(#p-\(cls));stroke:#333;stroke-width:.5}\n"
        }
        let u = CatalogHTMLStyle.unknown
        css += ".st.sx{background:\(u.tint);border-color:#333;border-style:dashed}.bar.sx{background:#333}"
        css += "svg.tl .sx{fill:#fff;stroke:#333;stroke-dasharray:3 2}\n"
        put(css)
    }

    mutating func patterns() {
        put("<svg class=\"defs\" aria-hidden=\"true\" focusable=\"false\"><defs>")
        for stage in page.stages {
            guard let (cls, s) = swatches[stage.name] else { continue }
            put("<pattern id=\"p-\(cls)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">")
            put("<rect width=\"8\" height=\"8\" fill=\"\(s.colour)\"/>\(s.pattern)</pattern>")
        }
        put("</defs></svg>\n")
    }

    mutating func header(_ short: String) {
        put("<header class=\"top\">\n<h1>Feature catalog</h1>\n<p class=\"muted\">At commit <code>\(short)</code>")
        put(", \(day(page.date))")
        if let asked = page.asked { put(" (<code>--at \(e(asked))</code>)") }
        let nf = page.features.count
        let nc = page.consumers.count
        put(". \(nf) feature\(nf == 1 ? "" : "s"), \(nc) consumer\(nc == 1 ? "" : "s").")
        if let boundary = page.shallowBoundary {
            put(
                " Shallow clone: history starts at <code>\(e(String(boundary.description.prefix(12))))</code>;"
                    + " earlier changes are unknown.")
        }
        if let window = page.changelogWindow {
            put(
                " Changelogs cover the newest \(grouped(window.commits)) commit\(window.commits == 1 ? "" : "s")"
                    + " that changed a feature file, since"
                    + " \(day(window.date)) (<code>\(e(String(window.commit.description.prefix(10))))</code>);"
                    + " <code>feat log NAME</code> lists every change.")
        }
        put("</p>\n<nav class=\"toc\"><a href=\"#summary\">Summary</a><a href=\"#features\">Features</a>")
        put("<a href=\"#feature-details\">Feature details</a><a href=\"#consumers\">Consumers</a>")
        if !page.unreadable.isEmpty || !page.warnings.isEmpty { put("<a href=\"#problems\">Problems</a>") }
        put("</nav>\n</header>\n")
    }

    // MARK: summary

    mutating func summary() {
        put("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"counts\">\n")
        let total = max(1, page.features.count)
        put("<table><caption class=\"muted\">Features by stage</caption>\n")
        put("<thead><tr><th>stage</th><th>features</th><th></th></tr></thead><tbody>\n")
        for (stage, count) in page.countsByStage {
            let pct = Double(count) * 100 / Double(total)
            let frozen =
                page.stages.first { $0.name == stage }?.frozen == true ? " <span class=\"muted\">frozen</span>" : ""
            put("<tr><td><a href=\"#stage=\(urlComponent(stage))\">\(badge(stage))</a>\(frozen)</td>")
            put("<td class=\"n\">\(count)</td><td style=\"width:50%\"><span class=\"bar \(stageClass(stage))\" ")
            put("style=\"width:\(String(format: "%.1f", pct))%\"></span></td></tr>\n")
        }
        put("</tbody></table>\n<table><caption class=\"muted\">Features by kind</caption>\n")
        put("<thead><tr><th>kind</th><th>features</th></tr></thead><tbody>\n")
        for (kind, count) in page.countsByKind {
            put(
                "<tr><td><a href=\"#kind=\(urlComponent(kind))\">\(e(kind))</a></td><td class=\"n\">\(count)</td></tr>\n"
            )
        }
        put("</tbody></table>\n</div>\n</section>\n")
    }

    /// A fragment parameter value (`URLSearchParams` reads it back), then escaped for HTML.
    func urlComponent(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return e(s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    // MARK: the table

    mutating func featureTable() {
        put("<section id=\"features\">\n<h2>Features</h2>\n")
        // The filters appear only when the script runs: without it, every row shows.
        put("<form id=\"filters\" hidden role=\"search\">")
        put("<label>search<input type=\"search\" name=\"q\" placeholder=\"name, owner, tag…\"></label>")
        select("stage", page.stages.map(\.name).filter { s in page.features.contains { $0.stage == s } })
        select("kind", page.countsByKind.map(\.kind).filter { $0 != "none" })
        select("owner", Array(Set(page.features.compactMap(\.owner))).sorted())
        select("tag", Array(Set(page.features.flatMap(\.tags))).sorted())
        put("<button type=\"reset\">clear</button><span id=\"shown\" aria-live=\"polite\"></span></form>\n")
        put("<div class=\"scroll\"><table id=\"feature-table\">\n<thead><tr><th>feature</th><th>stage</th>")
        put("<th>kind</th><th>owner</th><th>tags</th><th>next stage</th><th>read by</th></tr></thead>\n<tbody>\n")
        for f in page.features {
            put("<tr data-stage=\"\(e(f.stage))\" data-kind=\"\(e(f.kind ?? ""))\" data-owner=\"\(e(f.owner ?? ""))\"")
            put(" data-tags=\"\(e(f.tags.joined(separator: "\n")))\">")
            put("<td>\(featureLink(f.identity))</td><td>\(badge(f.stage))</td><td>\(e(f.kind ?? ""))</td>")
            put("<td>\(e(f.owner ?? ""))</td><td>\(e(f.tags.joined(separator: ", ")))</td><td>")
            if let next = f.next {
                let missing = next.missing.count
                put(
                    missing == 0
                        ? "\(e(next.stage)): ready" : "\(e(next.stage)): \(missing) missing")
            }
            put("</td><td class=\"n\">\(f.readers.isEmpty ? "" : String(f.readers.count))</td></tr>\n")
        }
        put("</tbody></table></div>\n</section>\n")
    }

    mutating func select(_ name: String, _ values: [String]) {
        put("<label>\(name)<select name=\"\(name)\"><option value=\"\">any</option>")
        for v in values { put("<option value=\"\(e(v))\">\(e(v))</option>") }
        put("</select></label>")
    }

    // MARK: feature sections

    mutating func featureSections() {
        put("<section id=\"feature-details\">\n<h2>Feature details</h2>\n")
        if page.features.isEmpty { put("<p>No features at this commit.</p>\n") }
        for f in page.features { feature(f) }
        put("</section>\n")
    }

    mutating func feature(_ f: CatalogPage.FeatureSection) {
        let id = CatalogHTML.featureAnchor(f.identity)
        put("<article id=\"\(id)\" class=\"feature\">\n<h3><a href=\"#\(id)\">\(e(f.identity.feature))</a>")
        put(" <span class=\"muted\">v\(f.identity.version)</span> \(badge(f.stage))</h3>\n<p class=\"meta\">")
        if let kind = f.kind { put("<span>\(e(kind))</span>") }
        if let owner = f.owner { put("<span>owner \(CatalogHTML.valueHTML(owner))</span>") }
        put("<span><code>\(e(f.path))</code></span>")
        if !f.tags.isEmpty { put("<span>tags: \(e(f.tags.joined(separator: ", ")))</span>") }
        put("</p>\n")
        if f.hypothesis != nil || f.description != nil {
            put("<dl class=\"text\">")
            if let h = f.hypothesis { put("<dt>Hypothesis</dt><dd>\(e(h))</dd>") }
            if let d = f.description { put("<dt>Description</dt><dd>\(e(d))</dd>") }
            put("</dl>\n")
        }
        if !f.evidence.isEmpty {
            put("<h4>Evidence</h4><ul class=\"plain\">")
            for record in f.evidence { put("<li>\(evidence(record))</li>") }
            put("</ul>\n")
        }
        if !f.inputs.isEmpty {
            put("<h4>Computed from</h4><p>\(f.inputs.map(featureLink).joined(separator: ", "))</p>\n")
        }
        obligations(f)
        put("<h4>Stage timeline</h4>\n")
        timeline(f)
        changelog(f)
        put("<h4>Read by</h4>")
        if f.readers.isEmpty {
            put("<p class=\"muted\">No consumer declares that it reads this feature.</p>\n")
        } else {
            put("<ul class=\"plain\">")
            for r in f.readers {
                put("<li>\(consumerLink(r.consumer)) <span class=\"muted\">\(e(r.stage)) consumer")
                if let owner = r.owner { put(", owner \(e(owner))") }
                if r.role != "feature" { put(", reads it as a \(e(r.role))") }
                put(r.locked ? ", locked" : ", no lock")
                put("</span></li>")
            }
            put("</ul>\n")
        }
        put("</article>\n")
    }

    /// One evidence record: its fields as `key value`, URLs as links.
    func evidence(_ record: Value) -> String {
        guard case .map(let fields) = record else { return CatalogHTML.valueHTML(record.display) }
        let order = ["date", "metric", "value", "baseline", "link", "url", "note"]
        let keys = fields.keys.sorted { a, b in
            (order.firstIndex(of: a) ?? order.count, a) < (order.firstIndex(of: b) ?? order.count, b)
        }
        return keys.map { key in
            let value = fields[key].map { $0.stringValue ?? $0.display } ?? ""
            return "<span class=\"k\">\(e(key))</span> \(CatalogHTML.valueHTML(value))"
        }.joined(separator: " · ")
    }

    mutating func obligations(_ f: CatalogPage.FeatureSection) {
        let r = f.requirements
        put("<h4>Obligations</h4><p>")
        if r.obligations.isEmpty {
            put("The policy names no obligations for \(badge(r.stage)).")
        } else if r.missing.isEmpty {
            put("<span class=\"ok\">Meets all \(r.obligations.count) obligations of \(badge(r.stage))</span>")
        } else {
            put("<span class=\"no\">\(badge(r.stage)) requires, and it lacks: ")
            put(r.missing.map { "<code>\(e($0.text))</code>" }.joined(separator: ", ") + "</span>")
            put(
                " <span class=\"muted\">(meets \(r.obligations.count - r.missing.count) of \(r.obligations.count))</span>"
            )
        }
        put("</p>\n")
        guard let next = f.next else { return }
        put("<p>")
        if next.missing.isEmpty {
            put(
                "<span class=\"ok\">Ready for \(badge(next.stage)): meets all \(next.obligations.count) of its obligations</span>"
            )
        } else {
            put("Next, \(badge(next.stage)) still needs: ")
            put(next.missing.map { "<code>\(e($0.text))</code>" }.joined(separator: ", "))
        }
        put("</p>\n")
    }

    // MARK: timeline

    /// The feature's stages over time as one bar (its own span, first transition to the page's
    /// commit), each stretch filled with its stage's colour and pattern and named when it has
    /// room; the same transitions follow as a list.
    mutating func timeline(_ f: CatalogPage.FeatureSection) {
        struct Stretch {
            var stage: String
            var from: Double
            var to: Double
        }
        let end = page.date.timeIntervalSince1970
        var stretches: [Stretch] = []
        for (i, t) in f.transitions.enumerated() {
            guard let stage = t.to else { continue }
            let start = t.date.timeIntervalSince1970
            let stop = i + 1 < f.transitions.count ? f.transitions[i + 1].date.timeIntervalSince1970 : end
            stretches.append(Stretch(stage: stage, from: start, to: max(start, stop)))
        }
        if stretches.isEmpty { stretches = [Stretch(stage: f.stage, from: end, to: end)] }
        let first = stretches[0].from
        // The bar runs a little past the page's commit, so that a stage entered there shows.
        let span = max((end - first) * 1.08, 86_400)
        stretches[stretches.count - 1].to = first + span
        let width = 640.0
        func x(_ t: Double) -> Double { (t - first) / span * width }
        let label = f.transitions.isEmpty ? "no recorded transitions" : "\(f.transitions.count) transitions"
        put("<svg class=\"tl\" viewBox=\"0 0 \(Int(width)) 42\" role=\"img\" aria-label=\"stage timeline of ")
        put("\(e(f.identity.feature)): \(label)\">")
        for s in stretches {
            let x0 = x(s.from)
            let w = max(x(s.to) - x0, 1.5)
            put("<rect class=\"\(stageClass(s.stage))\" x=\"\(fmt(x0))\" y=\"2\" width=\"\(fmt(w))\" height=\"20\"/>")
            let room = Double(s.stage.count) * 6.5 + 6
            if w >= room {
                put("<text x=\"\(fmt(x0 + 4))\" y=\"16\">\(e(s.stage))</text>")
            }
        }
        put("<text x=\"0\" y=\"38\">\(day(Date(timeIntervalSince1970: first)))</text>")
        put("<path d=\"M\(fmt(x(end))) 0V26\" stroke=\"#111\" stroke-width=\"1.5\"/>")
        put("<text x=\"\(fmt(x(end)))\" y=\"38\" text-anchor=\"end\">\(day(page.date))</text></svg>\n")
        guard !f.transitions.isEmpty else {
            put("<p class=\"muted\">No stage transition is recorded (the history may be shallow).</p>\n")
            return
        }
        put("<ol class=\"plain\">")
        for t in f.transitions {
            put("<li><time>\(day(t.date))</time> ")
            switch (t.from, t.to) {
            case (nil, let to?): put("added at \(badge(to))")
            case (let from?, nil): put("removed from \(badge(from))")
            case (let from?, let to?): put("\(badge(from)) → \(badge(to))")
            case (nil, nil): put("changed")
            }
            put(" <span class=\"muted\">by \(e(t.author.name))")
            if let m = t.mergedBy { put(", merged by \(e(m.name))") }
            put(" in <code>\(t.commit.description.prefix(10))</code></span></li>")
        }
        put("</ol>\n")
    }

    func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    // MARK: changelog

    mutating func changelog(_ f: CatalogPage.FeatureSection) {
        put("<h4>Changelog</h4>\n")
        guard page.hasChangelog else {
            put("<p class=\"muted\">Not included in this page.</p>\n")
            return
        }
        guard !f.changelog.isEmpty else {
            if let window = page.changelogWindow {
                put("<p class=\"muted\">No change to its definition since \(day(window.date)): ")
                put("<code>feat log \(e(f.identity.feature))</code> lists older ones.</p>\n")
            } else {
                put("<p class=\"muted\">No change to its definition is recorded.</p>\n")
            }
            return
        }
        let shown = f.changelog.prefix(limits.changelogEntries)
        let high = shown.filter { !isLow($0) }
        let low = shown.filter(isLow)
        if !high.isEmpty {
            put("<ol class=\"log\">")
            for entry in high { logEntry(entry, current: f.stage) }
            put("</ol>\n")
        }
        if !low.isEmpty {
            let n = low.count
            put("<details><summary>\(n) cosmetic or additive change\(n == 1 ? "" : "s")</summary><ol class=\"log\">")
            for entry in low { logEntry(entry, current: f.stage) }
            put("</ol></details>\n")
        }
        if f.changelog.count > shown.count {
            let more = f.changelog.count - shown.count
            let since = page.changelogWindow.map { " since \(day($0.date))" } ?? ""
            put("<p class=\"muted\">\(more) older entr\(more == 1 ? "y" : "ies")\(since) \(more == 1 ? "is" : "are") ")
            put("not shown: <code>feat log \(e(f.identity.feature))</code> lists every one.</p>\n")
        }
    }

    /// Whether an entry goes in the collapsed part: only additive or cosmetic changes, and no
    /// event (an addition or a promotion always shows).
    func isLow(_ entry: LogEntry) -> Bool {
        guard let impact = entry.impact else { return false }
        return impact <= .additive && entry.events.isEmpty
    }

    mutating func logEntry(_ entry: LogEntry, current: String) {
        let impact = entry.impact?.rawValue ?? "unreadable"
        put("<li><span class=\"imp imp-\(impact)\">\(impact)</span> <time>\(day(entry.date))</time> ")
        put("<code>\(entry.commit.description.prefix(10))</code> <span class=\"muted\">by \(e(entry.author.name))")
        if let m = entry.mergedBy { put(", merged by \(e(m.name))") }
        if entry.status != .modified { put("; \(e(entry.status.rawValue))") }
        if let stage = entry.stage, stage != current { put(" at \(e(stage))") }
        put("</span>")
        if let problem = entry.problem { put("<br><span class=\"imp-unreadable\">\(e(problem))</span>") }
        if !entry.events.isEmpty || !entry.changes.isEmpty {
            put("<ul>")
            for event in entry.events { put("<li>\(e(event.message))</li>") }
            // The why only where it matters to a consumer: a low-impact change says enough by
            // its field and impact (and keeps 10,000 sections light); `feat log` has the rest.
            for c in entry.changes.prefix(8) {
                put("<li><code>\(e(c.field))</code>")
                if c.impact > .additive {
                    if c.before != nil || c.after != nil { put(" \(e(short(c.before))) → \(e(short(c.after)))") }
                    put(" <span class=\"muted\">\(e(c.impact.rawValue)): \(e(c.reason))</span></li>")
                } else {
                    put(" <span class=\"muted\">\(e(c.impact.rawValue))</span></li>")
                }
            }
            if entry.changes.count > 8 { put("<li class=\"muted\">and \(entry.changes.count - 8) more</li>") }
            put("</ul>")
        }
        put("</li>")
    }

    /// A changed value as the changelog shows it: up to 160 characters (a long vocabulary or
    /// expression is cut with "…"; `feat log` shows it whole), "—" when absent.
    func short(_ value: Value?) -> String {
        guard let text = value?.display else { return "—" }
        return text.count <= 160 ? text : String(text.prefix(159)) + "…"
    }

    // MARK: consumers

    mutating func consumerSections() {
        put("<section id=\"consumers\">\n<h2>Consumers</h2>\n")
        if page.consumers.isEmpty {
            put("<p class=\"muted\">No consumer is declared at this commit (<code>feat new --consumer</code>).</p>\n")
        }
        for c in page.consumers {
            let id = CatalogHTML.consumerAnchor(c.name)
            put("<article id=\"\(id)\" class=\"consumer\">\n<h3><a href=\"#\(id)\">\(e(c.name))</a> ")
            put("<span class=\"muted\">\(e(c.stage)) consumer</span></h3>\n<p class=\"meta\">")
            if let kind = c.kind { put("<span>\(e(kind))</span>") }
            if let owner = c.owner { put("<span>owner \(CatalogHTML.valueHTML(owner))</span>") }
            put("<span><code>\(e(c.path))</code></span></p>\n")
            if let d = c.description { put("<dl class=\"text\"><dt>Description</dt><dd>\(e(d))</dd></dl>\n") }
            put("<h4>Lock</h4><p>")
            switch c.lock {
            case .none: put("No lock file beside it.")
            case .present(let path, let commit, let reads, let dirty):
                put("<code>\(e(path))</code> pins \(reads) read\(reads == 1 ? "" : "s")")
                if let commit { put(" at <code>\(e(String(commit.prefix(12))))</code>") }
                if dirty { put(", taken from uncommitted files") }
                put(".")
            case .unreadable(let path, let message):
                put("<code>\(e(path))</code> cannot be read: \(e(message))")
            }
            put("</p>\n<h4>Reads</h4>")
            if c.reads.isEmpty {
                put("<p class=\"muted\">Nothing.</p>\n")
            } else {
                put("<ul class=\"plain\">")
                for r in c.reads {
                    put("<li>\(featureLink(r.identity)) ")
                    if let stage = r.stage {
                        put(badge(stage))
                    } else {
                        put("<span class=\"no\">not in this catalog</span>")
                    }
                    if r.role != "feature" { put(" <span class=\"muted\">as a \(e(r.role))</span>") }
                    put("</li>")
                }
                put("</ul>\n")
            }
            put("</article>\n")
        }
        put("</section>\n")
    }

    mutating func problems() {
        guard !page.unreadable.isEmpty || !page.warnings.isEmpty else { return }
        put("<section id=\"problems\">\n<h2>Problems</h2>\n")
        if !page.unreadable.isEmpty {
            put("<p>Files that could not be read and are not on this page (<code>feat validate</code> says more):</p>")
            put("<ul>")
            for u in page.unreadable {
                put("<li><code>\(e(u.path))\(u.line.map { ":\($0)" } ?? "")</code>: \(e(u.message))</li>")
            }
            put("</ul>\n")
        }
        if !page.warnings.isEmpty {
            put("<p>What the history could not read:</p><ul>")
            for w in page.warnings { put("<li>\(e(w))</li>") }
            put("</ul>\n")
        }
        put("</section>\n")
    }
}
