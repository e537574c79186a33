import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The deviations of the closed loop over HTTP: evidence uploads, approvals, duplicates, return
/// visits and reopening, and the workflow definition.
@Suite struct ClosedLoopHTTPTests {
    typealias S = ServerTests

    static func post(_ client: some TestClientProtocol, _ uri: String, _ token: String?, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: uri, method: .post, headers: S.headers(token), body: ByteBuffer(string: body)) { ($0.status, S.json($0.body)) }
    }

    @Test func approvalsEvidenceDuplicatesVisitsAndReopening() async throws {
        try await S.withServer { ctx, client in
            let p = S.demo.city.grids[60].boundary.representativePoint
            let location = "\"location\":{\"lon\":\(p.lon),\"lat\":\(p.lat)}"
            var (status, body) = try await Self.post(client, "/api/v1/cases", ctx.tokens["citizen1"], "{\"category\":\"E0102\",\(location)}")
            let id = body["id"] as? Int ?? 0
            #expect(status == .created && body["light"] as? String == "green" && body["stage"] as? String == "intake")
            // A second report at the same place is flagged as a likely duplicate; intake merges it.
            (status, body) = try await Self.post(client, "/api/v1/cases", ctx.tokens["citizen2"], "{\"category\":\"E0102\",\(location)}")
            let child = body["id"] as? Int ?? 0
            #expect(body["likely_duplicate_of"] as? Int == id)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(child)/transitions", ctx.tokens["intake1"], "{\"action\":\"merge\",\"parent_case_id\":\(id)}")
            #expect(status == .ok && body["state"] as? String == "merged")
            try await client.execute(uri: "/api/v1/cases/\(id)/duplicates", method: .get, headers: S.headers(ctx.tokens["leader"])) {
                #expect(S.array($0.body).map { $0["id"] as? Int } == [child])
            }
            for (action, user) in [("accept", "intake1"), ("file", "shiftleader1"), ("dispatch", "dispatcher1")] {
                (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[user], "{\"action\":\"\(action)\"}")
                #expect(status == .ok)
            }
            let handler = "handler-" + (body["department_code"] as? String ?? "").lowercased()
            let deadline = body["deadline_at"] as? String
            // The handler is offered what it can do now, each action with the inputs it needs.
            try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: S.headers(ctx.tokens[handler])) { response in
                let case_ = S.json(response.body)
                let offers = (case_["actions"] as? [[String: Any]] ?? []).reduce(into: [String: [String]]()) { $0[$1["action"] as? String ?? ""] = $1["needs"] as? [String] }
                #expect(offers["request_extension"] == ["hours", "note"] && offers["dispose"] == ["evidence"] && offers["request_return"] == ["note"])
                #expect(offers["arrive"] == nil && offers["approve_extension"] == nil)
                #expect(Set(case_["available_actions"] as? [String] ?? []) == Set(offers.keys))
            }
            // An extension: the hours are required, the dispatcher approves, the deadline moves.
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler], "{\"action\":\"request_extension\",\"note\":\"需要吊车\"}")
            #expect(status == .badRequest && (body["error"] as? [String: Any])?["field"] as? String == "hours")
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler], "{\"action\":\"request_extension\",\"note\":\"需要吊车\",\"hours\":8}")
            #expect(status == .ok && body["pending_extension_hours"] as? Double == 8)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler], "{\"action\":\"approve_extension\"}")
            #expect(status == .forbidden)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["dispatcher1"], "{\"action\":\"approve_extension\"}")
            #expect(status == .ok && body["extension_count"] as? Int == 1 && body["deadline_at"] as? String != deadline)
            // Evidence: a photo uploaded, then named in the disposal.
            let photo = try await client.execute(uri: "/api/v1/media", method: .post, headers: [.authorization: "Bearer \(ctx.tokens[handler]!)", .contentType: "image/jpeg"],
                                                 body: ByteBuffer(bytes: MediaHTTPTests.jpeg)) { response in
                #expect(response.status == .created)
                return S.json(response.body)["attachment"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/media", method: .post, headers: [.authorization: "Bearer \(ctx.tokens[handler]!)", .contentType: "text/plain"],
                                     body: ByteBuffer(string: "x")) { #expect($0.status == .badRequest) }
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler],
                                                 "{\"action\":\"dispose\",\"attachments\":[\"ftp://nope\"]}")
            #expect(status == .badRequest)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler],
                                                 "{\"action\":\"dispose\",\"note\":\"已清运\",\"attachments\":[\"\(photo)\"]}")
            #expect(status == .ok)
            try await client.execute(uri: "/api/v1/media/\(photo.dropFirst(6))", method: .get, headers: S.headers(ctx.tokens["leader"])) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "image/jpeg" && response.body.readableBytes == MediaHTTPTests.strippedSize)
            }
            // The check fails once (rework), then passes; the case closes; the duplicate's reporter is told.
            let inspector = "inspector-" + S.demo.city.grids[60].code.ancestor(at: .community)!.rawValue
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[inspector], "{\"action\":\"check_fail\",\"note\":\"仍有残留\"}")
            #expect(status == .ok && body["rework_count"] as? Int == 1 && body["state"] as? String == "dispatched")
            (status, _) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[handler], "{\"action\":\"dispose\",\"note\":\"再次清运\"}")
            (status, _) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens[inspector], "{\"action\":\"check\"}")
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["shiftleader1"], "{\"action\":\"close\"}")
            #expect(status == .ok && body["state"] as? String == "closed" && body["light"] as? String == "none")
            try await client.execute(uri: "/api/v1/me/notifications", method: .get, headers: S.headers(ctx.tokens["citizen2"])) { response in
                #expect(S.array(response.body).map { $0["case_id"] as? Int } == [child])
            }
            // The return visit and the reporter's reopening.
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["citizen1"], "{\"action\":\"visit\",\"satisfaction\":\"so-so\"}")
            #expect(status == .badRequest)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["citizen2"], "{\"action\":\"visit\",\"satisfaction\":\"satisfied\"}")
            #expect(status == .notFound)
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["citizen1"],
                                                 "{\"action\":\"visit\",\"solved\":false,\"satisfaction\":\"dissatisfied\",\"note\":\"还是脏\"}")
            #expect(status == .ok && body["satisfaction"] as? String == "dissatisfied")
            (status, body) = try await Self.post(client, "/api/v1/cases/\(id)/transitions", ctx.tokens["citizen1"], "{\"action\":\"reopen\",\"note\":\"没有解决\"}")
            let created = body["created"] as? [[String: Any]] ?? []
            #expect(status == .ok && created.count == 1 && created.first?["reopened_from_id"] as? Int == id)
            try await client.execute(uri: "/api/v1/cases/\(id)/events", method: .get, headers: S.headers(ctx.tokens["leader"])) { response in
                let actions = S.array(response.body).compactMap { $0["action"] as? String }
                #expect(actions == ["report", "accept", "file", "dispatch", "request_extension", "approve_extension", "dispose", "check_fail",
                                    "dispose", "check", "close", "visit", "reopen"])
                #expect(S.array(response.body)[6]["attachments"] as? [String] == [photo])
            }
        }
    }

    @Test func theWorkflowDefinitionIsServed() async throws {
        try await S.withServer { _, client in
            try await client.execute(uri: "/api/v1/workflow", method: .get) { response in
                let body = S.json(response.body)
                #expect((body["actions"] as? [Any])?.count == WorkflowDefinition.standard.actionOrder.count)
                #expect(body["initial"] as? String == "reported")
            }
        }
    }
}
