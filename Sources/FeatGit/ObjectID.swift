import CLibgit2

/// A git object id (SHA-1), a value that can leave the git layer.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    var a: UInt64
    var b: UInt64
    var c: UInt32

    init(_ oid: git_oid) {
        var o = oid
        (a, b, c) = withUnsafeBytes(of: &o.id) { raw in
            (
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The id as three words (its 20 bytes), for compact binary storage.
    public var words: (UInt64, UInt64, UInt32) { (a, b, c) }

    public init(words: (UInt64, UInt64, UInt32)) {
        (a, b, c) = words
    }

    /// Parses 40 hexadecimal digits.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, hex, 40) == 0 else { return nil }
        self.init(oid)
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: c, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The 40-digit hexadecimal form.
    public var description: String {
        var o = oid
        return withUnsafeBytes(of: &o.id) { raw in
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            var out = [UInt8]()
            out.reserveCapacity(40)
            for byte in raw {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { l.description < r.description }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
    }
}
