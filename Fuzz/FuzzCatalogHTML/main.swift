// Fuzz target: hostile feature and consumer text through the catalog page's renderer. The
// input's NUL-separated parts become every text the page shows (names, stages, owners, tags,
// hypothesis, description, evidence, changelog messages, consumers); the page must hold no
// markup but its own: every `<` opens a tag the renderer writes, every attribute is one it
// writes (never `on…`), every link is a fragment or an http/https/mailto URL, every `&` an
// entity, and one script — the page's own.
import CFuzzDriver
import FeatDiff
import FeatModel
import FeatRender
import FeatReport
import Foundation
import FuzzSupport
import GitID

func fail(_ message: String) -> Never { fuzzFinding("FuzzCatalogHTML", message) }

let tags: Set<String> = [
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "svg", "defs", "pattern", "rect", "circle", "path",
    "text", "header", "h1", "h2", "h3", "h4", "p", "code", "nav", "a", "main", "section", "div", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "span", "form", "label", "input", "select", "option", "button", "dl", "dt",
    "dd", "ul", "ol", "li", "time", "details", "summary", "article", "footer", "script", "br",
]
let attributes: Set<String> = [
    "lang", "charset", "name", "content", "http-equiv", "class", "id", "href", "rel", "style", "title", "hidden",
    "role", "type", "placeholder", "value", "aria-hidden", "aria-label", "aria-live", "focusable", "width", "height",
    "patternUnits", "fill", "cx", "cy", "r", "d", "stroke", "stroke-width", "viewBox", "x", "y", "text-anchor",
    "data-stage", "data-kind", "data-owner", "data-tags", "html",
]
let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

