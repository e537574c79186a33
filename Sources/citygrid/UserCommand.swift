import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "List users and issue bearer tokens.",
                                                    subcommands: [UserToken.self, UserList.self, UserAdd.self, UserRevoke.self, UserPassword.self])
}

struct UserToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Issue a new bearer token for a user and print it (only its hash is stored).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The username.") var username: String
    @Option(parsing: .unconditional, help: "Days the token stays valid (1 to 3,650).") var days = 90

    func validate() throws {
        guard (1...3650).contains(days) else { throw ValidationError("--days must be 1 to 3,650") }
    }

    func run() async throws {
        print(try await database.openService().issueToken(username: username, days: days))
    }
}

struct UserList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users with their roles.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this role.") var role: String?

    func run() async throws {
        if let role, Role(rawValue: role) == nil { throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
        for user in try await database.openStore().users() where role == nil || user.role.rawValue == role {
            print("\(user.username)\t\(user.role.rawValue)\t\(user.organisationCode ?? "")\t\(user.jurisdiction?.rawValue ?? "city")\t\(user.displayName)")
        }
    }
}

struct UserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user with a role, an organisation and a jurisdiction.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The login name.") var username: String
    @Option(help: "The role: inspector, intake_operator, shift_leader, dispatcher, department_handler, leader, citizen, admin.") var role: String
    @Option(help: "The organisation's code (required for department handlers).") var organisation: OrganisationCode?
    @Option(help: "The region the user acts in (a 6-15 digit code); default: the whole city.") var jurisdiction: String?
    @Option(help: "The name shown to others.") var name: String?

    func run() async throws {
        guard let parsedRole = Role(rawValue: role), Role.userRoles.contains(parsedRole) else {
            throw ValidationError("--role must be one of inspector, intake_operator, shift_leader, dispatcher, department_handler, leader, citizen, admin")
        }
        guard !username.isEmpty, username.count <= 64, !username.contains(where: { $0.isWhitespace }) else {
            throw ValidationError("A username is 1 to 64 characters without spaces")
        }
        let store = try database.openStore()
        guard let city = try await store.loadCity() else { throw ValidationError("\(database.db) holds no city") }
        if let organisation, !city.organisations.contains(where: { $0.code == organisation }) {
            throw ValidationError("--organisation: no organisation \(organisation)")
        }
        if parsedRole == .departmentHandler, organisation == nil { throw ValidationError("A department handler needs --organisation") }
        var region: RegionCode?
        if let jurisdiction {
            guard let code = RegionCode(jurisdiction), city.regions.contains(where: { $0.code == code }) || city.grids.contains(where: { $0.code == code }) else {
                throw ValidationError("--jurisdiction: \(jurisdiction) is not a region of the city")
            }
            region = code
        }
        let user = try await store.addUser(NewUser(username: username, displayName: name ?? username, role: parsedRole,
                                                   organisationCode: organisation, jurisdiction: region))
        Console.error("Added \(user.username) (\(user.role.rawValue)), id \(user.id).")
    }
}

struct UserRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke every token of a user.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The username.") var username: String

    func run() async throws {
        let count = try await database.openService().revokeTokens(username: username)
        Console.error("Revoked \(count) token\(count == 1 ? "" : "s") of \(username).")
    }
}

struct UserPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password", abstract: "Set a user's web sign-in password, read from standard input (first line).",
        discussion: "The password (8 to 72 bytes) is stored only as a bcrypt hash; the user's failed sign-ins are cleared. Example: printf '%s\\n' 'a long secret' | citygrid user password --db city.sqlite inspector-01")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The username.") var username: String

    func run() async throws {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw DomainError(.invalid, code: "missing_password", field: "password", zh: "标准输入中没有密码：请输入一行密码",
                              en: "No password on standard input: pipe one line holding it")
        }
        try await database.openService().setPassword(username: username, password: line)
        Console.error("Password of \(username) set.")
    }
}
