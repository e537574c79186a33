import CityGridApplication
import CityGridCore
import CityGridServer
import CityGridService
import CityGridSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Deny by default: every route the controllers register has an explicit access entry, every entry
/// is served, and a route without one is refused.
@Suite struct RouteAccessTests {
    typealias S = ServerTests

    /// The routes registered in the server's sources (`group.get("cases/:id"` under /api/v1,
    /// `router.get("healthz"` at the root), as "METHOD /path/{param}".
    static func registeredRoutes() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CityGridServer")
        let pattern = try NSRegularExpression(pattern: #"\b(group|router)\.(get|post|put|delete|patch)\("([^"]*)""#)
        var routes = Set<String>()
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let owner = String(text[Range(match.range(at: 1), in: text)!])
                let method = String(text[Range(match.range(at: 2), in: text)!]).uppercased()
                var path = String(text[Range(match.range(at: 3), in: text)!])
                path = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                routes.insert("\(method) " + (owner == "router" ? "/" + path : "/api/v1/" + path))
            }
        }
        return routes
    }

    @Test func everyRegisteredRouteHasAnExplicitPolicy() throws {
        let routes = try Self.registeredRoutes()
        #expect(routes.count >= 29, "the scan found the controllers' routes")
        #expect(routes.subtracting(RouteAccess.table.keys).isEmpty, "routes without a policy: \(routes.subtracting(RouteAccess.table.keys).sorted())")
        #expect(Set(RouteAccess.table.keys).subtracting(routes).isEmpty, "policies for no route: \(Set(RouteAccess.table.keys).subtracting(routes).sorted())")
        for case .permission(let permission) in RouteAccess.table.values {
            #expect(AccessPolicy.standard.permissions.contains(permission), "some role holds \(permission)")
        }
    }

    @Test func theServerEnforcesTheTableAndRefusesUnlistedRoutes() async throws {
        try await S.withServer { context, client in
            // Every entry is served: an anonymous call to an open route is answered by its handler, to
            // any other it is asked to sign in.
            for (key, access) in RouteAccess.table {
                let parts = key.split(separator: " ")
                let uri = String(parts[1]).replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{code}", with: "910101")
                    .replacingOccurrences(of: "{name}", with: "standard")
                try await client.execute(uri: uri, method: HTTPRequest.Method(String(parts[0]))!) { r in
                    #expect(S.errorOf(r.body).code != "no_route_policy", "\(key)")
                    let path = String(parts[1])
                    if access == .open {
                    } else if RouteAccess.isPage(path), parts[0] == "GET" {
                        // A page sends the browser to sign in.
                        #expect(r.status == .seeOther && r.headers[.location]?.hasPrefix("/signin?next=") == true, "\(key): \(r.status)")
                    } else if RouteAccess.isPortal(path), parts[0] == "GET" {
                        // A citizen's page of the portal sends the browser to the portal's sign-in.
                        #expect(r.status == .seeOther && r.headers[.location]?.hasPrefix("/portal/signin?next=") == true, "\(key): \(r.status)")
                    } else if RouteAccess.isWebForm(path) {
                        // A form without its CSRF token is refused before anything else.
                        #expect(r.status == .forbidden && S.errorOf(r.body).code == "csrf_refused", "\(key): \(r.status)")
                    } else {
                        #expect(r.status == .unauthorized, "\(key) without a token: \(r.status)")
                    }
                }
            }
            // A citizen holds no analytics.read: refused before the handler.
            try await client.execute(uri: "/api/v1/analytics/trends?period=2026-10", method: .get, headers: S.headers(context.tokens["citizen1"])) { r in
                #expect(r.status == .forbidden && S.errorOf(r.body).code == "permission_denied")
            }
        }
        // The same server with one entry missing refuses that route.
        let folder = NSTemporaryDirectory() + "citygrid-routes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteCityStore(path: folder + "/c.sqlite")
        try await store.replaceCity(S.demo.city, users: S.demo.users, components: [])
        let service = try await CityService.open(store)
        var table = RouteAccess.table
        table["GET /api/v1/city"] = nil
        let router = try CityGridServer.buildRouter(application: try await CityApplication.make(service: service), access: table)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/v1/city", method: .get) { r in
                #expect(r.status == .forbidden && S.errorOf(r.body).code == "no_route_policy")
            }
            try await client.execute(uri: "/api/v1/catalogue", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}
