import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `/api/v1/points/…`: the incentive points (激励积分) — a citizen's balance and entries, the public
/// leaderboard and rewards catalogue, redemptions, the review of held points, and the rules and
/// rewards an administrator manages. Every decision is the application layer's.
struct PointsController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("points/me", use: mine)
        group.get("points/leaderboard", use: leaderboard)
        group.get("points/rewards", use: rewards)
        group.post("points/rewards", use: putReward)
        group.post("points/redemptions", use: redeem)
        group.get("points/held", use: held)
        group.post("points/held/:id/review", use: review)
        group.get("points/rules", use: rules)
        group.post("points/rules", use: setRules)
    }

    struct EntryDTO: Encodable {
        var id: Int64
        var delta: Int
        var reason: String
        var reason_label: LocalizedText
        var case_id: Int64?
        var at: String
        var status: String
        var held_reason: String?
        var account: Int64?

        init(_ e: PointsEntry, withAccount: Bool = false) {
            id = e.id.rawValue
            delta = e.delta
            reason = e.reason.rawValue
            reason_label = e.reason.label
            case_id = e.caseID?.rawValue
            at = ISOTime.format(e.at)
            status = e.status.rawValue
            held_reason = e.heldReason
            account = withAccount ? e.account.rawValue : nil
        }
    }

    struct AccountDTO: Encodable {
        var balance: Int
        var entries: [EntryDTO]
    }

    struct RewardDTO: Codable {
        var code: String
        var name: LocalizedText
        var cost: Int
        var stock: Int
    }

    struct Redemption: Decodable {
        var reward: String
        var quantity: Int?
    }

    struct Review: Decodable {
        var release: Bool
    }

    struct RulesBody: Decodable {
        var rules: String
    }

    @Sendable func mine(_ request: Request, context: CityRequestContext) async throws -> Response {
        let after = try RequestInput.int(request, "after", default: 0, range: 0...Int.max)
        let view = try await application.myPoints(after: after == 0 ? nil : Int64(after), limit: try RequestInput.int(request, "limit", default: 50, range: 1...500),
                                                  for: context.caller)
        return try JSONIO.response(AccountDTO(balance: view.balance, entries: view.entries.map { EntryDTO($0) }))
    }

    @Sendable func leaderboard(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(try await application.pointsLeaderboard(region: RequestInput.query(request, "region"), period: RequestInput.query(request, "period"),
                                                                     limit: try RequestInput.int(request, "limit", default: 20, range: 1...500), for: context.caller))
    }

    @Sendable func rewards(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(try await application.rewardsCatalogue(for: context.caller).map { RewardDTO(code: $0.code, name: $0.name, cost: $0.cost, stock: $0.stock) })
    }

    @Sendable func putReward(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(RewardDTO.self, from: request)
        try await application.putReward(PointsReward(code: body.code, name: body.name, cost: body.cost, stock: body.stock), for: context.caller)
        return try JSONIO.response(body, status: .created)
    }

    @Sendable func redeem(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(Redemption.self, from: request)
        return try JSONIO.response(EntryDTO(try await application.redeem(reward: body.reward, quantity: body.quantity ?? 1, for: context.caller)), status: .created)
    }

    @Sendable func held(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(try await application.heldPoints(limit: try RequestInput.int(request, "limit", default: 100, range: 1...500), for: context.caller)
            .map { EntryDTO($0, withAccount: true) })
    }

    @Sendable func review(_ request: Request, context: CityRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw DomainError.invalidField("id", zh: "积分记录编号须为正整数", en: "A points entry id is a positive integer")
        }
        let body = try await RequestInput.decode(Review.self, from: request)
        return try JSONIO.response(EntryDTO(try await application.reviewPoints(id, release: body.release, for: context.caller), withAccount: true))
    }

    @Sendable func rules(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.text(try await application.pointsRules(for: context.caller), contentType: "application/json")
    }

    /// A rules file in the body (`rules`: its text), validated whole before it is set.
    @Sendable func setRules(_ request: Request, context: CityRequestContext) async throws -> Response {
        let body = try await RequestInput.decode(RulesBody.self, from: request, limit: BodyLimit.rules)
        try await application.setPointsRules(body.rules, for: context.caller)
        return JSONIO.text(try await application.pointsRules(for: context.caller), contentType: "application/json")
    }
}
