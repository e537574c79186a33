/// Who may read (download, or name in a step) an uploaded item. The decision about cases is not
/// taken here: the caller supplies it (`mayReadCase`), from the city's one access policy.
///
/// - A user who uploaded it may always use their own upload (linked or not); the public's photos,
///   which came with their report, are the case's only.
/// - Anyone else only once it is linked to a case, and only if they may read that case.
public enum MediaAccess {
    /// Whether `actor` may read `info`. `linkedCase` is the case `info.caseID` names (`nil` when
    /// unlinked, or when that case no longer exists).
    public static func mayRead(_ info: MediaInfo, by actor: Actor, linkedCase: Case?, mayReadCase: (Case) -> Bool) -> Bool {
        if let user = actor.userID, info.uploader == .user(user) { return true }
        guard info.caseID != nil, let linkedCase, linkedCase.id == info.caseID else { return false }
        return mayReadCase(linkedCase)
    }
}
