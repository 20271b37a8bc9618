"""A tiny OpenID Connect provider on loopback, for the single-sign-on test (never for production).

It serves the discovery document, an authorize endpoint that approves whoever ``provider.user`` names
without asking (the test chooses who logs in), a token endpoint that checks the client secret, the
code, the redirect URI and the PKCE verifier and returns an RS256-signed id_token carrying the nonce,
the JWKS with the public key, and userinfo. Every request is recorded in ``provider.requests``.

    with OidcProvider(client_id="callqa", client_secret="s") as provider:
        provider.user = {"email": "wang@example.com", "name": "Wang Fang"}
        ... provider.metadata_url ...
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlencode, urlparse


class OidcProvider:
    def __init__(self, client_id: str, client_secret: str):
        from joserfc.jwk import RSAKey

        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"})
        self.user: dict = {}
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.tokens_issued: list[dict] = []  # the id_token claims handed out
        self._access: dict[str, dict] = {}  # access token -> its user's claims
        self._codes: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> "OidcProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    # ---- the endpoints -------------------------------------------------------------------------
    def metadata(self) -> dict:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"], "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def authorize(self, query: dict) -> tuple[int, dict]:
        """Approve ``self.user`` at once: redirect back to the client with a one-time code."""
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self._codes[code] = {"user": dict(self.user), "nonce": query.get("nonce"),
                             "redirect_uri": query["redirect_uri"], "challenge": query.get("code_challenge")}
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": target}

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
            client_id, client_secret = unquote_plus(client_id), unquote_plus(client_secret)
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        if grant["challenge"]:
            verifier = form.get("code_verifier", "").encode()
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if expected != grant["challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"}
        return 200, self._tokens(grant)

    def _tokens(self, grant: dict) -> dict:
        from joserfc import jwt

        now = int(time.time())
        user = grant["user"]
        claims = {"iss": self.issuer, "aud": self.client_id, "iat": now,
                  "sub": hashlib.sha256(user["email"].encode()).hexdigest(), "exp": now + 300,
                  "email": user["email"], "email_verified": True, "name": user.get("name", "")}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        self.tokens_issued.append(claims)
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        access_token = secrets.token_urlsafe(24)
        self._access[access_token] = claims
        return {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
                "scope": "openid email profile", "id_token": id_token}

    def userinfo(self, authorization: str | None) -> tuple[int, dict]:
        claims = self._access.get((authorization or "").removeprefix("Bearer "))
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, {k: claims[k] for k in ("sub", "email", "email_verified", "name")}

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}


def _handler(provider: OidcProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict) -> None:
            if status == 302:
                self.send_response(302)
                self.send_header("Location", body["Location"])
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            provider.requests.append(("GET", url.path))
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            routes = {"/.well-known/openid-configuration": lambda: (200, provider.metadata()),
                      "/authorize": lambda: provider.authorize(query),
                      "/jwks": lambda: (200, provider.jwks()),
                      "/userinfo": lambda: provider.userinfo(self.headers.get("Authorization"))}
            self._send(*routes.get(url.path, lambda: (404, {"error": "not_found"}))())

        def do_POST(self) -> None:
            url = urlparse(self.path)
            provider.requests.append(("POST", url.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path != "/token":
                self._send(404, {"error": "not_found"})
                return
            self._send(*provider.token(form, self.headers.get("Authorization")))

    return Handler
