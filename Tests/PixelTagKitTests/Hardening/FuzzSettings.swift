import Foundation

/// How long a fuzz run lasts and which inputs it makes, from the environment:
///
/// - `PIXELTAG_FUZZ_SEED`: the run's seed (decimal or 0x hex); fixed by default so that the
///   suite tries the same inputs on every machine, and printed so any failure can be replayed.
/// - `PIXELTAG_FUZZ_ITERATIONS`: how many inputs to try at most.
/// - `PIXELTAG_FUZZ_SECONDS`: how long to keep trying at most; with only this set, iterations
///   are unbounded.
/// - `PIXELTAG_FUZZ_CASE`: run only this case of the seed (to replay a failure).
/// - `PIXELTAG_FUZZ_VERBOSE`: name each case on stderr before it runs; `PIXELTAG_FUZZ_DUMP=FILE`
///   writes each input to FILE first, so a crash leaves its input behind.
struct FuzzSettings {
    static let defaultSeed: UInt64 = 0x5049_5845_4C54_4147 // "PIXELTAG"

    var seed: UInt64
    var iterations: Int
    var seconds: Double
    var onlyCase: Int?

    static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultIterations: Int, defaultSeconds: Double
    ) -> FuzzSettings {
        func number(_ name: String) -> Double? { environment[name].flatMap { Double($0) } }
        var settings = FuzzSettings(seed: defaultSeed, iterations: defaultIterations, seconds: defaultSeconds)
        if let text = environment["PIXELTAG_FUZZ_SEED"]?.lowercased() {
            let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            if let parsed { settings.seed = parsed }
        }
        if let seconds = number("PIXELTAG_FUZZ_SECONDS") {
            settings.seconds = seconds
            settings.iterations = Int.max
        }
        if let iterations = number("PIXELTAG_FUZZ_ITERATIONS") { settings.iterations = Int(iterations) }
        if let only = number("PIXELTAG_FUZZ_CASE") { settings.onlyCase = Int(only) }
        return settings
    }

    var seedText: String { "0x" + String(seed, radix: 16) }
}
