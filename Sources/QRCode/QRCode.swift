import Foundation
import LibQREncode

/// A QR code as SVG, made by Debian's libqrencode: what a phone's camera reads to open an address.
public enum QRCode {
    /// The code of `text` (error correction M: a printed code still reads with 15% of it damaged),
    /// drawn as one path of dark modules on a white square with the standard quiet zone of four
    /// modules. No style: size and place come from the stylesheet. nil when the text does not fit.
    public static func svg(for text: String, label: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        let quiet = 4, size = width + 2 * quiet
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                // Bit 0 of each byte: dark.
                guard modules[y * width + x] & 1 == 1 else { x += 1; continue }
                var run = 1
                while x + run < width, modules[y * width + x + run] & 1 == 1 { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size) \(size)\" role=\"img\" aria-label=\"\(escape(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(size)\" height=\"\(size)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
