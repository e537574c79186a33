import Foundation

/// The time of each phase of a command (`--timings`), to standard error: since the previous lap and
/// since the process started (so that the loading of the binary is counted too).
struct PhaseTimer {
    let enabled: Bool
    private var last = ContinuousClock.now
    private var lines: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let d = now - last
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        lines.append(String(format: "%8.3f s  ", seconds) + phase)
        last = now
    }

    func finish() {
        guard enabled else { return }
        for line in lines { Console.error(line) }
        Console.error(String(format: "%8.3f s  since the process started", processSeconds()))
    }

    /// Seconds since this process started (its start time in /proc/self/stat, against the uptime).
    private func processSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return -1 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 of stat (starttime, clock ticks since boot) is the 20th after the command name.
        guard fields.count > 19, let ticks = Double(fields[19]), let up = Double(uptime.split(separator: " ").first ?? "") else { return -1 }
        return up - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
