import CityGridCore
import Foundation

extension CaseSimulator {
    /// Simulates cases in memory, without writing them to the store: the same intake, workflow and
    /// stories as ``run(_:progress:)``, with ids from `firstID` and numbers assigned here as the
    /// store would. For benchmarks at sizes the store would take long to write (ten million cases:
    /// "facts in bulk").
    ///
    /// `parallelism` generators run side by side on disjoint seeds, each making its share of the
    /// cases; their batches are handed to `body` in a fixed order, so a run is reproducible.
    public func generate(_ options: SimulationOptions, firstID: Int64 = 1, parallelism: Int = 2,
                         body: ([Case]) throws -> Void) throws {
        let lanes = max(1, parallelism)
        var generators = (0..<lanes).map { lane in
            var o = options
            o.seed = options.seed &+ UInt64(lane) &* 7919
            o.cases = options.cases / lanes + (lane < options.cases % lanes ? 1 : 0)
            return CaseGenerator(service: service, staff: staff, options: o)
        }
        var nextID = firstID
        var serials: [String: Int] = [:]
        while generators.contains(where: { $0.produced < $0.options.cases }) {
            var batches = [Result<[CaseDraft], any Error>](repeating: .success([]), count: lanes)
            generators.withUnsafeMutableBufferPointer { g in
                batches.withUnsafeMutableBufferPointer { b in
                    let g = UnsafeLanes(g), out = UnsafeResults(b)
                    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                        let remaining = g.base[lane].options.cases - g.base[lane].produced
                        guard remaining > 0 else { return }
                        out.base[lane] = Result { try g.base[lane].next(min(remaining, options.batchSize)) }
                    }
                }
            }
            for batch in batches {
                var cases: [Case] = []
                for draft in try batch.get() {
                    var value = draft.value
                    value.id = CaseID(nextID)
                    nextID += 1
                    let serial = serials[draft.numberPrefix, default: 0] + 1
                    serials[draft.numberPrefix] = serial
                    value.number = CaseNumber.make(prefix: draft.numberPrefix, serial: serial)
                    if let link = draft.link, let previous = cases.last {
                        switch link {
                        case .mergedIntoPrevious: value.parentCaseID = previous.id; value.likelyDuplicateOf = previous.id
                        case .reopensPrevious: value.reopenedFromID = previous.id
                        }
                    }
                    cases.append(value)
                }
                try body(cases)
            }
        }
    }
}

/// Each lane touches only its own generator and its own result.
private struct UnsafeLanes: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<CaseGenerator>
    init(_ base: UnsafeMutableBufferPointer<CaseGenerator>) { self.base = base }
}

private struct UnsafeResults: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Result<[CaseDraft], any Error>>
    init(_ base: UnsafeMutableBufferPointer<Result<[CaseDraft], any Error>>) { self.base = base }
}
