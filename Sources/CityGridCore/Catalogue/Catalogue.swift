import Foundation

/// The component and event catalogue (部件事件分类): major classes, minor classes and their case
/// standards. It is data that a city edits: ``Catalogue/decode(json:)`` reads the shipped file format
/// and refuses a bad file with the entry and the reason.
public struct Catalogue: Hashable, Sendable {
    public private(set) var majors: [MajorClass]
    public private(set) var entries: [CatalogueEntry]
    private var byCode: [CategoryCode: Int]

    /// Builds a catalogue, checking that codes are unique and every minor class has its major class.
    public init(majors: [MajorClass], entries: [CatalogueEntry]) throws(DomainError) {
        var majorKeys = Set<String>()
        for major in majors {
            guard CategoryCode(kind: major.kind, major: major.code, minor: "01") != nil else {
                throw .invalidField("majors", zh: "大类代码无效：\(major.code)", en: "Invalid major class code \(major.code)")
            }
            guard majorKeys.insert("\(major.kind.letter)\(major.code)").inserted else {
                throw .invalidField("majors", zh: "大类重复：\(major.kind.letter)\(major.code)", en: "Duplicate major class \(major.kind.letter)\(major.code)")
            }
        }
        var byCode: [CategoryCode: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard majorKeys.contains("\(entry.code.kind.letter)\(entry.code.major)") else {
                throw .invalidField("minors[\(index)]", zh: "小类 \(entry.code) 没有对应的大类", en: "Minor class \(entry.code) has no major class")
            }
            guard byCode.updateValue(index, forKey: entry.code) == nil else {
                throw .invalidField("minors[\(index)]", zh: "小类重复：\(entry.code)", en: "Duplicate minor class \(entry.code)")
            }
            guard entry.timeLimit.amount > 0, entry.timeLimit.amount <= entry.timeLimit.unit.maximum else {
                throw .invalidField("minors[\(index)].time_limit", zh: "\(entry.code) 的处置时限须大于0且不超过\(Int(entry.timeLimit.unit.maximum))",
                                    en: "The time limit of \(entry.code) must be positive and at most \(Int(entry.timeLimit.unit.maximum)) \(entry.timeLimit.unit.rawValue)")
            }
            guard !entry.responsible.isEmpty else {
                throw .invalidField("minors[\(index)].responsible", zh: "\(entry.code) 缺少责任单位类型", en: "\(entry.code) names no responsible kind")
            }
        }
        self.majors = majors
        self.entries = entries
        self.byCode = byCode
    }

    public subscript(code: CategoryCode) -> CatalogueEntry? {
        byCode[code].map { entries[$0] }
    }

    public func major(of code: CategoryCode) -> MajorClass? {
        majors.first { $0.kind == code.kind && $0.code == code.major }
    }

    public var isEmpty: Bool { entries.isEmpty }
}