/// Checks the page, byte by byte: text, tags and the two raw-text elements.
func audit(_ page: String) {
    let b = Array(page.utf8)
    var i = 0
    var scripts = 0
    func starts(_ s: String, at j: Int) -> Bool {
        let u = Array(s.utf8)
        return j + u.count <= b.count && Array(b[j..<(j + u.count)]) == u
    }
    while i < b.count {
        switch b[i] {
        case UInt8(ascii: "<"):
            var j = i + 1
            let closing = j < b.count && b[j] == UInt8(ascii: "/")
            if closing { j += 1 }
            let nameStart = j
            while j < b.count, b[j] != UInt8(ascii: " "), b[j] != UInt8(ascii: ">"), b[j] != UInt8(ascii: "/"),
                b[j] != UInt8(ascii: "\n")
            {
                j += 1
            }
            let name = String(decoding: b[nameStart..<j], as: UTF8.self)
            guard tags.contains(name) else { fail("markup that is not the renderer's: <\(closing ? "/" : "")\(name)") }
            // Attributes: name="value" with no quote or `<` inside the value.
            while j < b.count, b[j] != UInt8(ascii: ">") {
                if b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "/") {
                    j += 1
                    continue
                }
                let start = j
                while j < b.count, b[j] != UInt8(ascii: "="), b[j] != UInt8(ascii: " "), b[j] != UInt8(ascii: ">") {
                    j += 1
                }
                let attribute = String(decoding: b[start..<j], as: UTF8.self)
                guard attributes.contains(attribute) else {
                    fail("an attribute the renderer never writes: \(attribute)")
                }
                guard j < b.count, b[j] == UInt8(ascii: "=") else { continue }
                j += 1
                guard j < b.count, b[j] == UInt8(ascii: "\"") else { fail("an unquoted value for \(attribute)") }
                j += 1
                let valueStart = j
                while j < b.count, b[j] != UInt8(ascii: "\"") {
                    if b[j] == UInt8(ascii: "<") { fail("a < inside the value of \(attribute)") }
                    j += 1
                }
                let value = String(decoding: b[valueStart..<j], as: UTF8.self)
                if attribute == "href", !value.hasPrefix("#") {
                    let raw = value.replacingOccurrences(of: "&amp;", with: "&")
                    guard CatalogHTML.linkTarget(raw) != nil else {
                        fail("a link that is no fragment or URL: \(value)")
                    }
                }
                j += 1
            }
            guard j < b.count else { fail("a tag left open at the end") }
            if !closing, name == "script" || name == "style" {
                if name == "script" { scripts += 1 }
                let end = "</\(name)>"
                var k = j + 1
                while k < b.count, !starts(end, at: k) { k += 1 }
                guard k < b.count else { fail("<\(name)> is never closed") }
                i = k
                continue
            }
            i = j + 1
        case UInt8(ascii: ">"):
            fail("a > outside a tag at byte \(i)")
        case UInt8(ascii: "&"):
            let known = entities.contains { starts($0, at: i) }
            var numeric = false
            if starts("&#", at: i) {
                var k = i + 2
                while k < b.count, b[k] >= 48, b[k] <= 57 { k += 1 }
                numeric = k > i + 2 && k < b.count && b[k] == UInt8(ascii: ";")
            }
            guard known || numeric else { fail("a bare & at byte \(i)") }
            i += 1
        default:
            i += 1
        }
    }
    guard scripts == 1 else { fail("\(scripts) script elements") }
}

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    if parts.isEmpty { parts = [""] }
    var next = 0
    func text() -> String {
        defer { next += 1 }
        return parts[next % parts.count]
    }
    let commit = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567") ?? ObjectID(words: (0, 0, 0))
    let when = Date(timeIntervalSince1970: 1_767_225_600)
    let stage = text()
    let person = Person(name: text(), email: text())
    let identity = Identity(feature: text(), version: 1)
    let change = FieldChange(
        field: text(), before: .string(text()), after: .string(text()), impact: .meaning, message: text())
    let event = FeatureEvent(.promoted, from: text(), to: stage, impact: .compatible, message: text())
    let entries = [
        LogEntry(
            commit: commit, date: when, author: person, mergedBy: person, stage: stage, path: text(),
            status: .modified, impact: .meaning, changes: [change], events: [event]),
        LogEntry(
            commit: commit, date: when, author: person, stage: nil, path: text(), status: .unreadable, impact: nil,
            changes: [], events: [], problem: text()),
        LogEntry(
            commit: commit, date: when, author: person, stage: stage, path: text(), status: .modified,
            impact: .cosmetic, changes: [change], events: []),
    ]
    let requirements = CatalogPage.StageRequirements(
        stage: stage, obligations: [.init(text: text(), met: true), .init(text: text(), met: false)])
    let feature = CatalogPage.FeatureSection(
        identity: identity, path: text(), stage: stage, kind: text(), owner: text(), tags: [text(), text()],
        hypothesis: text(), description: text(),
        evidence: [.map([text(): .string(text()), "link": .string(text())]), .string(text())],
        requirements: requirements, next: requirements,
        transitions: [
            Transition(from: nil, to: stage, commit: commit, date: when, author: person, path: text()),
            Transition(from: stage, to: text(), commit: commit, date: when, author: person, path: text()),
        ],
        changelog: entries,
        readers: [CatalogPage.Reader(consumer: text(), stage: text(), owner: text(), role: text(), locked: true)],
        inputs: [Identity(feature: text(), version: 2)])
    let consumer = CatalogPage.ConsumerSection(
        name: text(), path: text(), kind: text(), stage: text(), owner: text(), description: text(),
        reads: [CatalogPage.ConsumerRead(identity: identity, role: text(), stage: stage)],
        lock: .present(path: text(), commit: text(), reads: 1, dirty: true))
    let page = CatalogPage(
        revision: commit, date: when, asked: text(),
        stages: [.init(name: stage, rung: 0, frozen: false), .init(name: text(), rung: nil, frozen: true)],
        features: [feature], consumers: [consumer],
        unreadable: [CatalogPage.UnreadableFile(path: text(), line: 3, message: text())], warnings: [text()],
        shallowBoundary: commit, hasChangelog: true, generator: text())
    audit(CatalogHTML.render(page))
    return 0
}
fuzzExit(status)
