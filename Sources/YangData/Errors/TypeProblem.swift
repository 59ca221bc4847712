internal import CLibYang

/// What is wrong with a value libyang refused for its type, said from the compiled type: the
/// allowed range, length, pattern, enumeration values, identity bases.
///
/// The value is checked here only to pick which restriction to name (a number that parses but
/// lies outside every range part is "out of range"). When this check finds nothing wrong, or the
/// type is one the schema cannot explain simply (a union, binary, instance-identifier),
/// `explain` returns `nil` and the caller keeps libyang's own text. A restriction that has its
/// own `error-message` in the module is quoted as libyang reported it.
struct TypeProblem {
    let type: UnsafePointer<lysc_type>
    /// libyang's message for the failure: compared, never parsed, to recognize a module's own
    /// `error-message`, and to pick the pattern libyang names when a type has several.
    let libyangMessage: String

    func explain(_ value: String) -> String? {
        let base = type.pointee.basetype
        switch base {
        case LY_TYPE_INT8, LY_TYPE_INT16, LY_TYPE_INT32, LY_TYPE_INT64,
            LY_TYPE_UINT8, LY_TYPE_UINT16, LY_TYPE_UINT32, LY_TYPE_UINT64:
            let range = Self.cast(type, to: lysc_type_num.self).range
            return integerProblem(value, range: range)
        case LY_TYPE_DEC64:
            let decimal = Self.cast(type, to: lysc_type_dec.self)
            return decimalProblem(value, range: decimal.range, digits: Int(decimal.fraction_digits))
        case LY_TYPE_STRING:
            let string = Self.cast(type, to: lysc_type_str.self)
            return stringProblem(value, length: string.length, patterns: string.patterns)
        case LY_TYPE_BOOL:
            guard value != "true", value != "false" else { return nil }
            return "value \(Self.quoted(value)) is not a boolean, expected true or false"
        case LY_TYPE_ENUM:
            let names = Self.itemNames(Self.cast(type, to: lysc_type_enum.self).enums)
            guard !names.contains(value) else { return nil }
            return "value \(Self.quoted(value)) is not one of \(names.joined(separator: ", "))"
        case LY_TYPE_BITS:
            let items = Self.cast(type, to: lysc_type_bits.self).bits
            return "value \(Self.quoted(value)) is not a set of the bits \(Self.itemNames(items).joined(separator: ", "))"
        case LY_TYPE_IDENT:
            let bases = Self.cast(type, to: lysc_type_identityref.self).bases
            let names = (0..<LibYang.arrayCount(bases)).compactMap { bases?[$0].flatMap { LibYang.string($0.pointee.name) } }
            guard !names.isEmpty else { return nil }
            return "value \(Self.quoted(value)) is not an identity derived from \(names.joined(separator: " and "))"
        case LY_TYPE_EMPTY:
            return "takes no value, but \(Self.quoted(value)) was given"
        case LY_TYPE_LEAFREF:
            let real = Self.cast(type, to: lysc_type_leafref.self).realtype
            guard let real else { return nil }
            return TypeProblem(type: UnsafePointer(real), libyangMessage: libyangMessage).explain(value)
        default:
            return nil
        }
    }

    // MARK: Numbers

    private func integerProblem(_ value: String, range: UnsafeMutablePointer<lysc_range>?) -> String? {
        if let own = ownMessage(range?.pointee.emsg) { return own }
        let allowed = Self.parts(range, signed: Self.isSigned(type.pointee.basetype)) ?? [Self.builtinBounds(type.pointee.basetype)]
        let text = Self.rangeText(allowed, fractionDigits: 0)
        guard let number = Self.integer(value.trimmingSpaces) else {
            return "value \(Self.quoted(value)) is not an integer, expected \(text)"
        }
        guard !allowed.contains(where: { $0.contains(number) }) else { return nil }
        return "value \(value.trimmingSpaces) is out of range \(text)"
    }

    private func decimalProblem(_ value: String, range: UnsafeMutablePointer<lysc_range>?, digits: Int) -> String? {
        if let own = ownMessage(range?.pointee.emsg) { return own }
        let allowed = Self.parts(range, signed: true) ?? [Int128(Int64.min)...Int128(Int64.max)]
        let text = Self.rangeText(allowed, fractionDigits: digits)
        let trimmed = value.trimmingSpaces
        guard let (scaled, fraction) = Self.decimal(trimmed, fractionDigits: digits) else {
            return "value \(Self.quoted(value)) is not a decimal number, expected \(text)"
        }
        if fraction > digits {
            return "value \(trimmed) has more than \(digits) fraction digit\(digits == 1 ? "" : "s")"
        }
        guard !allowed.contains(where: { $0.contains(scaled) }) else { return nil }
        return "value \(trimmed) is out of range \(text)"
    }

    // MARK: Strings

