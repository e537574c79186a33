/// What a permission is asked about: one case, a region, an organisation's or a person's figures,
/// an upload, or the city as a whole. The policy judges each by how it relates to the caller's roles.
public enum AccessResource: Sendable {
    /// A case, judged by its reporter, its assigned or summoned bodies and its grid.
    case caseRecord(Case)
    /// A region at any level (figures, analytics, a list of the region's cases).
    case region(RegionCode)
    /// An organisation (its figures), with the jurisdiction it serves (`nil`: city-wide).
    case organisation(code: OrganisationCode, jurisdiction: RegionCode?)
    /// A person (their figures or their record).
    case person(id: UserID, organisationCode: OrganisationCode?, jurisdiction: RegionCode?)
    /// An upload not yet linked to a case, by its uploader.
    case upload(uploaderID: UserID)
    /// The city as a whole (city-wide rankings and analytics).
    case city
}

extension AccessScope {
    /// Whether a role held as `grant` by the user `userID` reaches `resource` at this scope. The
    /// caller's own things (their reports, their uploads, their own figures) are within every scope.
    public func reaches(_ resource: AccessResource, grant: RoleGrant, userID: UserID?) -> Bool {
        if AccessScope.isOwn(resource, userID: userID) { return true }
        switch self {
        case .own:
            return false
        case .city:
            return true
        case .organisation:
            guard let organisation = grant.organisationCode else { return false }
            switch resource {
            case .caseRecord(let value):
                return value.departmentCode == organisation || value.subtasks.contains { $0.departmentCode == organisation }
            case .organisation(let code, _): return code == organisation
            case .person(_, let personOrganisation, _): return personOrganisation == organisation
            case .region, .upload, .city: return false
            }
        case .jurisdiction:
            guard let jurisdiction = grant.jurisdiction else { return true }
            switch resource {
            case .caseRecord(let value): return jurisdiction.contains(value.chain.grid)
            case .region(let code): return jurisdiction.contains(code)
            case .organisation(_, let served): return served.map { jurisdiction.contains($0) } ?? false
            case .person(_, _, let personJurisdiction): return personJurisdiction.map { jurisdiction.contains($0) } ?? false
            case .upload, .city: return false
            }
        }
    }

    private static func isOwn(_ resource: AccessResource, userID: UserID?) -> Bool {
        guard let userID else { return false }
        switch resource {
        case .caseRecord(let value): return value.reporterID == userID
        case .person(let id, _, _): return id == userID
        case .upload(let uploader): return uploader == userID
        default: return false
        }
    }
}
