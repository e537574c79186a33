import ArgumentParser
import CityGridCore
import CityGridService
import Foundation

/// Outside clients' keys (接口密钥) for Open311 and other systems that report for the public.
struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Make, list and revoke outside clients' API keys (Open311).",
                                                    subcommands: [ApiKeyCreate.self, ApiKeyList.self, ApiKeyRevoke.self])
}

struct ApiKeyCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create",
                                                    abstract: "Make a key for a client and print it on the last line (only its hash is stored).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The client's name: letters, digits, - _ . (up to 64).") var name: String
    @Option(help: "The channel its reports come in on: open311, hotline, citizen_app or sensor.") var channel = "open311"

    func run() async throws {
        guard let source = CaseSource(rawValue: channel) else {
            throw ValidationError("--channel must be open311, hotline, citizen_app or sensor")
        }
        let (key, secret) = try await database.openService().createApiKey(name: name, channel: source)
        print("client \(key.name) (id \(key.id)), channel \(key.channel.rawValue); the key, shown only now:")
        print(secret)
    }
}

struct ApiKeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the clients and whether their key is live.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        for key in try await database.openStore().apiKeys() {
            print("\(key.id)\t\(key.name)\t\(key.channel.rawValue)\t\(ISOTime.format(key.createdAt))\t\(key.revokedAt.map { "revoked " + ISOTime.format($0) } ?? "live")")
        }
    }
}

struct ApiKeyRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a client's key (servers stop taking it within 5 seconds).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The client's name.") var name: String

    func run() async throws {
        try await database.openService().revokeApiKey(name: name)
        print("revoked the key of \(name)")
    }
}
