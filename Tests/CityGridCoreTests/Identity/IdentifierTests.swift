import CityGridCore
import Foundation
import Testing

@Suite("Typed identifiers")
struct IdentifierTests {
    struct Holder: Codable, Equatable {
        var caseID: CaseID
        var userID: UserID?
        var organisation: OrganisationCode
        var byOrganisation: [OrganisationCode: Int]
    }

    @Test("ids code as their raw numbers and codes as their raw strings, and decode back")
    func rawCoding() throws {
        let value = Holder(caseID: CaseID(42), userID: UserID(7), organisation: "D-WATER", byOrganisation: ["D-WATER": 1])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(json == #"{"byOrganisation":{"D-WATER":1},"caseID":42,"organisation":"D-WATER","userID":7}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: Data(json.utf8)) == value)
        #expect(String(decoding: try encoder.encode([CaseID(1), CaseID(2)]), as: UTF8.self) == "[1,2]")
        #expect(try JSONDecoder().decode(UserID.self, from: Data("9".utf8)) == UserID(9))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseID.self, from: Data(#""9""#.utf8)) }
    }

    @Test("ordering, description and literals follow the raw value")
    func ordering() {
        #expect(CaseID(2) < CaseID(10))
        #expect([UserID(3), UserID(1), UserID(2)].sorted() == [1, 2, 3])
        #expect(OrganisationCode("D-ROADS") < OrganisationCode("D-WATER"))
        #expect(CaseID(17).description == "17" && "\(OrganisationCode("E-POWERGRID"))" == "E-POWERGRID")
        let literal: CaseID = 5
        #expect(literal.rawValue == 5)
        #expect(Set([CaseID(1), CaseID(1), CaseID(2)]).count == 2)
    }

    @Test("the system and an anonymous caller are explicit, never user 0")
    func noZeroSentinels() {
        #expect(Actor.system.principal == .system && Actor.system.userID == nil && Actor.system.role == .system)
        #expect(Caller.anonymous.userID == nil && Caller.anonymous.principal == .anonymous)
        let user = User(id: 3, username: "u", displayName: "U", role: .citizen)
        #expect(Caller(user: user).principal == .user(3) && Actor(user).userID == UserID(3))
        // An anonymous report has no reporter; the closing notice then goes to nobody.
        var value = Case(id: 1, number: "E01", category: CategoryCode("E0101")!, source: .hotline,
                         location: .init(lon: 116.4, lat: 39.9), chain: GridChain(grid: RegionCode("110105001001001")!),
                         description: "", reporterID: nil, reportedAt: Date(timeIntervalSince1970: 0))
        #expect(NotificationRecipients.mergedReporters(of: [value]).isEmpty)
        value.reporterID = 3
        #expect(NotificationRecipients.mergedReporters(of: [value]) == [.init(userID: 3, caseID: 1)])
        // The visibility of an anonymous caller's own reports is empty: nil never matches nil.
        #expect(!CaseVisibility(reporterID: nil).contains(Case(id: 2, number: "", category: value.category, source: .hotline,
                                                               location: value.location, chain: value.chain, description: "",
                                                               reporterID: nil, reportedAt: value.reportedAt)))
    }

    @Test("a stage log keeps 0 for the system in its storage text and reads it back as no user")
    func stageLogSystem() throws {
        var log = StageLog()
        log.record(.init(stage: "intake", actorID: nil, at: Date(timeIntervalSince1970: 1_790_000_000), dueAt: nil))
        log.record(.init(stage: "filing", actorID: 17, at: Date(timeIntervalSince1970: 1_790_000_100), dueAt: nil))
        #expect(log.text == "intake:0:1790000000:;filing:17:1790000100:")
        let back = try #require(StageLog(text: log.text))
        #expect(back["intake"]?.actorID == nil && back["filing"]?.actorID == UserID(17))
    }

    /// A sub-task's summoner keeps the stored form of before (a user's id, 0 for CityGrid itself), and
    /// one summoned by CityGrid is not taken for one recorded before summoners were (`nil`): only the
    /// summoning side may rate it.
    @Test func aSummonerIsStoredAsOneNumberAndTheSystemIsNotNobody() throws {
        for (principal, stored) in [(Principal.user(42), "42"), (.system, "0"), (.anonymous, "-1")] {
            let data = try JSONEncoder().encode(principal)
            #expect(String(decoding: data, as: UTF8.self) == stored)
            #expect(try JSONDecoder().decode(Principal.self, from: data) == principal)
        }
        var subtask = Subtask(departmentCode: "D-WATER", summonedAt: Date(timeIntervalSince1970: 0),
                              arrivalDeadline: Date(timeIntervalSince1970: 3600), disposalDeadline: Date(timeIntervalSince1970: 7200))
        subtask.summonedBy = .system
        let json = String(decoding: try JSONEncoder().encode(subtask), as: UTF8.self)
        #expect(json.contains("\"summoned_by\":0"))
        #expect(try JSONDecoder().decode(Subtask.self, from: Data(json.utf8)).summonedBy == .system)
    }
}
