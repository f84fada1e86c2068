import FeatYAML

/// Parses UTF-8 text with the default limits.
func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLNode {
    try YAMLDocument.parse(Array(text.utf8), limits: limits)
}

/// The one error a document is refused with, or nil when it is accepted.
func refusal(_ bytes: [UInt8], limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLDocument.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func refusal(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    refusal(Array(text.utf8), limits: limits)
}

extension YAMLNode {
    /// The items of a sequence node, or nil.
    var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The keys of a mapping node in document order, or nil.
    var keys: [String]? {
        if case .mapping(let pairs) = content { return pairs.map { $0.key.scalarText ?? "?" } }
        return nil
    }

    var style: ScalarStyle? {
        if case .scalar(_, let style, _) = content { return style }
        return nil
    }

    var tag: String? {
        if case .scalar(_, _, let tag) = content { return tag }
        return nil
    }
}
