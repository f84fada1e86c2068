/// FEAT001 checks across fields that the shapes of SPEC §10 bring, each on the line of the
/// field at fault: what a field allows depends on another one (`offset` looks forward only
/// for a label, `type` is a list exactly when the function gives one, …).
extension Reader {
    mutating func checkShapes(_ fields: [String: Value], kind: Kind?) {
        let definition = Value.map(fields)
        checkWindow(definition)
    }

    mutating func refuse(_ message: String, at field: String, _ severity: Severity = .error) {
        problems.append(Problem(severity, message, line: lines[field]))
    }

    /// Whether the feature is a label (`role: label`): only a label may look forward.
    static func isLabel(_ definition: Value) -> Bool {
        definition[path: "role"]?.stringValue == "label"
    }

    /// A window that ends after the point in time reads the future: a label's business only.
    mutating func checkWindow(_ definition: Value) {
        if case .duration(let offset)? = definition[path: "aggregation.offset"], offset.isNegative,
            !Self.isLabel(definition)
        {
            refuse(
                "'aggregation.offset: \(offset.text)' looks forward, which only a label may do ('role: label'): "
                    + "a value from the future read as a feature leaks the label",
                at: "aggregation.offset")
        }
    }
}
