/// PixelTagKit holds all of pixeltag's behaviour; the `pixeltag` executable only parses
/// arguments and prints.
public enum PixelTagKit {
    public static let version = "0.1.0"
}
