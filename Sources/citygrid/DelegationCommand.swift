import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

/// Delegated authority (放权) from the command line: grant a power to a body as a user who may
/// grant it, list the grants with their history, revoke one. The rules are the core's
/// (``DelegationRules``), decided from the access policy as on the web.
struct DelegationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delegation", abstract: "Grant, list and revoke delegated powers (放权).",
                                                    subcommands: [DelegationGrant.self, DelegationList.self, DelegationRevoke.self])
}

struct DelegationGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Grant a body a power within a jurisdiction for a time; prints the grant's id.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("as"), help: "The granting user (a leader of the jurisdiction, or an administrator).") var username: String
    @Option(help: "The power: summon_departments, approve_extensions, evaluate_departments, moderate_communities, reward_points.") var power: String
    @Option(help: "The body's organisation code, e.g. O-910101001.") var organisation: String
    @Option(help: "The region code it reaches (default: the body's own jurisdiction).") var jurisdiction: String?
    @Option(help: "In force from (ISO 8601; default now).") var from: String?
    @Option(help: "In force until (ISO 8601), at most 366 days after the start.") var until: String
    @Option(parsing: .unconditional, help: "Why (kept with the grant).") var reason: String

    func run() async throws {
        let service = try await database.openService()
        guard let user = try await service.store.user(username: username) else { throw ValidationError("--as: no user \(username)") }
        let now = Date()
        let start = try from.map { text in
            guard let date = ISOTime.parse(text) else { throw ValidationError("--from must be \(ISOTime.expectation)") }
            return date
        }
        guard let end = ISOTime.parse(until) else { throw ValidationError("--until must be \(ISOTime.expectation)") }
        let regions = Set(service.city.regions.map(\.code))
        let delegation = try DelegationRules.grant(DelegationRequest(power: power, organisationCode: organisation, jurisdiction: jurisdiction,
                                                                     validFrom: start, validUntil: end, reason: reason),
                                                   by: Caller(user: user), policy: .standard, organisations: service.city.organisations,
                                                   regionExists: regions.contains, at: now)
        let stored = try await service.store.addDelegation(delegation)
        Console.error("granted \(stored.power) to \(stored.organisationCode) in \(stored.jurisdiction?.rawValue ?? "the city") until \(ISOTime.format(stored.validUntil))")
        print(stored.id)
    }
}

struct DelegationList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list",
                                                    abstract: "Every grant as CSV: id, power, organisation, jurisdiction, from, until, status, granted by, reason, revoked at, revoked by, revocation reason.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        let names = Dictionary(try await store.users().map { ($0.id, $0.username) }, uniquingKeysWith: { a, _ in a })
        let now = Date()
        print("id,power,organisation_code,jurisdiction,valid_from,valid_until,status,granted_by,granted_at,reason,revoked_at,revoked_by,revocation_reason")
        for d in try await store.delegations() {
            let fields: [String] = [String(d.id), d.power.rawValue, d.organisationCode.rawValue, d.jurisdiction?.rawValue ?? "", ISOTime.format(d.validFrom),
                                    ISOTime.format(d.validUntil), d.status(at: now).rawValue, names[d.grantedBy] ?? String(d.grantedBy.rawValue),
                                    ISOTime.format(d.grantedAt), d.reason, d.revokedAt.map(ISOTime.format) ?? "",
                                    d.revokedBy.map { names[$0] ?? String($0.rawValue) } ?? "", d.revocationReason ?? ""]
            print(fields.map(CaseCSV.escape).joined(separator: ","))
        }
    }
}

struct DelegationRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a grant in force or scheduled, with a reason.")
    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("as"), help: "The revoking user (one who may grant it).") var username: String
    @Argument(help: "The grant's id.") var id: Int64
    @Option(parsing: .unconditional, help: "Why (kept with the grant).") var reason: String

    func run() async throws {
        let store = try database.openStore()
        guard let user = try await store.user(username: username) else { throw ValidationError("--as: no user \(username)") }
        guard let delegation = try await store.delegations().first(where: { $0.id == id }) else { throw ValidationError("no grant \(id)") }
        let revoked = try DelegationRules.revoke(delegation, by: Caller(user: user), reason: reason, policy: .standard, at: Date())
        _ = try await store.revokeDelegation(revoked)
        print("revoked grant \(id)")
    }
}
