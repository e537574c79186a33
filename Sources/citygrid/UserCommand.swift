import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "List users and issue bearer tokens.",
                                                    subcommands: [UserToken.self, UserList.self])
}

struct UserToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Issue a new bearer token for a user and print it (only its hash is stored).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The username.") var username: String

    func run() async throws {
        print(try await database.openService().issueToken(username: username))
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
