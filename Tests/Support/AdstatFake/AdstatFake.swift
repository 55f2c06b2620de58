import FlyingFox

/// A fake of the Adstat client API on 127.0.0.1, for tests and for trying the CLI by hand.
public enum AdstatFakePlaceholder {}
