import CityGridApplication
import CityGridCore
import CityGridGeometry
@testable import CityGridServer
import Foundation
import Testing

/// The API's case JSON with typed identifiers: ids are still JSON numbers, organisation codes still
/// strings, an anonymous reporter still `0` (the shape the API had with bare `Int64` and `String`).
@Suite struct CaseJSONShapeTests {
    @Test func idsAndCodesKeepTheirJSONForm() throws {
        var value = Case(id: 7, number: "E01022026112900007", category: CategoryCode("E0102")!, source: .hotline,
                         location: GeoPoint(lon: 116.4, lat: 39.9), chain: GridChain(grid: RegionCode("110105001001001")!),
                         description: "anonymous", reporterID: nil, reportedAt: Date(timeIntervalSince1970: 1_790_000_000))
        value.departmentCode = "D-WATER"
        value.parentCaseID = 3
        value.likelyDuplicateOf = 3
        var subtask = Subtask(departmentCode: "D-ROADS", summonedAt: value.reportedAt, arrivalDeadline: value.reportedAt, disposalDeadline: value.reportedAt)
        subtask.summonedBy = .user(12)
        subtask.summonerOrganisation = "CENTRE"
        value.subtasks = [subtask]
        let offer = ActionOffer(action: .dispatch, label: LocalizedText(zh: "派遣", en: "Dispatch"), needs: [.department], bodies: ["D-WATER", "D-ROADS"])
        let view = CaseView(value: value, categoryName: nil, stateLabel: LocalizedText(zh: "上报", en: "Reported"), offers: [offer])
        let data = try JSONRendering.encoder.encode(CaseDTO(view, now: value.reportedAt))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["id"] as? Int == 7)
        #expect(json["reporter_id"] as? Int == 0, "an anonymous report shows reporter 0, as before")
        #expect(json["department_code"] as? String == "D-WATER")
        #expect(json["parent_case_id"] as? Int == 3 && json["likely_duplicate_of"] as? Int == 3)
        #expect(json.keys.contains("reopened_from_id") == false || json["reopened_from_id"] is NSNull)
        let sub = try #require((json["subtasks"] as? [[String: Any]])?.first)
        #expect(sub["department_code"] as? String == "D-ROADS" && sub["summoned_by"] as? Int == 12 && sub["summoner_organisation"] as? String == "CENTRE")
        let action = try #require((json["actions"] as? [[String: Any]])?.first)
        #expect(action["bodies"] as? [String] == ["D-WATER", "D-ROADS"])
        // The raw text: numbers unquoted, codes quoted.
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""id":7"#) && text.contains(#""reporter_id":0"#) && text.contains(#""department_code":"D-WATER""#))
    }
}
