import ArgumentParser
import CityGridCore
import CityGridService
import CityGridStore
import Foundation

/// `citygrid points`: the incentive points ledger (激励积分) — export, balances, rules, rewards, and a
/// catch-up of the awarding.
struct PointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points", abstract: "The incentive points ledger (激励积分): export, balances, rules, rewards.",
        subcommands: [PointsExport.self, PointsBalances.self, PointsRulesCommand.self, PointsRewardCommand.self, PointsCatchUp.self])
}

struct PointsExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the ledger as CSV: entry_id,account,delta,reason,case_id,at.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try database.openStore()
        print("entry_id,account,delta,reason,case_id,at")
        var after: PointsEntryID?
        while true {
            let page = try await store.pointsEntries(account: nil, after: after, limit: 5000)
            for e in page {
                print("\(e.id.rawValue),\(e.account.rawValue),\(e.delta),\(CaseCSV.escape(e.reason.rawValue)),\(e.caseID.map { "\($0.rawValue)" } ?? ""),\(ISOTime.format(e.at))")
            }
            guard let last = page.last, page.count == 5000 else { break }
            after = last.id
        }
    }
}

struct PointsBalances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "balances", abstract: "Write every account's balance as CSV: account,balance.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        print("account,balance")
        for b in try await database.openStore().pointsBalances() { print("\(b.account.rawValue),\(b.points)") }
    }
}

struct PointsRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Print the points rules in force, or set them from a file (--file).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "A rules file (JSON) to validate and set.") var file: String?

    func run() async throws {
        let store = try database.openStore()
        guard let file else {
            print(try await store.pointsRulesJSON() ?? PointsRules.standardJSON)
            return
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file)") }
        do { _ = try PointsRulesFile.parse(data) } catch { throw ValidationError("\(file): \(error)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8") }
        try await store.setPointsRulesJSON(text)
        print("Points rules set from \(file) / 积分规则已更新")
    }
}

struct PointsRewardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reward", abstract: "The rewards catalogue: add (or replace) and list.",
                                                    subcommands: [PointsRewardAdd.self, PointsRewardList.self])
}

struct PointsRewardAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a reward, or replace the one with the same code.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The reward's code (letters, digits, - or _).") var code: String
    @Option(name: .customLong("name-zh"), help: "Its Chinese name.") var nameZh: String
    @Option(name: .customLong("name-en"), help: "Its English name.") var nameEn: String
    @Option(help: "Its cost in points.") var cost: Int
    @Option(help: "How many there are.") var stock: Int

    func run() async throws {
        let reward = PointsReward(code: code, name: LocalizedText(zh: nameZh, en: nameEn), cost: cost, stock: stock)
        do { try reward.validate() } catch { throw ValidationError("\(error)") }
        try await database.openStore().putReward(reward)
        print("\(code)\t\(cost)\t\(stock)")
    }
}

struct PointsRewardList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rewards: code, cost, stock, names.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        for r in try await database.openStore().rewards() { print("\(r.code)\t\(r.cost)\t\(r.stock)\t\(r.name.zh)\t\(r.name.en)") }
    }
}

struct PointsCatchUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "award",
                                                    abstract: "Catch up with the change log: write the points the cases earned since the saved cursor (what `serve` does as it runs).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let follower = try await PointsAwarder(store: try database.openStore()).follower()
        let delivered = try await follower.poll()
        print("\(delivered) changes read; cursor \(follower.cursor)")
    }
}
