/// Checks that bytes are text feat can read: not binary, valid UTF-8, not too large.
/// A UTF-8 byte-order mark is dropped; CRLF line endings are left to the YAML parser.
public enum TextInput {
    /// Returns the bytes without a leading byte-order mark, or throws one clear problem.
    public static func validate(_ bytes: [UInt8], limit: Int) throws(YAMLError) -> ArraySlice<UInt8> {
        if let tooLarge = tooLarge(bytes.count, limit: limit) { throw tooLarge }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let nul = body.withUnsafeBufferPointer(firstNUL).map({ body.startIndex + $0 }) {
            throw YAMLError("binary content (a NUL byte), not a YAML text file", at: mark(of: nul, in: body))
        }
        if let bad = firstInvalidUTF8(body) {
            let hex = String(body[bad], radix: 16, uppercase: true)
            throw YAMLError(
                "not valid UTF-8 (byte 0x\(hex)); save the file as UTF-8", at: mark(of: bad, in: body))
        }
        return body
    }

    /// The problem `validate` reports first for a file of `count` bytes over `limit` (nil within
    /// it): known from the size alone, so a reader that can learn the size without the bytes
    /// (a git object's header) need not read a file this large at all.
    public static func tooLarge(_ count: Int, limit: Int) -> YAMLError? {
        count > limit ? YAMLError("file is \(count) bytes, larger than the limit of \(limit) bytes") : nil
    }

    /// The position of a byte offset, counting lines by LF.
    static func mark(of index: Int, in bytes: ArraySlice<UInt8>) -> Mark {
        var line = 1
        var lineStart = bytes.startIndex
        for i in bytes.startIndex..<index where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return Mark(line: line, column: index - lineStart + 1)
    }

    /// The offset of the first NUL byte, eight bytes at a time where there is none.
    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i + 8 <= bytes.count {
            // Has a zero byte (exactly: no word without one passes; one with one may stop early).
            let w = word(at: i, in: bytes)
            if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == 0 { return i }
            i += 1
        }
        return nil
    }

    /// Eight bytes from `offset` on, as one word, so that ASCII text is checked a word at a time.
    private static func word(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether any byte of the word is 0x80 or above (not ASCII).
    private static func hasHighBit(_ word: UInt64) -> Bool {
        word & 0x8080_8080_8080_8080 != 0
    }

    /// The index of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            firstInvalidUTF8(buffer).map { bytes.startIndex + $0 }
        }
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence. Read
    /// through a buffer: this runs over every byte of every file read.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let end = bytes.count
        while i < end {
            if i + 8 <= end, !Self.hasHighBit(word(at: i, in: bytes)) {
                i += 8
                continue
            }
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            if i + length > end { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            minimum = 0
            i += length
        }
        return nil
    }
}
