import ArgumentParser
import CityGridCore

/// A typed identifier given on the command line as its raw value (`citygrid case show 42`,
/// `--department D-WATER`).
extension Identifier: ExpressibleByArgument where RawValue: ExpressibleByArgument {
    public init?(argument: String) {
        guard let raw = RawValue(argument: argument) else { return nil }
        self.init(rawValue: raw)
    }
}
