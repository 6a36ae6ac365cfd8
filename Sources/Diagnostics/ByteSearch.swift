import Foundation

/// Where a run of bytes first occurs in a buffer: libc's memchr finds each candidate first byte
/// (glibc's memmem is not visible to Swift). Checks and the offline copy scan every page with it.
public enum ByteSearch {
    public static func firstIndex(of pattern: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let first = pattern.first, let base = bytes.baseAddress, start >= 0 else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            guard let found = memchr(base + index, Int32(first), bytes.count - pattern.count + 1 - index) else { return nil }
            index = base.distance(to: UnsafeRawPointer(found))
            if memcmp(base + index, pattern.baseAddress!, pattern.count) == 0 { return index }
            index += 1
        }
        return nil
    }

    public static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        bytes.withUnsafeBytes { haystack in pattern.withUnsafeBytes { firstIndex(of: $0, in: haystack, from: start) } }
    }

    public static func contains(_ pattern: String, in text: String) -> Bool {
        var text = text, pattern = pattern
        return text.withUTF8 { haystack in pattern.withUTF8 { firstIndex(of: UnsafeRawBufferPointer($0), in: UnsafeRawBufferPointer(haystack)) != nil } }
    }
}
