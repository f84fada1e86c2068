import FeatModel
import Foundation
import Testing

/// docs/format.md is the user's reference for the feature file: it must keep up with the parser.
@Suite("docs/format.md names everything the parser accepts")
struct FormatDocTests {
    static func doc() throws -> String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/format.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test("every field the parser accepts, nested ones included, is documented by its full path")
    func everyField() throws {
        let doc = try Self.doc()
        #expect(FeatureSchema.reference.count > 60)
        let missing = FeatureSchema.reference.map(\.path).filter { !doc.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/format.md does not document: \(missing.joined(separator: ", "))")
    }

    @Test("every enumerated value and every type the parser accepts is documented")
    func everyValue() throws {
        let doc = try Self.doc()
        for field in FeatureSchema.reference where !field.allowed.isEmpty {
            let missing = field.allowed.filter { !doc.contains("`\($0)`") }
            #expect(missing.isEmpty, "docs/format.md does not list \(missing) for `\(field.path)`")
        }
    }

    @Test("each default stage's row lists exactly the fields the default policy requires there")
    func defaultStages() throws {
        let rows = try Self.doc().split(separator: "\n").map(String.init)
        for stage in Policy.standard.stages {
            let row = rows.first { $0.hasPrefix("| `\(stage.name)` |") }
            #expect(row != nil, "no row for stage \(stage.name)")
            let fields = stage.requires.flatMap(\.fields) + stage.byKind.values.flatMap { $0.flatMap(\.fields) }
            for path in Set(fields) {
                #expect(row?.contains("`\(path)`") == true, "the \(stage.name) row does not name \(path)")
            }
            // And names nothing else: every backquoted field path in the row is required there.
            let named = (row ?? "").split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            for path in named where FeatureSchema.field(path) != nil && path != stage.name {
                #expect(fields.contains(path), "the \(stage.name) row names \(path), which it does not require")
            }
        }
    }
}
