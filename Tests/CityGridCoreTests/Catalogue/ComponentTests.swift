import CityGridCore
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
}
