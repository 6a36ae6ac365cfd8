import Foundation
import LibZ

/// A zip file (PKWARE's APPNOTE) of files deflated beforehand, so that they can be compressed on
/// every core and the archive is only put together at the end. Its bytes depend on the entries
/// only: no time of day, fixed permissions, no extra fields.
///
/// It writes what ZIPFoundation wrote for the offline copy before (the same headers, deflate at
/// zlib's default level), byte for byte; ZIPFoundation compresses entries one at a time, as it
/// adds them, and writes the whole central directory again after each.
public enum ZipArchive {
    /// One file of the archive, deflated.
    public struct Entry: Sendable {
        public let name: String
        let crc32: UInt32
        let size: Int
        let deflated: Data

        public init(name: String, bytes: Data) {
            self.name = name
            crc32 = Precompression.crc32(bytes)
            size = bytes.count
            // Raw deflate (no wrapper) at zlib's default level, with ZIPFoundation's memory level.
            deflated = Precompression.deflate(bytes, level: Z_DEFAULT_COMPRESSION, windowBits: -MAX_WBITS, memoryLevel: 9)
        }
    }

    /// The day every entry is dated, at midnight (zip dates have no time zone).
    public struct Day: Sendable {
        public let year: Int
        public let month: Int
        public let day: Int

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// MS-DOS's date: day, month, years since 1980 (1980–2099).
        var dosDate: UInt16 { UInt16(day + month * 32 + (min(max(year, 1980), 2099) - 1980) * 512) }
    }

    public enum Problem: Error, CustomStringConvertible {
        case tooLarge
        public var description: String { "the offline zip would be larger than 4 GB, which needs ZIP64 sizes that guide does not write" }
    }

    /// The archive of `entries`, in their order, each readable by its owner and everyone (0644).
    public static func archive(_ entries: [Entry], date: Day) throws -> Data {
        var zip = Data()
        var directory = Data()
        for entry in entries {
            let offset = zip.count
            guard entry.size < 0xFFFF_FFFF, entry.deflated.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else { throw Problem.tooLarge }
            let name = Data(entry.name.utf8)
            // The fields the local header and the central directory share, from "version needed" to the name's length.
            var shared = Data()
            shared.append(little: UInt16(20))  // version needed to extract: 2.0, deflate
            shared.append(little: UInt16(0x0800))  // flags: the name is UTF-8
            shared.append(little: UInt16(8))  // deflate
            shared.append(little: UInt16(0))  // time: midnight
            shared.append(little: date.dosDate)
            shared.append(little: entry.crc32)
            shared.append(little: UInt32(entry.deflated.count))
            shared.append(little: UInt32(entry.size))
            shared.append(little: UInt16(name.count))
            shared.append(little: UInt16(0))  // extra field's length

            zip.append(little: UInt32(0x0403_4B50))
            zip.append(shared)
            zip.append(name)
            zip.append(entry.deflated)

            directory.append(little: UInt32(0x0201_4B50))
            directory.append(little: UInt16(0x0315))  // made by: Unix (3), zip 2.1
            directory.append(shared)
            directory.append(little: UInt16(0))  // comment's length
            directory.append(little: UInt16(0))  // disk number
            directory.append(little: UInt16(0))  // internal attributes
            directory.append(little: UInt32(S_IFREG | 0o644) << 16)  // Unix mode
            directory.append(little: UInt32(offset))
            directory.append(name)
        }
        let directoryStart = zip.count
        guard directoryStart < 0xFFFF_FFFF, directory.count < 0xFFFF_FFFF else { throw Problem.tooLarge }
        zip.append(directory)
        let count = UInt64(entries.count)
        if count >= 0xFFFF {
            // More entries than the end record can count: the ZIP64 end record and its locator come first.
            let recordStart = zip.count
            zip.append(little: UInt32(0x0606_4B50))
            zip.append(little: UInt64(44))  // the record's size after this field
            zip.append(little: UInt16(0x0315))  // made by: Unix, zip 2.1
            zip.append(little: UInt16(45))  // needed: 4.5, ZIP64
            zip.append(little: UInt32(0))  // this disk
            zip.append(little: UInt32(0))  // the directory's disk
            zip.append(little: count)
            zip.append(little: count)
            zip.append(little: UInt64(directory.count))
            zip.append(little: UInt64(directoryStart))
            zip.append(little: UInt32(0x0706_4B50))
            zip.append(little: UInt32(0))  // the record's disk
            zip.append(little: UInt64(recordStart))
            zip.append(little: UInt32(1))  // disks in all
        }
        zip.append(little: UInt32(0x0605_4B50))
        zip.append(little: UInt16(0))  // this disk
        zip.append(little: UInt16(0))  // the directory's disk
        zip.append(little: UInt16(min(count, 0xFFFF)))
        zip.append(little: UInt16(min(count, 0xFFFF)))
        zip.append(little: UInt32(directory.count))
        zip.append(little: UInt32(directoryStart))
        zip.append(little: UInt16(0))  // comment's length
        return zip
    }
}

private extension Data {
    mutating func append<T: FixedWidthInteger>(little value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
