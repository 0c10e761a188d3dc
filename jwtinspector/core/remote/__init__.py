"""Fetching keys from the network: URL policy, an HTTP client, OpenID
discovery, key sets, an in-memory cache, header-named key locations, and the
issuer binding of fetched keys (the verdict itself is
:mod:`jwtinspector.core.pipeline`'s).

Nothing here runs on its own: every request follows an explicit call, and the
key locations a token names itself (``jku``, ``x5u``) are never fetched by
:meth:`cache.JwksCache.resolve` or :func:`resolve.resolve_keys`
(RFC 8725 §3.10). Import from the modules; this package imports nothing.
"""
