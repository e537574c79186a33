import Foundation

/// Times `body`: one untimed run, then `repeat` timed ones; prints the median and the best.
func benchTime(_ label: String, repeat count: Int, width: Int = 44, _ body: () throws -> Void) rethrows {
    try body()
    var seconds: [Double] = []
    for _ in 0..<count {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    seconds.sort()
    print(label.padding(toLength: max(width, label.count), withPad: " ", startingAt: 0)
          + String(format: " median %.4f s   min %.4f s", seconds[seconds.count / 2], seconds[0]))
}
