import CityGridCore

/// The seam between the fact table and the store's record of changes (变更位置): a position that
/// grows with every durable change of a case, and the cases changed after a position. A snapshot
/// of the fact table records the position it reflects; start-up loads it and replays the cases
/// changed since.
///
/// The position is the change log's sequence number (``ChangeLogStore/lastChangeSequence()``): the
/// cases changed after it are those its later entries name.
///
/// Contract:
/// - ``changePosition()`` is the position of the latest durable change, never less than an earlier
///   answer for the same store.
/// - Every case whose latest change is after `position` is in ``casesChanged(after:batchSize:)``,
///   in its current state; a case may come more than once (it changed again while streaming).
///   Deletions are not reported: cases are deleted only with a replaced city or a forced grid
///   replacement, each logged as a configuration entry (`city_replaced`, `grids_replaced`), on which
///   a follower loads its cases again (the application takes up the new version; a snapshot whose
///   replay meets `city_replaced` is refused).
public protocol CaseChangeFeed: Sendable {
    /// The position of the latest durable change of a case (0 for a store that never held one).
    func changePosition() async throws -> Int64

    /// The cases changed after `position`, in the order of their latest change, in batches of at
    /// most `batchSize`; pull-driven and cancellable like ``CaseStore/allCases(batchSize:)``.
    func casesChanged(after position: Int64, batchSize: Int) -> AsyncThrowingStream<[Case], any Error>
}
