import CityGridCore

/// The refusals every ``PointsStore`` names in the same words.
public enum PointsStoreRefusal {
    /// A review of an entry that is not held (already reviewed, or never held).
    public static func notHeld(_ id: PointsEntryID) -> DomainError {
        DomainError(.conflict, code: "not_held", field: "id", zh: "该积分记录不在待审核状态：\(id)", en: "The points entry \(id) is not held for review")
    }

    /// The thing a points method did not find.
    public static func missingEntry(_ id: PointsEntryID) -> DomainError {
        DomainError.notFound(LocalizedText(zh: "积分记录", en: "points entry"), "\(id)", field: "id")
    }

    public static func missingReward(_ code: String) -> DomainError {
        DomainError.notFound(LocalizedText(zh: "奖品", en: "reward"), code, field: "reward")
    }

    public static func badQuantity() -> DomainError {
        DomainError.invalidField("quantity", zh: "兑换数量须为1到1000", en: "The quantity must be from 1 to 1000")
    }
}