    private func stringProblem(
        _ value: String, length: UnsafeMutablePointer<lysc_range>?, patterns: UnsafeMutablePointer<UnsafeMutablePointer<lysc_pattern>?>?
    ) -> String? {
        if let allowed = Self.parts(length, signed: false) {
            let count = Int128(value.unicodeScalars.count)
            if !allowed.contains(where: { $0.contains(count) }) {
                if let own = ownMessage(length?.pointee.emsg) { return own }
                return "value \(Self.quoted(value)) is \(count) character\(count == 1 ? "" : "s") long, "
                    + "the allowed length is \(Self.rangeText(allowed, fractionDigits: 0))"
            }
        }
        let all = (0..<LibYang.arrayCount(patterns)).compactMap { patterns?[$0] }
        if let own = all.lazy.compactMap({ ownMessage($0.pointee.emsg) }).first { return own }
        // libyang names the pattern that failed: of several, the one whose text it quotes.
        let failed = all.count == 1 ? all.first : all.first { pattern in
            LibYang.string(pattern.pointee.expr).map { libyangMessage.contains("\"\($0)\"") } ?? false
        }
        guard let failed, let expression = LibYang.string(failed.pointee.expr) else { return nil }
        if failed.pointee.inverted != 0 {
            return "value \(Self.quoted(value)) matches the pattern \(expression), which it must not"
        }
        return "value \(Self.quoted(value)) does not match the pattern \(expression)"
    }

    /// The module's own `error-message` of a restriction, when it is what libyang reported.
    private func ownMessage(_ message: UnsafePointer<CChar>?) -> String? {
        guard let text = LibYang.string(message), !text.isEmpty, text == libyangMessage else { return nil }
        return text
    }

    // MARK: Helpers

    static func quoted(_ value: String) -> String { "\"\(value)\"" }

    /// The `lysc_type_*` structure of a type, by its `basetype` (C's cast).
    private static func cast<T>(_ type: UnsafePointer<lysc_type>, to _: T.Type) -> T {
        UnsafeRawPointer(type).assumingMemoryBound(to: T.self).pointee
    }

    private static func itemNames(_ items: UnsafeMutablePointer<lysc_type_bitenum_item>?) -> [String] {
        guard let items else { return [] }
        return (0..<LibYang.arrayCount(items)).compactMap { index in
            items[index].flags & UInt16(LYS_DISABLED) == 0 ? LibYang.string(items[index].name) : nil
        }
    }

    private static func isSigned(_ base: LY_DATA_TYPE) -> Bool {
        base.rawValue >= LY_TYPE_DEC64.rawValue
    }

    /// `lysc_range` parts: `int64_t` members for signed integers and decimal64, `uint64_t` for
    /// unsigned integers and lengths.
    private static func parts(_ range: UnsafeMutablePointer<lysc_range>?, signed: Bool) -> [ClosedRange<Int128>]? {
        guard let parts = range?.pointee.parts else { return nil }
        let count = LibYang.arrayCount(parts)
        guard count > 0 else { return nil }
        return (0..<count).map { index in
            let part = parts[index]
            return signed ? Int128(part.min_64)...Int128(part.max_64) : Int128(part.min_u64)...Int128(part.max_u64)
        }
    }

    private static func builtinBounds(_ base: LY_DATA_TYPE) -> ClosedRange<Int128> {
        switch base {
        case LY_TYPE_INT8: Int128(Int8.min)...Int128(Int8.max)
        case LY_TYPE_INT16: Int128(Int16.min)...Int128(Int16.max)
        case LY_TYPE_INT32: Int128(Int32.min)...Int128(Int32.max)
        case LY_TYPE_UINT8: 0...Int128(UInt8.max)
        case LY_TYPE_UINT16: 0...Int128(UInt16.max)
        case LY_TYPE_UINT32: 0...Int128(UInt32.max)
        case LY_TYPE_UINT64: 0...Int128(UInt64.max)
        default: Int128(Int64.min)...Int128(Int64.max)
        }
    }

    /// `-6..17`, `1..4 | 10..20`, `5`; decimal64 bounds are scaled by 10^fraction-digits.
    static func rangeText(_ parts: [ClosedRange<Int128>], fractionDigits: Int) -> String {
        parts.map { part in
            let lower = decimalText(part.lowerBound, fractionDigits: fractionDigits)
            return part.lowerBound == part.upperBound ? lower : lower + ".." + decimalText(part.upperBound, fractionDigits: fractionDigits)
        }.joined(separator: " | ")
    }

    private static func decimalText(_ scaled: Int128, fractionDigits: Int) -> String {
        guard fractionDigits > 0 else { return String(scaled) }
        let magnitude = String(scaled.magnitude)
        let padded = String(repeating: "0", count: max(0, fractionDigits + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -fractionDigits)
        var fraction = padded[split...]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return (scaled < 0 ? "-" : "") + padded[..<split] + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A YANG integer (optional sign, decimal digits); values beyond 128 bits saturate, which is
    /// still outside every YANG range.
    private static func integer(_ text: String) -> Int128? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var value: Int128 = 0
        for digit in digits.utf8 {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int128(digit - UInt8(ascii: "0")))
            if overflow || overflow2 { return negative ? Int128.min : Int128.max }
            value = sum
        }
        return negative ? -value : value
    }

    /// A decimal64 value scaled by 10^fractionDigits, and how many fraction digits it has
    /// (trailing zeros beyond `fractionDigits` not counted).
    private static func decimal(_ text: String, fractionDigits: Int) -> (scaled: Int128, fraction: Int)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard integer(String(parts[0])) != nil else { return nil }
        var fraction = parts.count > 1 ? parts[1] : ""
        if parts.count > 1, fraction.isEmpty || !fraction.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        while fraction.count > fractionDigits, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= fractionDigits else { return (0, fraction.count) }
        let padded = String(fraction) + String(repeating: "0", count: fractionDigits - fraction.count)
        let negative = parts[0].hasPrefix("-")
        guard let magnitude = integer(String(parts[0].drop { $0 == "+" || $0 == "-" }) + padded) else { return nil }
        return (negative ? -magnitude : magnitude, fraction.count)
    }
}
