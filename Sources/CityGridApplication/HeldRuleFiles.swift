import CityGridCore
import Crypto
import Synchronization

/// A city's own rule files (自定义规则文件) posted through the web dashboard, kept in memory by the
/// SHA-256 of their text so that the dashboard's select, its figures' links and their explanations
/// can name one (`file:` and 16 hex digits of the hash) without posting it again. Bounded: the
/// ``capacity`` most recently posted; an older name is then unknown (400 on `rules`, like any
/// unknown name) and the file is posted again.
final class HeldRuleFiles: Sendable {
    struct File: Sendable {
        var name: String
        var text: String
        var label: LocalizedText
    }

    static let prefix = "file:"
    let capacity: Int
    private let files = Mutex<[File]>([])

    init(capacity: Int = 32) { self.capacity = capacity }

    /// The name a text is held under.
    static func name(of text: String) -> String {
        prefix + Hex.lowercase(SHA256.hash(data: Array(text.utf8)).prefix(8))
    }

    /// Keeps `text` (its label as given), most recent first; returns its name.
    func hold(_ text: String, label: LocalizedText) -> String {
        let name = Self.name(of: text)
        files.withLock { files in
            files.removeAll { $0.name == name }
            files.insert(File(name: name, text: text, label: label), at: 0)
            if files.count > capacity { files.removeLast(files.count - capacity) }
        }
        return name
    }

    func file(named name: String) -> File? { files.withLock { $0.first { $0.name == name } } }

    /// The files held, most recent first.
    var all: [File] { files.withLock { $0 } }
}
