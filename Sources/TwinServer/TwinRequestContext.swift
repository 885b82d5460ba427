import HummingbirdAuth

/// The request context of the twin's HTTP routes: Hummingbird's, with the identity of the token presented.
public typealias TwinRequestContext = BasicAuthRequestContext<AccessIdentity>
