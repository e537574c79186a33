import CityGridCore
import Foundation
import Testing

@Suite struct StageLogTests {
    @Test func theStorageFormRoundTripsAndKeepsTheLastPassage() throws {
        var log = StageLog()
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        log.record(.init(stage: "intake", actorID: 3, at: t, dueAt: t.addingTimeInterval(3600)))
        log.record(.init(stage: "filing", actorID: 4, at: t.addingTimeInterval(10), dueAt: nil))
        log.record(.init(stage: "intake", actorID: 5, at: t.addingTimeInterval(20), dueAt: t))
        #expect(log.entries.map(\.stage) == ["intake", "filing"])
        #expect(log["intake"]?.actorID == 5 && log["intake"]?.onTime == false && log["filing"]?.onTime == nil)
        #expect(log.text == "intake:5:1790000020:1790000000;filing:4:1790000010:")
        #expect(StageLog(text: log.text) == log)
        #expect(StageLog(text: "") == StageLog())
    }

    @Test(arguments: ["intake", "intake:1:2", "intake:x:1:2", ":1:2:3", "a:1:2:3;b:1:zz:"])
    func malformedTextIsRefused(text: String) {
        #expect(StageLog(text: text) == nil)
    }
}
