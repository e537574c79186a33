/// A reward of the catalogue (积分兑换奖品): a stable code, its name in both languages, what it
/// costs in points and how many are left. A redemption takes one from the stock and writes the
/// negative `redemption` entry in one transaction.
public struct PointsReward: Hashable, Codable, Sendable {
    public var code: String
    public var name: LocalizedText
    public var cost: Int
    public var stock: Int

    public init(code: String, name: LocalizedText, cost: Int, stock: Int) {
        self.code = code
        self.name = name
        self.cost = cost
        self.stock = stock
    }

    /// Refuses a malformed reward: a code of 1 to 40 letters, digits, `-` or `_`; both names; a cost
    /// from 1 to 1,000,000; a stock of 0 or more.
    public func validate() throws(DomainError) {
        guard (1...40).contains(code.count), code.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
            throw .invalidField("code", zh: "奖品编码须为1到40个字母、数字、- 或 _", en: "A reward code is 1 to 40 letters, digits, - or _")
        }
        guard !name.zh.isEmpty, !name.en.isEmpty, name.zh.count <= 100, name.en.count <= 100 else {
            throw .invalidField("name", zh: "奖品须有中英文名称（各至多100字）", en: "A reward needs a Chinese and an English name (at most 100 characters each)")
        }
        guard (1...1_000_000).contains(cost) else { throw .invalidField("cost", zh: "所需积分须为1到1000000", en: "The cost must be from 1 to 1000000 points") }
        guard (0...1_000_000).contains(stock) else { throw .invalidField("stock", zh: "库存须为0到1000000", en: "The stock must be from 0 to 1000000") }
    }

    public static func outOfStock(_ code: String) -> DomainError {
        DomainError(.conflict, code: "out_of_stock", field: "reward", zh: "奖品已兑完：\(code)", en: "The reward \(code) is out of stock")
    }
}
