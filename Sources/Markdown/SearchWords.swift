/// The words the site's search looks for: what the search index lists for each page.
public enum SearchWords {
    /// Each word of the text once, lower-cased, in order of first use. The search matches words
    /// where they start, never phrases, so repeats only make the index slower to load.
    public static func distinct(_ text: String) -> [String] {
        // Bytes, not Characters: this runs over every word of the site. Non-ASCII bytes count as
        // letters, so words with accents stay whole; only ASCII letters are lower-cased.
        func isWordByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        var seen = Set<String>()
        var seenBytes = ByteStringSet()
        var words: [String] = []
        var word: [UInt8] = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                while index < bytes.count && !isWordByte(bytes[index]) { index += 1 }
                var end = index
                // A word runs to the next space, keeping inner marks ("her2-positive", "4/6").
                while end < bytes.count && bytes[end] != 0x20 && bytes[end] != 0x0A && bytes[end] != 0x09 && bytes[end] != 0x0D { end += 1 }
                var last = end
                while last > index && !isWordByte(bytes[last - 1]) { last -= 1 }
                if last > index {
                    word.removeAll(keepingCapacity: true)
                    for byte in bytes[index..<last] { word.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) }
                    // The same bytes are the same word: only a word not met in these bytes is
                    // made a String, whose set also knows words written in two Unicode forms.
                    if seenBytes.insert(word) {
                        let text = String(decoding: word, as: UTF8.self)
                        if seen.insert(text).inserted { words.append(text) }
                    }
                }
                index = end
            }
        }
        return words
    }

    /// Byte strings, kept once each: FNV-1a and a byte comparison, where a `Set<String>` makes a
    /// String of each of a page's words and hashes it with SipHash (most words are repeats).
    struct ByteStringSet {
        private var bytes: [UInt8] = []
        /// Per slot: 0 when empty, else 1 + the index of the entry in `entries`.
        private var slots = [Int32](repeating: 0, count: 1024)
        private var entries: [(hash: UInt64, start: Int, count: Int)] = []

        /// True when `word` was not in the set (and is now).
        mutating func insert(_ word: [UInt8]) -> Bool {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] != 0 {
                let entry = entries[Int(slots[slot]) - 1]
                if entry.hash == hash, entry.count == word.count, bytes[entry.start..<(entry.start + entry.count)].elementsEqual(word) { return false }
                slot = (slot + 1) & (slots.count - 1)
            }
            entries.append((hash, bytes.count, word.count))
            bytes += word
            slots[slot] = Int32(entries.count)
            if entries.count * 2 > slots.count { grow() }
            return true
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry.hash) & (slots.count - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(index + 1)
            }
        }
    }
}
