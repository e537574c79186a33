import Foundation

/// The access policy as a file (JSON): what a city edits and imports. Parsing validates it whole and
/// names the first offending entry: an unknown permission or scope, a duplicate role, a role without a
/// label, a channel that does not exist.
public struct AccessPolicyFile: Codable, Sendable {
    public struct RoleEntry: Codable, Sendable {
        public var name: String
        public var label_zh: String
        public var label_en: String
        public var staff: Bool
        public var requires_organisation: Bool?
        public var channels: [String]?
        /// Permission name → scope name (`own`, `organisation`, `jurisdiction`, `city`).
        public var permissions: [String: String]
        /// A power that delegations grant to an organisation (``DelegatedPower``), never a person's role.
        public var delegable: Bool?
    }

    public var version: Int
    public var roles: [RoleEntry]

    /// Parses and validates a policy file.
    public static func parse(_ data: Data) throws(DomainError) -> AccessPolicy {
        let file: AccessPolicyFile
        do { file = try JSONDecoder().decode(AccessPolicyFile.self, from: data) } catch {
            throw DomainError(.invalid, code: "invalid_policy", field: JSONErrorPath.path(of: error),
                              zh: "权限策略文件格式错误", en: "The access policy is not valid JSON of the expected shape: \(JSONErrorPath.explain(error))")
        }
        return try file.validated()
    }

    func validated() throws(DomainError) -> AccessPolicy {
        func fail(_ field: String, _ zh: String, _ en: String) -> DomainError {
            DomainError(.invalid, code: "invalid_policy", field: field, zh: "权限策略：\(zh)", en: "Access policy: \(en)")
        }
        guard version == 1 else { throw fail("version", "仅支持版本1", "only version 1 is supported") }
        guard !roles.isEmpty else { throw fail("roles", "没有角色", "no roles") }
        var entries: [Role: AccessPolicy.RoleEntry] = [:]
        var order: [Role] = []
        for (i, entry) in roles.enumerated() {
            guard let role = Role(rawValue: entry.name) else {
                throw fail("roles[\(i)].name", "角色名无效：\(entry.name)", "\(entry.name) is not a role name (lowercase letters, digits, _)")
            }
            guard entries[role] == nil else { throw fail("roles[\(i)].name", "角色重复：\(entry.name)", "role \(entry.name) is listed twice") }
            guard !entry.label_zh.isEmpty, !entry.label_en.isEmpty else {
                throw fail("roles[\(i)].label_zh", "角色 \(entry.name) 缺少名称", "role \(entry.name) needs label_zh and label_en")
            }
            var channels: [CaseSource] = []
            for (j, text) in (entry.channels ?? []).enumerated() {
                guard let channel = CaseSource(rawValue: text) else {
                    throw fail("roles[\(i)].channels[\(j)]", "未知渠道 \(text)", "unknown channel \(text); channels are \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                channels.append(channel)
            }
            var permissions: [Permission: AccessScope] = [:]
            for (name, scopeText) in entry.permissions.sorted(by: { $0.key < $1.key }) {
                guard let permission = Permission(rawValue: name), Permission.known.contains(permission) else {
                    throw fail("roles[\(i)].permissions.\(name)", "未知权限 \(name)",
                               "unknown permission \(name); permissions are \(Permission.known.map(\.rawValue).joined(separator: ", "))")
                }
                guard let scope = AccessScope(rawValue: scopeText) else {
                    throw fail("roles[\(i)].permissions.\(name)", "未知范围 \(scopeText)", "unknown scope \(scopeText); scopes are own, organisation, jurisdiction, city")
                }
                if scope == .organisation, entry.requires_organisation != true {
                    throw fail("roles[\(i)].permissions.\(name)", "按单位授权的角色须设 requires_organisation",
                               "a role with organisation-scoped permissions must set requires_organisation")
                }
                permissions[permission] = scope
            }
            if entry.delegable == true {
                guard entry.requires_organisation == true, channels.isEmpty, entry.staff, role != .system else {
                    throw fail("roles[\(i)].delegable", "可授权的职权须是工作人员角色、按单位授予、没有上报渠道",
                               "a delegable power must be a staff role with requires_organisation and no channels")
                }
            }
            entries[role] = AccessPolicy.RoleEntry(role: role, label: LocalizedText(zh: entry.label_zh, en: entry.label_en), staff: entry.staff,
                                                   requiresOrganisation: entry.requires_organisation ?? false, channels: channels,
                                                   permissions: permissions, delegable: entry.delegable ?? false)
            order.append(role)
        }
        guard entries[.system] != nil else { throw fail("roles", "须有 system 角色（系统时钟）", "the role system (the clock) must be listed") }
        return AccessPolicy(version: version, roles: entries, roleOrder: order)
    }
}

extension AccessPolicy {
    /// The shipped policy (see ``standardJSON``).
    public static let standard: AccessPolicy = {
        do { return try AccessPolicyFile.parse(Data(standardJSON.utf8)) } catch { preconditionFailure("the shipped access policy is invalid: \(error)") }
    }()

    /// The policy as a file, in the role order.
    public var file: AccessPolicyFile {
        AccessPolicyFile(version: version, roles: roleOrder.compactMap { roles[$0] }.map { e in
            AccessPolicyFile.RoleEntry(name: e.role.rawValue, label_zh: e.label.zh, label_en: e.label.en, staff: e.staff,
                                       requires_organisation: e.requiresOrganisation ? true : nil,
                                       channels: e.channels.isEmpty ? nil : e.channels.map(\.rawValue),
                                       permissions: Dictionary(uniqueKeysWithValues: e.permissions.map { ($0.key.rawValue, $0.value.rawValue) }),
                                       delegable: e.delegable ? true : nil)
        })
    }
}
