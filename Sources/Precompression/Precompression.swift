import LibBrotliEnc
import LibZ
import Foundation

/// The gzip and Brotli copies a host serves instead of a text file when the browser accepts
/// them (nginx's `gzip_static` and `brotli_static`, Caddy's `precompressed`, most CDNs), made once
/// at build time (gzip at its highest level, Brotli at a fast one), with Debian's zlib and libbrotli. The same bytes give the
/// same copies: the gzip header has no time and no file name.
public enum Precompression {
    /// The files worth compressing: text. Images other than SVG, PDFs and zips are compressed already.
    public static let extensions: Set<String> = ["html", "css", "js", "json", "xml", "svg", "txt", "webmanifest", "map"]

    public static func isCompressible(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return extensions.contains(String(path[path.index(after: dot)...]).lowercased())
    }

    /// gzip (RFC 1952) at level 9: zlib's deflate with its gzip wrapper, whose header carries no
    /// modification time (zero) and no name.
    public static func gzip(_ data: Data) -> Data {
        // 15 window bits + 16: a gzip wrapper rather than zlib's own.
        deflate(data, level: 9, windowBits: 15 + 16, memoryLevel: 9)
    }

    /// zlib's deflate of all of `data` in one call; negative `windowBits` mean no wrapper at all.
    static func deflate(_ data: Data, level: Int32, windowBits: Int32, memoryLevel: Int32) -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            preconditionFailure("zlib could not start")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        let written: Int = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                let result = LibZ.deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "zlib's bound was too small")
                return Int(stream.total_out)
            }
        }
        // A copy of the written part only: a prefix would keep the whole buffer, as large as the
        // input, alive for as long as the result is (the zip holds every entry until the end).
        return Data(output[..<written])
    }

    /// Brotli (RFC 7932) at quality 5 with a 4 MB window, in text mode. Quality 11 makes pages
    /// about 10% smaller but costs some 80 ms a page here (80 s for a 1,000-page guide, against a
    /// 3 s build); 5 costs under a millisecond and is what CDNs use when they compress on the fly.
    public static let brotliQuality: Int32 = 5

    public static func brotli(_ data: Data) -> Data {
        var size = BrotliEncoderMaxCompressedSize(data.count)
        if size == 0 { size = data.count + 1024 }
        var output = [UInt8](repeating: 0, count: size)
        let ok = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                BrotliEncoderCompress(brotliQuality, 22, BROTLI_MODE_TEXT, input.count,
                                      input.bindMemory(to: UInt8.self).baseAddress, &size, out.bindMemory(to: UInt8.self).baseAddress)
            }
        }
        precondition(ok == BROTLI_TRUE, "libbrotli could not compress")
        // As for deflate: the written part only, not the whole input-sized buffer behind a prefix.
        return Data(output[..<size])
    }

    /// zlib's CRC-32 of the bytes: a cheap, stable fingerprint of a file's contents.
    public static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { bytes in
            UInt32(LibZ.crc32(0, bytes.bindMemory(to: Bytef.self).baseAddress, uInt(bytes.count)))
        }
    }
}
