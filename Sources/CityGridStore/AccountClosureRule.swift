import CityGridCore

/// The refusals every store gives when asked to close an account (注销规则).
public enum AccountClosureRule {
    /// Only a citizen's account is closed by its owner; staff accounts are managed by administrators.
    public static let notACitizen = DomainError(.forbidden, code: "not_a_citizen", field: "user",
                                                zh: "只有市民账号可以自行注销；工作人员账号由管理员管理",
                                                en: "Only a citizen's account can be closed by its owner; staff accounts are managed by administrators")
}
