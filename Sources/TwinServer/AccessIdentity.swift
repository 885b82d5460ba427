/// Who presented a token: the name given to the token in the token file, and its scopes. Set-points are recorded
/// under this name.
public struct AccessIdentity: Sendable, Equatable {
    public var name: String
    public var scopes: Set<AccessScope>

    public init(name: String, scopes: Set<AccessScope>) {
        self.name = name
        self.scopes = scopes
    }

    /// Whether this identity may do what `scope` covers: reads always, everything with ``AccessScope/admin``.
    public func allows(_ scope: AccessScope) -> Bool {
        scope == .read || scopes.contains(.admin) || scopes.contains(scope)
    }
}
