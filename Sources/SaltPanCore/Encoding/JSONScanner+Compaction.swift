extension JSONScanner {
    /// Returns the store's lossless JSON for the value that fills `bytes`, when removing the
    /// whitespace between tokens is all it takes, and nil otherwise.
    ///
    /// `bytes` must be a value that `skipValue()` accepted with `maxDepth`, as the source text of
    /// an `EncodedValue` is, so its syntax is not checked again. The text qualifies when it is
    /// valid UTF-8, every string and number is in `JSONWriter`'s form, and no key starts with
    /// `$`. Then the result is what `transcodeValue(into:)` writes, in one pass that copies runs
    /// of bytes. Salt's `rawfile_json` returner writes most values that way: Python's `json`
    /// with `ensure_ascii=False` writes characters outside ASCII as UTF-8, not as `\u` escapes.
    /// A nil result leaves the value to `transcodeValue(into:)`, which rewrites escapes and
    /// numbers. `position` is unspecified afterwards.
    mutating func compactCheckedValue() -> [UInt8]? {
        guard UTF8Validation.isValid(bytes) else { return nil }

        var isCompact = false
        let text = [UInt8](unsafeUninitializedCapacity: bytes.count) { output, count in
            count = 0
            isCompact = copyTokens(into: output, count: &count)
            if !isCompact { count = 0 }
        }
        return isCompact ? text : nil
    }

    /// Copies every token of `bytes` into `output`, which has room for all of them, and returns
    /// false as soon as one is not in the writer's form.
    ///
    /// The tokens between two runs of whitespace are copied together, as `"key":` and `"value",`
    /// are in Python's `json` output.
    private mutating func copyTokens(into output: UnsafeMutableBufferPointer<UInt8>, count: inout Int) -> Bool {
        guard let source = bytes.baseAddress, let target = output.baseAddress else { return bytes.isEmpty }
        var runStart = 0
        position = 0

        func copyRun(to end: Int) -> Bool {
            let length = end - runStart
            guard length >= 0, count + length <= output.count else { return false }
            UnsafeMutableRawPointer(target + count).copyMemory(from: source + runStart, byteCount: length)
            count += length
            return true
        }

        while position < bytes.count {
            let start = position
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard copyRun(to: position) else { return false }
                skipWhitespace()
                runStart = position
            case UInt8(ascii: "\""):
                guard skipStringInWritersForm(), !isDollarKey(at: start) else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let number = try? scanNumber(), isWritersForm(number) else { return false }
            case UInt8(ascii: "t"), UInt8(ascii: "n"):
                position += 4
            case UInt8(ascii: "f"):
                position += 5
            default:
                position += 1
            }
        }
        return position == bytes.count && copyRun(to: position)
    }

    /// Moves past the string whose opening quote is at `position`, and returns false when one of
    /// its escapes is not the one the writer writes.
    private mutating func skipStringInWritersForm() -> Bool {
        position += 1
        while true {
            position = indexOfSpecialByte(from: position)
            guard position < bytes.count else { return false }
            if bytes[position] == UInt8(ascii: "\"") {
                position += 1
                return true
            }

            let backslash = position
            guard bytes[backslash] == UInt8(ascii: "\\"), (try? skipEscape()) != nil,
                isWritersEscape(from: backslash, to: position)
            else { return false }
        }
    }

    /// Returns whether the string that starts at `start` and ends before `position` is a key
    /// that starts with `$`, which the writer may have to wrap in its `$map` tag.
    @inline(__always)
    private func isDollarKey(at start: Int) -> Bool {
        guard position - start > 2, bytes[start + 1] == UInt8(ascii: "$") else { return false }
        var index = position
        while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) {
            index += 1
        }
        return index < bytes.count && bytes[index] == UInt8(ascii: ":")
    }
}
