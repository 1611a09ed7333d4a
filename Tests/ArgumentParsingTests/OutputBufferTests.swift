import Glibc
import Testing

@testable import ArgumentParsing

@Suite struct OutputBufferTests {
    @Test func holdsBytesUntilFlush() throws {
        let file = try TemporaryFile()
        let buffer = OutputBuffer(stream: file.stream)

        buffer.write("id,name\n")
        buffer.write(bytes: Array("1,é\n".utf8))
        #expect(file.contents() == "")

        buffer.flush()
        #expect(file.contents() == "id,name\n1,é\n")
        #expect(!buffer.hasWriteError)
    }

    @Test func flushesWhenFull() throws {
        let file = try TemporaryFile()
        let buffer = OutputBuffer(stream: file.stream, capacity: 4)

        buffer.write("abc")
        #expect(file.contents() == "")
        buffer.write("de")
        #expect(file.contents() == "abcde")
    }

    /// Linux's `/dev/full` fails every write with ENOSPC, as a full disk does.
    @Test func finishThrowsOnFullDisk() throws {
        let stream = try #require(fopen("/dev/full", "w"))
        defer { fclose(stream) }
        let buffer = OutputBuffer(stream: stream)
        buffer.write("jid,minion\n")

        let error = #expect(throws: OutputWriteError.self) { try buffer.finish() }
        #expect(error?.reason == "No space left on device")
        #expect(buffer.hasWriteError)
    }

    @Test func finishPassesWhenWritten() throws {
        let file = try TemporaryFile()
        let buffer = OutputBuffer(stream: file.stream)
        buffer.write("ok\n")
        try buffer.finish()
        #expect(file.contents() == "ok\n")
    }

    @Test func flushesAtDeinit() throws {
        let file = try TemporaryFile()
        do {
            var buffer = OutputBuffer(stream: file.stream)
            print("row", 1, to: &buffer)
        }
        #expect(file.contents() == "row 1\n")
    }
}

/// An anonymous temporary file from `tmpfile`, removed when closed.
final class TemporaryFile {
    let stream: UnsafeMutablePointer<FILE>

    init() throws {
        guard let stream = tmpfile() else {
            throw SystemCallError(name: "tmpfile", code: errno)
        }
        self.stream = stream
    }

    deinit {
        fclose(stream)
    }

    /// Returns everything written to the file so far, read through a separate descriptor.
    func contents() -> String {
        let descriptor = fileno(stream)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset: off_t = 0
        while true {
            let count = pread(descriptor, &chunk, chunk.count, offset)
            if count <= 0 {
                break
            }
            bytes += chunk[..<count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
