import CityGridCore
import CityGridGeometry
import Testing

@Suite("GridChain, Region and UnitGrid")
struct GridChainTests {
    @Test("a grid's chain is read off its prefixes")
    func chainOfGrid() {
        let chain = GridChain(grid: region("910101002003004"))
        #expect(chain.grid == region("910101002003004"))
        #expect(chain.community == region("910101002003"))
        #expect(chain.subdistrict == region("910101002"))
        #expect(chain.district == region("910101"))
        #expect(chain.regionsAbove == [region("910101002003"), region("910101002"), region("910101")])
    }

    @Test("a region's parent is the level above; a district has none")
    func regionParent() {
        let name = LocalizedText(zh: "名", en: "Name")
        #expect(Region(code: region("910101"), name: name).parentCode == nil)
        #expect(Region(code: region("910101002"), name: name).parentCode == region("910101"))
        #expect(Region(code: region("910101002003"), name: name).parentCode == region("910101002"))
        #expect(Region(code: region("910101002003"), name: name).level == .community)
        #expect(Region(code: region("910101002003"), name: name).id == region("910101002003"))
    }

    @Test("a unit grid knows its community")
    func unitGridCommunity() {
        let grid = UnitGrid(code: region("910101002003004"), name: LocalizedText(zh: "网格", en: "Grid"),
                            boundary: rectangle(west: 120, south: 30, east: 120.001, north: 30.001))
        #expect(grid.communityCode == region("910101002003"))
        #expect(grid.id == region("910101002003004"))
        // 0.001° × 0.001° at 30°N is about 111 m × 96 m.
        #expect(grid.areaSquareMetres > 10_000 && grid.areaSquareMetres < 11_500)
    }
}
