/// The names of the files pixeltag reads and writes where nothing names others: in one place,
/// so the code, the help texts and the messages that mention them agree.
package enum FileNames {
    /// The config, where no --config names another.
    package static let config = "pixeltag.yml"
    /// The lock, beside the config, where neither `lock:` nor --lock names another.
    package static let lock = "pixeltag.lock.json"
    /// inject's build cache, beside the config.
    package static let buildCache = ".pixeltag-cache"
    /// The list of files pixeltag wrote to an --out folder, in that folder.
    package static let outManifest = ".pixeltag-out"
}
