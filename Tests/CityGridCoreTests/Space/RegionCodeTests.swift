import CityGridCore
import Foundation
import Testing

@Suite("RegionCode")
struct RegionCodeTests {
    @Test("valid codes of 6, 9, 12 and 15 digits have the level their length gives", arguments: [
        ("910101", RegionLevel.district),
        ("910101001", .subdistrict),
        ("910101001001", .community),
        ("910101001001001", .grid),
        ("110105003012999", .grid),
    ])
    func validCodes(text: String, level: RegionLevel) throws {
        let code = try #require(RegionCode(text))
        #expect(code.rawValue == text)
        #expect(code.level == level)
        #expect(code.description == text)
    }

    @Test("parses any StringProtocol, e.g. a Substring")
    func parsesSubstring() throws {
        let text = "x910101001x"
        let code = try #require(RegionCode(text.dropFirst().dropLast()))
        #expect(code.rawValue == "910101001")
        #expect(code.level == .subdistrict)
    }

    @Test("refuses lengths other than 6, 9, 12, 15", arguments: [
        "", "9", "91010", "9101010", "91010100", "9101010010", "91010100100", "9101010010010",
        "91010100100100", "9101010010010010", "910101001001001001",
    ])
    func refusesOtherLengths(text: String) {
        #expect(RegionCode(text) == nil)
    }

    @Test("refuses anything but ASCII digits", arguments: [
        "91010a", "9101 1", "-91010", "+91010", "910101001001 01", "91010１", "９１０１０１", "910.01",
    ])
    func refusesNonDigits(text: String) {
        #expect(RegionCode(text) == nil)
    }

    @Test("refuses an all-zero part", arguments: [
        "000000", "000000001", "910101000", "910101000001", "910101001000", "910101001001000", "910101000001001",
    ])
    func refusesAllZeroParts(text: String) {
        #expect(RegionCode(text) == nil)
    }

    @Test("zeros inside a part are fine")
    func zerosInsideParts() {
        #expect(RegionCode("100000")?.rawValue == "100000")
        #expect(RegionCode("100000100")?.rawValue == "100000100")
        #expect(RegionCode("910101010100001")?.level == .grid)
    }

    @Test("ancestor(at:) reads the prefix of each level above")
    func ancestors() {
        let grid = region("910101002003004")
        #expect(grid.ancestor(at: .district) == region("910101"))
        #expect(grid.ancestor(at: .subdistrict) == region("910101002"))
        #expect(grid.ancestor(at: .community) == region("910101002003"))
        #expect(grid.ancestor(at: .grid) == nil)
        #expect(grid.ancestor(at: .city) == nil)
        let subdistrict = region("910101002")
        #expect(subdistrict.ancestor(at: .district) == region("910101"))
        #expect(subdistrict.ancestor(at: .subdistrict) == nil)
        #expect(subdistrict.ancestor(at: .community) == nil)
        #expect(region("910101").ancestor(at: .district) == nil)
    }

    @Test("chain runs from the district down to the code itself")
    func chain() {
        #expect(region("910101002003004").chain.map(\.rawValue) == ["910101", "910101002", "910101002003", "910101002003004"])
        #expect(region("910101002003").chain.map(\.rawValue) == ["910101", "910101002", "910101002003"])
        #expect(region("910101002").chain.map(\.rawValue) == ["910101", "910101002"])
        #expect(region("910101").chain.map(\.rawValue) == ["910101"])
    }

    @Test("contains: itself and everything below, nothing beside or above")
    func contains() {
        let district = region("910101")
        let subdistrict = region("910101002")
        let grid = region("910101002003004")
        #expect(district.contains(district))
        #expect(district.contains(subdistrict))
        #expect(district.contains(grid))
        #expect(subdistrict.contains(grid))
        #expect(grid.contains(grid))
        #expect(!grid.contains(subdistrict))
        #expect(!subdistrict.contains(district))
        #expect(!region("910102").contains(grid))
        #expect(!region("910101001").contains(grid))
        #expect(!region("910101002003005").contains(grid))
    }

    @Test("child appends a three-digit serial 1...999")
    func child() {
        let district = region("910101")
        #expect(district.child(1)?.rawValue == "910101001")
        #expect(district.child(42)?.rawValue == "910101042")
        #expect(district.child(999)?.rawValue == "910101999")
        #expect(district.child(1)?.level == .subdistrict)
        #expect(region("910101001").child(7)?.rawValue == "910101001007")
        #expect(region("910101001007").child(123)?.rawValue == "910101001007123")
        #expect(region("910101001007").child(123)?.level == .grid)
    }

    @Test("child refuses serials outside 1...999 and children of a grid", arguments: [0, -1, 1000, 12345])
    func childRefusesSerial(serial: Int) {
        #expect(region("910101").child(serial) == nil)
        #expect(region("910101001001").child(serial) == nil)
    }

    @Test("a grid has no child")
    func gridHasNoChild() {
        #expect(region("910101001001001").child(1) == nil)
    }

    @Test("orders by digits")
    func ordering() {
        let codes = ["910102", "910101002", "910101", "910101001001001"].map(region)
        #expect(codes.sorted().map(\.rawValue) == ["910101", "910101001001001", "910101002", "910102"])
        #expect(region("910101") < region("910102"))
        #expect(!(region("910102") < region("910101")))
    }

    @Test("codes as a JSON string, and decoding refuses a bad code")
    func coding() throws {
        let data = try JSONEncoder().encode([region("910101001")])
        #expect(String(decoding: data, as: UTF8.self) == #"["910101001"]"#)
        #expect(try JSONDecoder().decode([RegionCode].self, from: data) == [region("910101001")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RegionCode].self, from: Data(#"["910101000"]"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RegionCode].self, from: Data(#"[910101]"#.utf8))
        }
    }
}

@Suite("RegionLevel")
struct RegionLevelTests {
    @Test("code lengths and the levels they name")
    func codeLengths() {
        #expect(RegionLevel.allCases.map(\.codeLength) == [0, 6, 9, 12, 15])
        #expect(RegionLevel(codeLength: 6) == .district)
        #expect(RegionLevel(codeLength: 9) == .subdistrict)
        #expect(RegionLevel(codeLength: 12) == .community)
        #expect(RegionLevel(codeLength: 15) == .grid)
        #expect(RegionLevel(codeLength: 0) == nil)
        #expect(RegionLevel(codeLength: 3) == nil)
        #expect(RegionLevel(codeLength: 18) == nil)
    }

    @Test("names round-trip, and levels are ordered from the top")
    func namesAndOrder() {
        #expect(RegionLevel.allCases.map(\.name) == ["city", "district", "subdistrict", "community", "grid"])
        for level in RegionLevel.allCases { #expect(RegionLevel(name: level.name) == level) }
        #expect(RegionLevel(name: "province") == nil)
        #expect(RegionLevel.city < .district && RegionLevel.district < .subdistrict && RegionLevel.community < .grid)
        #expect(RegionLevel.grid.label.en == "Unit grid")
        #expect(RegionLevel.subdistrict.label.zh == "街道")
    }
}
