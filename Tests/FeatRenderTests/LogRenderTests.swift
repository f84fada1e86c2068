import FeatDiff
import FeatModel
import FeatReport
import Foundation
import GitID
import Testing

@testable import FeatRender

/// The text of a long log (rendered in chunks on every core) is each feature's text, in order.
@Suite("feat log's text, long and short")
struct LogRenderTests {
    static func entry(_ i: Int, _ j: Int) -> LogEntry {
        let broken = j == 3
        let window = "\(j + 1)d"
        let change = FieldChange(
            field: "aggregation.window", before: .string("7d"), after: .string(window), impact: .meaning,
            message: "aggregation.window 7d → " + window + "\u{1B}[0m")
        let date = Date(timeIntervalSince1970: TimeInterval(1_760_000_000 + 86_400 * j))
        let author = Person(name: "Author \(j)", email: "a\(j)@example.com")
        return LogEntry(
            commit: ObjectID(words: (UInt64(i), UInt64(j), 7)), date: date, author: author, stage: "candidate",
            path: "features/f\(i).yaml", status: broken ? .unreadable : .modified, impact: broken ? nil : .meaning,
            changes: [change], events: [], problem: broken ? "line 4:\tbroken" : nil)
    }

    static func log(features count: Int) -> SemanticLog {
        let features = (0..<count).map { i in
            FeatureLog(
                identity: Identity(feature: "feature_\(i)", version: 1 + i % 3),
                entries: (0...(i % 4)).map { entry(i, $0) })
        }
        return SemanticLog(
            revision: ObjectID(words: (1, 2, 3)), features: features, shallowBoundary: nil, warnings: [])
    }

    @Test(
        "2,500 features rendered together read as each one rendered alone, one after another", arguments: [false, true])
    func chunksInOrder(colour: Bool) {
        let style = Style(colour: colour)
        let whole = Self.log(features: 2500)
        let text = LogRender.text(whole, style: style)
        let alone = whole.features.map { f in
            LogRender.text(
                SemanticLog(revision: whole.revision, features: [f], shallowBoundary: nil, warnings: []), style: style)
        }
        #expect(text == alone.joined())
        #expect(text.contains("feature_2499"))
        #expect(text.contains("7d → 1d\\u{1B}[0m"), "a message's escape character is made visible")
    }

    @Test("a log with no feature says there was no change")
    func empty() {
        let text = LogRender.text(Self.log(features: 0), style: .plain)
        #expect(text.hasPrefix("no changes in the history of "))
    }
}
