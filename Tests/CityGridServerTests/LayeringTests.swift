import Foundation
import Testing

/// The HTTP front end reaches CityGrid only through the application layer: none of its sources
/// imports the store, the service or a storage backend (the package does not even let it: its target
/// depends on neither, with MemberImportVisibility on; this test says so where a reader looks).
@Suite struct LayeringTests {
    @Test func theServerImportsOnlyTheApplicationLayer() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CityGridServer")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count >= 10, "the scan found the server's sources")
        var imports = Set<String>()
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") { imports.insert(String(line.dropFirst(7))) }
        }
        #expect(imports.contains("CityGridApplication"))
        for forbidden in ["CityGridStore", "CityGridService", "CityGridSQLite", "GRDB"] {
            #expect(!imports.contains(forbidden), "the server imports \(forbidden)")
        }
    }
}
