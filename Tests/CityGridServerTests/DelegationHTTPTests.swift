import CityGridApplication
import CityGridCore
import CityGridServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Delegated authority over HTTP: a district leader grants a subdistrict office the power to approve
/// extensions; its staff then approve one on a case of the subdistrict (not of another), and lose the
/// power when it is revoked; every bad grant is refused naming its field; who may read which grants.
@Suite struct DelegationHTTPTests {
    typealias S = ServerTests
    typealias W = WorkbenchPageTests

    static func post(_ client: some TestClientProtocol, _ uri: String, _ token: String?, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: S.headers(token), body: ByteBuffer(string: body)) { ($0.status, S.json($0.body)) }
    }

    /// A case reported in `grid`, filed, dispatched and asked to be extended by its body.
    static func extensionRequested(_ client: some TestClientProtocol, _ ctx: S.Context, in grid: UnitGrid) async throws -> Int {
        let id = try await W.report(client, ctx, grid)
        try await W.step(client, ctx, id, "accept", "intake1")
        try await W.step(client, ctx, id, "file", "shiftleader1")
        let department = try #require(try await W.step(client, ctx, id, "dispatch", "dispatcher1")["department_code"] as? String)
        try await W.step(client, ctx, id, "request_extension", "handler-" + department.lowercased(), extra: ",\"hours\":8,\"note\":\"需要更多时间\"")
        return id
    }

    @Test func aGrantedPowerIsUsedInItsJurisdictionOnlyAndEndsWhenRevoked() async throws {
        try await S.withServer { ctx, client in
            let city = S.demo.city
            // Two subdistricts of one district.
            let subdistricts = city.regions.filter { $0.level == .subdistrict }
            let subdistrict = try #require(subdistricts.first { one in subdistricts.contains { $0.code != one.code && $0.code.ancestor(at: .district) == one.code.ancestor(at: .district) } })
            let district = try #require(subdistrict.code.ancestor(at: .district))
            let sibling = try #require(subdistricts.first { $0.code != subdistrict.code && $0.code.ancestor(at: .district) == district })
            // An inspector of the subdistrict office (staff of the body the power goes to).
            let staff = try #require(S.demo.users.first { $0.role == .inspector && $0.organisationCode?.rawValue == "O-\(subdistrict.code)" })
            let leader = "leader-\(district)"
            let inside = try await Self.extensionRequested(client, ctx, in: try #require(city.grids.first { subdistrict.code.contains($0.code) }))
            let outside = try await Self.extensionRequested(client, ctx, in: try #require(city.grids.first { sibling.code.contains($0.code) }))
            let approve = "{\"action\":\"approve_extension\"}"

            // Before any grant: the inspector cannot approve.
            var (status, body) = try await Self.post(client, "/api/v1/cases/\(inside)/transitions", ctx.tokens[staff.username], approve)
            #expect(status == .forbidden || status == .notFound, "\(body)")

            // Bad grants: each refused naming its field, nothing stored.
            let until = ISOTime.format(Date().addingTimeInterval(7 * 86_400))
            for (grant, field, expected) in [
                ("{\"power\":\"fly\",\"organisation_code\":\"O-\(subdistrict.code)\",\"valid_until\":\"\(until)\",\"reason\":\"r\"}", "power", HTTPResponse.Status.badRequest),
                ("{\"power\":\"approve_extensions\",\"organisation_code\":\"O-\(subdistrict.code)\",\"valid_until\":\"tomorrow\",\"reason\":\"r\"}", "valid_until", .badRequest),
                ("{\"power\":\"approve_extensions\",\"organisation_code\":\"O-\(subdistrict.code)\",\"valid_until\":\"\(until)\"}", "reason", .badRequest),
                ("{\"power\":\"approve_extensions\",\"organisation_code\":\"O-\(subdistrict.code)\",\"jurisdiction\":\"\(city.regions.first { $0.level == .district && $0.code != district }!.code)\",\"valid_until\":\"\(until)\",\"reason\":\"r\"}", "jurisdiction", .forbidden),
                ("{\"power\":\"approve_extensions\",\"organisation_code\":\"O-NOWHERE\",\"valid_until\":\"\(until)\",\"reason\":\"r\"}", "organisation_code", .badRequest),
            ] {
                (status, body) = try await Self.post(client, "/api/v1/delegations", ctx.tokens[leader], grant)
                #expect(status == expected && (body["error"] as? [String: Any])?["field"] as? String == field, "\(grant): \(body)")
            }
            // Granting needs delegation.grant: an inspector is refused by the route.
            (status, _) = try await Self.post(client, "/api/v1/delegations", ctx.tokens[staff.username],
                                              "{\"power\":\"approve_extensions\",\"organisation_code\":\"O-\(sibling.code)\",\"valid_until\":\"\(until)\",\"reason\":\"r\"}")
            #expect(status == .forbidden)

            (status, body) = try await Self.post(client, "/api/v1/delegations", ctx.tokens[leader],
                                                 "{\"power\":\"approve_extensions\",\"organisation_code\":\"O-\(subdistrict.code)\",\"valid_until\":\"\(until)\",\"reason\":\"汛期延期审批下放 flood season\"}")
            #expect(status == .created, "\(body)")
            let id = try #require(body["id"] as? Int)
            #expect(body["status"] as? String == "active" && body["jurisdiction"] as? String == subdistrict.code.rawValue && body["granted_by"] as? String != nil)

            // In force: the power's step is offered and taken on the subdistrict's case, as the power.
            try await client.execute(uri: "/api/v1/cases/\(inside)", method: .get, headers: S.headers(ctx.tokens[staff.username])) { r in
                #expect(r.status == .ok)
                #expect((S.json(r.body)["available_actions"] as? [String])?.contains("approve_extension") == true, "\(String(buffer: r.body))")
            }
            (status, body) = try await Self.post(client, "/api/v1/cases/\(outside)/transitions", ctx.tokens[staff.username], approve)
            #expect(status == .forbidden || status == .notFound, "outside the granted jurisdiction: \(body)")
            (status, body) = try await Self.post(client, "/api/v1/cases/\(inside)/transitions", ctx.tokens[staff.username], approve)
            #expect(status == .ok && body["state"] as? String == "dispatched", "\(body)")
            let events = try await ctx.service.store.events(caseID: CaseID(Int64(inside)))
            #expect(events.last?.action == .approveExtension && events.last?.role == DelegatedPower.approveExtensions && events.last?.actorID == staff.id)

            // Who reads the grant: the grantor's level and the body's staff; not another office's staff.
            let other = try #require(S.demo.users.first { $0.role == .inspector && $0.organisationCode?.rawValue == "O-\(sibling.code)" })
            for (username, sees) in [(leader, true), (staff.username, true), ("admin", true), (other.username, false)] {
                try await client.execute(uri: "/api/v1/delegations?in_force=true", method: .get, headers: S.headers(ctx.tokens[username])) { r in
                    #expect(r.status == .ok)
                    let ids = (S.json(r.body)["delegations"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    #expect(ids.contains(id) == sees, "\(username) reading the grants")
                }
            }
            try await client.execute(uri: "/api/v1/delegations", method: .get, headers: S.headers(ctx.tokens["citizen1"])) { r in #expect(r.status == .forbidden) }

            // Revoked: the power is gone at once, the grant stays in the history with who, when and why.
            (status, body) = try await Self.post(client, "/api/v1/delegations/\(id)/revoke", ctx.tokens[leader], "{}")
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "reason")
            (status, body) = try await Self.post(client, "/api/v1/delegations/\(id)/revoke", ctx.tokens[leader], "{\"reason\":\"汛期结束 season over\"}")
            #expect(status == .ok && body["status"] as? String == "revoked" && body["revocation_reason"] as? String == "汛期结束 season over")
            (status, _) = try await Self.post(client, "/api/v1/delegations/\(id)/revoke", ctx.tokens[leader], "{\"reason\":\"again\"}")
            #expect(status == .conflict)
            let again = try await Self.extensionRequested(client, ctx, in: try #require(city.grids.first { subdistrict.code.contains($0.code) }))
            (status, body) = try await Self.post(client, "/api/v1/cases/\(again)/transitions", ctx.tokens[staff.username], approve)
            #expect(status == .forbidden || status == .notFound, "after revocation: \(body)")
            try await client.execute(uri: "/api/v1/delegations", method: .get, headers: S.headers(ctx.tokens[leader])) { r in
                let listed = (S.json(r.body)["delegations"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == id }
                #expect(listed?["status"] as? String == "revoked" && listed?["reason"] as? String == "汛期延期审批下放 flood season")
            }
        }
    }
}
