/// The named powers a higher level can hand down to a lower one (放权): each is a role of the access
/// policy marked `delegable`, which no person holds directly; an organisation's staff hold it while a
/// ``Delegation`` to their organisation is in force, in the delegation's jurisdiction. What a power
/// lets them do is the policy's (its permissions) and the workflow definition's (the actions that
/// name it) decision, like any role's.
public enum DelegatedPower {
    /// Summon departments to a case (吹哨): the workflow's `summon`.
    public static let summonDepartments: Role = "summon_departments"
    /// Approve or refuse a body's request for more time (审批延期).
    public static let approveExtensions: Role = "approve_extensions"
    /// Read and explain the evaluation of the departments and bodies in the jurisdiction (考核部门).
    public static let evaluateDepartments: Role = "evaluate_departments"
    /// Moderate the virtual communities of the jurisdiction (社区管理).
    public static let moderateCommunities: Role = "moderate_communities"
    /// Review incentive points held for review in the jurisdiction (积分奖励).
    public static let rewardPoints: Role = "reward_points"

    /// The powers of the shipped policy.
    public static let shipped: [Role] = [summonDepartments, approveExtensions, evaluateDepartments, moderateCommunities, rewardPoints]
}
