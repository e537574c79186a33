import CityGridCore
import Foundation
import Testing

@Suite struct StageLogTests {
    @Test func keepsTheFirstAndTheLastPassageAndRoundTrips() throws {
        var log = StageLog()
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        log.record(.init(stage: "intake", actorID: 3, at: t, dueAt: t.addingTimeInterval(3600)))
        log.record(.init(stage: "filing", actorID: 4, at: t.addingTimeInterval(10), dueAt: nil))
        log.record(.init(stage: "intake", actorID: 5, at: t.addingTimeInterval(20), dueAt: t))
        log.record(.init(stage: "intake", actorID: 6, at: t.addingTimeInterval(30), dueAt: t.addingTimeInterval(30)))
        #expect(log.entries.map(\.stage) == ["intake", "filing"])
        let intake = try #require(log["intake"])
        #expect(intake.actorID == 6 && intake.onTime == true)
        #expect(intake.first.actorID == 3 && intake.first.onTime == true)
        #expect(log["filing"]?.onTime == nil && log["filing"]?.first == log["filing"]?.last)
        #expect(log.text == "intake:6:1790000030:1790000030:3:1790000000:1790003600;filing:4:1790000010:")
        #expect(StageLog(text: log.text) == log)
        #expect(StageLog(text: "") == StageLog())
        // The system (no actor) is 0; times before 1970 are negative; zero is written as 0.
        var early = StageLog()
        early.record(.init(stage: "x", actorID: nil, at: Date(timeIntervalSince1970: -5), dueAt: Date(timeIntervalSince1970: 0)))
        #expect(early.text == "x:0:-5:0")
        #expect(StageLog(text: early.text) == early)
        // Stored before first passages were kept: one passage, first = last.
        #expect(StageLog(text: "dispatch:9:100:200")?["dispatch"]?.first.actorID == 9)
    }

    @Test(arguments: ["intake", "intake:1:2", "intake:x:1:2", ":1:2:3", "a:1:2:3;b:1:zz:", "a:1:2:3;", "a:1:2:3:4", "a:1:2:3;a:1:2:3"])
    func malformedTextIsRefused(text: String) {
        #expect(StageLog(text: text) == nil)
    }
}
