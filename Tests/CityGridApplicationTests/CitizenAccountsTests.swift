import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// Collects the one-time codes the application sends (the test's ``OneTimeCodeSender``).
final class CollectingCodeSender: OneTimeCodeSender {
    let sent = Shared<[OneTimeCodeMessage]>([])
    func send(_ message: OneTimeCodeMessage) async throws { sent.update { $0.append(message) } }
    var last: OneTimeCodeMessage? { sent.get.last }
}

/// A sender whose gateway is down.
struct FailingCodeSender: OneTimeCodeSender {
    struct Down: Error {}
    func send(_ message: OneTimeCodeMessage) async throws { throw Down() }
}

/// Citizens' accounts: registration and sign-in with a one-time code, the refusals of bad input
/// naming their field, and the report page's place with routing's proposed body.
@Suite struct CitizenAccountsTests {
    func refusal(_ body: () async throws -> Void) async -> DomainError? {
        do { try await body(); return nil } catch let error as DomainError { return error } catch { return nil }
    }

    @Test func aFirstCodeRegistersTheCitizenAndASecondSignsThemIn() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application, sender = CollectingCodeSender()
        let t0 = Date()
        let sent = try await app.sendSignInCode(to: "138 0013 8000", via: sender, at: t0)
        #expect(sent.contact.value == "+8613800138000" && sent.contact.masked == "138****8000")
        let message = try #require(sender.last)
        #expect(message.code.count == 6 && message.text.zh.contains(message.code) && message.text.en.contains(message.code))
        #expect(message.expiresAt == t0.addingTimeInterval(600))

        let first = try await app.verifySignInCode(contact: "+86 138-0013-8000", code: message.code, at: t0.addingTimeInterval(30))
        #expect(first.created)
        let user = try #require(first.session.caller.user)
        #expect(user.role == .citizen && user.grants.count == 1 && user.displayName == "138****8000")
        #expect(user.username.hasPrefix("citizen-") && !user.username.contains("13800138000"))
        // The session is a real one: its token authenticates the citizen, its contact is theirs alone.
        #expect(try await app.caller(bearerToken: first.session.token).user == user)
        #expect(try await app.ownContact(of: first.session.caller)?.value == "+8613800138000")
        #expect(try await app.ownContact(of: fixture.caller(role: .inspector)) == nil)
        // Used up: the same code again is refused.
        let reused = await refusal { _ = try await app.verifySignInCode(contact: "13800138000", code: message.code, at: t0.addingTimeInterval(40)) }
        #expect(reused?.code == "code_missing" && reused?.field == "code")

        // A minute later a new code signs the same citizen in, with a new session.
        _ = try await app.sendSignInCode(to: "13800138000", via: sender, at: t0.addingTimeInterval(61))
        let second = try await app.verifySignInCode(contact: "13800138000", code: try #require(sender.last).code, at: t0.addingTimeInterval(70))
        #expect(!second.created && second.session.caller.user == user && second.session.token != first.session.token)
        // An e-mail address is another account.
        _ = try await app.sendSignInCode(to: "Someone@Example.COM", via: sender, at: t0)
        let mail = try await app.verifySignInCode(contact: "someone@example.com", code: try #require(sender.last).code, at: t0)
        #expect(mail.created && mail.session.caller.user?.displayName == "s***@example.com" && mail.session.caller.user != user)
    }

    @Test func badContactsAndCodesAreRefusedNamingTheirField() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application, sender = CollectingCodeSender()
        for contact in ["", "12345", "1380013800", "23800138000", "12800138000", "138001380001", "a@b", "@example.com", "a b@example.com",
                        "x@example..com", "１３８００１３８０００"] {
            let error = await refusal { _ = try await app.sendSignInCode(to: contact, via: sender) }
            #expect(error?.code == "invalid_contact" && error?.field == "contact" && error?.kind == .invalid, "\(contact)")
            #expect(error.map { !$0.message.zh.isEmpty && !$0.message.en.isEmpty } == true)
        }
        #expect(sender.sent.get.isEmpty)
        let t0 = Date()
        _ = try await app.sendSignInCode(to: "13900139000", via: sender, at: t0)
        let code = try #require(sender.last).code
        // Too soon for another code; the first still holds.
        let soon = await refusal { _ = try await app.sendSignInCode(to: "13900139000", via: sender, at: t0.addingTimeInterval(10)) }
        #expect(soon?.code == "code_too_soon" && soon?.kind == .tooManyRequests && soon?.retryAfter == 50)
        let malformed = await refusal { _ = try await app.verifySignInCode(contact: "13900139000", code: "12a456", at: t0) }
        #expect(malformed?.code == "invalid_code" && malformed?.field == "code")
        let wrongCode = code == "000000" ? "111111" : "000000"
        let wrong = await refusal { _ = try await app.verifySignInCode(contact: "13900139000", code: wrongCode, at: t0) }
        #expect(wrong?.code == "code_wrong" && wrong?.field == "code" && wrong?.message.en.contains("4 more tries") == true)
        // Expired after 10 minutes, even the right code.
        let expired = await refusal { _ = try await app.verifySignInCode(contact: "13900139000", code: code, at: t0.addingTimeInterval(601)) }
        #expect(expired?.code == "code_expired" && expired?.field == "code")
        let none = await refusal { _ = try await app.verifySignInCode(contact: "13700137000", code: "123456", at: t0) }
        #expect(none?.code == "code_missing")
        // A gateway that fails: 503, naming the contact.
        let down = await refusal { _ = try await app.sendSignInCode(to: "13600136000", via: FailingCodeSender(), at: t0) }
        #expect(down?.code == "code_not_sent" && down?.kind == .unavailable && down?.field == "contact")
    }

    @Test func fiveWrongCodesVoidTheCode() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application, sender = CollectingCodeSender()
        _ = try await app.sendSignInCode(to: "a@example.com", via: sender)
        let code = try #require(sender.last).code
        let wrongCode = code == "000000" ? "111111" : "000000"
        var codes: [String?] = []
        for _ in 0..<5 { codes.append(await refusal { _ = try await app.verifySignInCode(contact: "a@example.com", code: wrongCode) }?.code) }
        #expect(codes == ["code_wrong", "code_wrong", "code_wrong", "code_wrong", "code_voided"])
        let after = await refusal { _ = try await app.verifySignInCode(contact: "a@example.com", code: code) }
        #expect(after?.code == "code_missing")
    }

    @Test func theReportPlaceNamesTheGridAndRoutingsBody() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application
        let grid = try #require(app.city.grids.first)
        let point = grid.boundary.representativePoint
        let bare = try app.reportPlace(at: point, category: nil)
        #expect(bare.place.grid.code == grid.code && bare.body == nil && bare.category == nil)
        let placed = try app.reportPlace(at: point, category: "E0102")
        #expect(placed.category?.code.rawValue == "E0102")
        // The body a dispatcher is offered first for such a case there: routing's proposal.
        let code = try #require(CategoryCode("E0102"))
        let entry = try #require(app.city.catalogue[code])
        let expected = app.current.service.machine.environment.routing.route(entry, grid: grid.code)
        #expect(placed.body?.code == expected && expected != nil)
        let malformed = await refusal { _ = try app.reportPlace(at: point, category: "X01") }
        #expect(malformed?.field == "category")
        let unknown = await refusal { _ = try app.reportPlace(at: point, category: "E0999") }
        #expect(unknown?.field == "category" && unknown?.kind == .notFound)
        let outside = await refusal { _ = try app.reportPlace(at: GeoPoint(lon: 0, lat: 0), category: "E0102") }
        #expect(outside?.code == "outside_city")
    }
}
