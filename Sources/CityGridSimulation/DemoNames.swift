import CityGridCore

/// Place names for the demo city: two-syllable names drawn without repetition, in Chinese with
/// their pinyin.
struct DemoNames {
    private static let syllables: [(String, String)] = [
        ("东", "Dong"), ("西", "Xi"), ("南", "Nan"), ("北", "Bei"), ("和", "He"), ("平", "Ping"), ("安", "An"), ("宁", "Ning"),
        ("兴", "Xing"), ("华", "Hua"), ("光", "Guang"), ("明", "Ming"), ("新", "Xin"), ("春", "Chun"), ("长", "Chang"), ("清", "Qing"),
        ("河", "He"), ("湖", "Hu"), ("山", "Shan"), ("林", "Lin"), ("桥", "Qiao"), ("园", "Yuan"), ("泉", "Quan"), ("金", "Jin"),
        ("丰", "Feng"), ("德", "De"), ("胜", "Sheng"), ("福", "Fu"), ("康", "Kang"), ("嘉", "Jia"), ("文", "Wen"), ("翠", "Cui"),
        ("松", "Song"), ("柳", "Liu"), ("枫", "Feng"), ("星", "Xing"), ("月", "Yue"), ("阳", "Yang"), ("云", "Yun"), ("海", "Hai"),
    ]
    private var pool: [(String, String)]

    init(rng: inout SplitMix64) {
        var pool: [(String, String)] = []
        for a in Self.syllables {
            for b in Self.syllables where a.0 != b.0 {
                pool.append((a.0 + b.0, a.1 + b.1.lowercased()))
            }
        }
        pool.shuffle(using: &rng)
        self.pool = pool
    }

    /// The next unused name, e.g. ("翠湖", "Cuihu").
    mutating func next() -> (zh: String, en: String) {
        let name = pool.removeLast()
        return (name.0, name.1)
    }

    static let districtNames: [(String, String)] = [
        ("云湖区", "Yunhu District"), ("青山区", "Qingshan District"), ("金河区", "Jinhe District"), ("白塔区", "Baita District"),
        ("翠屏区", "Cuiping District"), ("星桥区", "Xingqiao District"), ("长泉区", "Changquan District"), ("枫林区", "Fenglin District"),
        ("海阳区", "Haiyang District"), ("松月区", "Songyue District"), ("丰德区", "Fengde District"), ("嘉文区", "Jiawen District"),
    ]
}
