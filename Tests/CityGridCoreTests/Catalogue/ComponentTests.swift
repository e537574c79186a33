import CityGridCore
import Foundation
import Testing

@Suite("Component")
struct ComponentTests {
    @Test("makeID: district, major, minor and a six-digit serial")
    func makeID() {
        #expect(Component.makeID(district: region("320582"), category: category("C0102"), serial: 48188) == "3205820102048188")
        #expect(Component.makeID(district: region("910101"), category: category("C0101"), serial: 1) == "9101010101000001")
        #expect(Component.makeID(district: region("910101"), category: category("C1203"), serial: 999_999) == "9101011203999999")
    }

    @Test("isValidID: 16 digits starting with an administrative code")
    func isValidID() {
        #expect(Component.isValidID("3205820102048188"))
        #expect(Component.isValidID("9101010101000001"))
        #expect(!Component.isValidID("320582010204818"))
        #expect(!Component.isValidID("32058201020481880"))
        #expect(!Component.isValidID("32058201020481a8"))
        #expect(!Component.isValidID("0000000102048188"))
        #expect(!Component.isValidID(""))
    }

    @Test("owner and maintainer are organisation codes, coded as their plain strings")
    func organisationCodes() throws {
        let component = Component(id: "9101010101000001", category: category("C0101"), ownerCode: "D-WATER", maintainerCode: "D-ROADS",
                                  gridCode: region("910101001001001"), state: .intact, location: .init(lon: 116.4, lat: 39.9))
        let json = String(decoding: try JSONEncoder().encode(component), as: UTF8.self)
        #expect(json.contains(#""ownerCode":"D-WATER""#) && json.contains(#""maintainerCode":"D-ROADS""#))
        let back = try JSONDecoder().decode(Component.self, from: Data(json.utf8))
        #expect(back == component && back.ownerCode == OrganisationCode("D-WATER"))
    }
}
