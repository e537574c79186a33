import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The public view never carries a personal field: cases reported anonymously with a contact, by an
/// outside client, and by a signed-in citizen, then stepped by staff with internal notes, are looked
/// for through every open route of the server (JSON API, Open311 in both formats with extensions, the
/// landing page), and none of the reporter's name, phone, e-mail, account, device or description,
/// nor the staff's names or notes, appears in any answer.
@Suite struct PublicViewPrivacyTests {
    typealias S = ServerTests

    @Test func noOpenRouteShowsAPersonalField() async throws {
        try await S.withServer { context, client in
            let application = try await CityApplication.make(service: context.service)
            let point = S.demo.city.grids[20].boundary.representativePoint
            let secrets = ["13987654321", "private.person@example.org", "Xiaoming", "Wangwu-Surname", "acct-7788", "device-4455", "kitchen-window-secret",
                           "internal-note-abc"]
            let anonymous = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "kitchen-window-secret",
                                    answers: [:], contact: ReporterContact(firstName: "Xiaoming", lastName: "Wangwu-Surname", phone: "13987654321",
                                                                           email: "private.person@example.org", accountID: "acct-7788"),
                                    deviceID: "device-4455"), from: .portal(.anonymous))
            let (_, key) = try await context.service.createApiKey(name: "privacy-client", channel: .open311)
            let client311 = try await application.apiClient(key: key)
            let viaClient = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "kitchen-window-secret",
                                    contact: ReporterContact(phone: "13987654321", email: "private.person@example.org"), deviceID: "device-4455"),
                from: .client(client311))
            let citizen = try #require(S.demo.users.first { $0.grants.contains { $0.role == .citizen } })
            let signedIn = try await application.reportFromPublic(
                PublicReportRequest(category: "E0102", location: point, description: "kitchen-window-secret"), from: .portal(Caller(user: citizen)))
            // Staff step the cases with an internal note.
            let intake = try #require(S.demo.users.first { user in
                user.grants.contains { $0.role == .intakeOperator && ($0.jurisdiction.map { anonymous.grid.rawValue.hasPrefix($0.rawValue) } ?? true) }
            })
            for id in [anonymous.id, viaClient.id, signedIn.id] {
                _ = try await application.act(on: id, StepRequest(action: "accept", note: "internal-note-abc"), by: Caller(user: intake))
            }
            let staffNames = [intake.displayName, intake.username, citizen.displayName, citizen.username]
            var uris: [String] = []
            for (key, access) in RouteAccess.table where access == .open && key.hasPrefix("GET ") && !key.contains("**") {
                let path = String(key.dropFirst(4))
                for id in [anonymous.id, viaClient.id, signedIn.id] {
                    uris.append(path.replacingOccurrences(of: "{id}", with: id.description + (path.hasPrefix("/open311") ? ".json" : ""))
                        .replacingOccurrences(of: "{code}", with: path.hasPrefix("/open311") ? "E0102.json" : anonymous.grid.rawValue)
                        .replacingOccurrences(of: "{token}", with: anonymous.number + ".json")
                        .replacingOccurrences(of: "{name}", with: "standard"))
                }
            }
            let ids = [anonymous.id, viaClient.id, signedIn.id].map(\.description).joined(separator: ",")
            uris += ["/open311/v2/requests.json?extensions=true", "/open311/v2/requests.xml?extensions=true",
                     "/open311/v2/requests.json?service_request_id=\(ids)&extensions=true", "/open311/v2/requests/\(anonymous.id).xml?extensions=true",
                     "/open311/v2/servicerequestupdates.json", "/open311/v2/servicerequestupdates.xml"]
            var read = 0
            for uri in Set(uris).sorted() {
                try await client.execute(uri: uri, method: .get) { r in
                    let text = String(buffer: r.body)
                    if r.status == .ok { read += 1 }
                    for secret in secrets + staffNames where !secret.isEmpty {
                        #expect(!text.contains(secret), "\(uri) shows \(secret)")
                    }
                }
            }
            #expect(read >= 20, "the walk read the open routes: \(read)")
            // Open data: every case as a CSV row, the three among them.
            var csv = OpenDataCSV.header
            for try await batch in application.openData(batchSize: 500) { for view in batch { csv += OpenDataCSV.row(view) } }
            for id in [anonymous.id, viaClient.id, signedIn.id] { #expect(csv.contains("\n\(id.description),")) }
            for secret in secrets + staffNames where !secret.isEmpty { #expect(!csv.contains(secret), "open data shows \(secret)") }
            // And the cases are there to be found: the list holds all three.
            try await client.execute(uri: "/open311/v2/requests.json?service_request_id=\(ids)", method: .get) { r in
                #expect(S.array(r.body).count == 3)
            }
        }
    }
}
