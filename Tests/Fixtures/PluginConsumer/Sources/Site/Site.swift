/// Stands for a site generator's code: the package needs a target, pixeltag's plugin
/// only needs the package.
public enum Site {
    public static let folder = "site/public"
}
