/// Fixed 7-decimal formatting of coordinates (about 1 cm), fast and locale-free.
public enum Decimal7 {
    public static func format(_ value: Double) -> String {
        let scaled = (value * 10_000_000).rounded()
        guard scaled.isFinite, abs(scaled) < 9e17 else { return String(value) }
        var n = Int64(scaled)
        let negative = n < 0
        if negative { n = -n }
        let whole = n / 10_000_000
        let fraction = String(n % 10_000_000)
        return (negative ? "-" : "") + String(whole) + "." + String(repeating: "0", count: 7 - fraction.count) + fraction
    }
}
