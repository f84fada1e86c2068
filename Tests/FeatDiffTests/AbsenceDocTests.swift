import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// docs/impacts.md lists the fields with a default and those whose absence means "none";
/// the lists are the model's, so the page cannot drift from what feat does.
@Suite("docs/impacts.md lists absent vs set as the model has it")
struct AbsenceDocTests {
    static let page: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/impacts.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The section of the page between a bold heading and the next list item.
    func group(_ heading: String) -> String {
        guard let start = Self.page.range(of: heading) else { return "" }
        let rest = Self.page[start.upperBound...]
        let end = rest.range(of: "\n- **")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("every field with a default is in the page's table with the default the model uses, and no other")
    func defaults() {
        let section = group("**Fields with a default.**")
        #expect(!section.isEmpty, "the section is missing")
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("  | `") }
        let fields = Set(rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) })
        #expect(fields == Set(FieldRules.defaults.keys))
        for (field, value) in FieldRules.defaults {
            guard let row = rows.first(where: { $0.contains("`\(field)`") }) else { continue }
            let shown = value?.display ?? "no limit"
            #expect(row.contains(shown), "\(field): \(row)")
        }
    }

    @Test("every field whose absence means none is named in the page's list, and no other")
    func absenceMeansNone() {
        let section = group("**Fields whose absence means \"none\".**")
        let named = Set(
            section.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        #expect(named == FieldRules.absenceMeansNone, "\(named)")
    }
}
