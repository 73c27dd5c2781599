"""``empathic serve`` and ``empathic keys create|list|revoke``."""

from __future__ import annotations

import ipaddress
import os
import sys

from empathic.errors import EmpathicError, InvalidInputError, require

DEFAULT_DB = "sqlite:///empathic.db"


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the HTTP API, WebSocket stream and web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--database-url", help=f"default: $EMPATHIC_DATABASE_URL or {DEFAULT_DB}")
    p.add_argument("--no-auth", action="store_true", help="local use only: refuses non-loopback hosts")
    p.add_argument("--rate-limit", type=int, help="cost units per minute per tenant (default 120)")
    p.add_argument("--redis-url", help="share rate limits across worker processes (e.g. redis://127.0.0.1:6379/0)")
    p.add_argument("--preset")
    p.add_argument("--no-docs", action="store_true", help="do not serve Swagger UI at /docs (its assets are bundled)")
    p.add_argument("--learning", action="store_true",
                   help="learn each tenant's reply strategy from feedback (off by default; docs/learning.md)")
    p.set_defaults(handler=run_serve)
    keys = sub.add_parser("keys", help="manage API keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a key for a tenant (printed alone on the last line)")
    create.add_argument("--tenant", required=True)
    listing = actions.add_parser("list", help="keys by prefix, tenant, created and revoked time (never the key)")
    listing.add_argument("--tenant")
    revoke = actions.add_parser("revoke", help="revoke a key by the prefix 'keys list' shows")
    revoke.add_argument("prefix")
    for action, handler in ((create, run_keys_create), (listing, run_keys_list), (revoke, run_keys_revoke)):
        action.add_argument("--database-url", help=f"default: $EMPATHIC_DATABASE_URL or {DEFAULT_DB}")
        action.set_defaults(handler=handler)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _store(url: str | None):
    """The store, or a one-line error naming the database when it cannot be reached."""
    from sqlalchemy.exc import SQLAlchemyError

    from empathic.storage.store import Store

    url = url or os.environ.get("EMPATHIC_DATABASE_URL", DEFAULT_DB)
    try:
        return Store(url)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
        raise EmpathicError(f"cannot open the database at {_safe(url)}: {reason}") from None


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  an unparsable URL is shown as given minus nothing secret
        return url.split("@")[-1]


def run_serve(args) -> int:
    uvicorn = require("uvicorn", "server")
    from empathic.service.app import Settings, create_app
    from empathic.service.application import Application

    settings = Settings.from_env(database_url=args.database_url, rate_limit_per_minute=args.rate_limit,
                                 redis_url=args.redis_url, default_preset=args.preset)
    settings.no_auth = args.no_auth or settings.no_auth
    settings.docs = settings.docs and not args.no_docs
    settings.learning = args.learning or settings.learning
    if settings.no_auth and not _loopback(args.host):
        raise InvalidInputError(f"--no-auth only binds to loopback addresses, not {args.host}")
    store = _store(settings.database_url)
    if not store.cipher.enabled:
        if not settings.no_auth:
            raise EmpathicError("EMPATHIC_ENCRYPTION_KEY is not set: conversations would be stored in plain text. "
                                "Set a Fernet key (see docs/security.md), or use --no-auth for local trials")
        print("warning: EMPATHIC_ENCRYPTION_KEY is not set; conversations are stored unencrypted", file=sys.stderr)
    app = create_app(application=Application(settings, store=store))
    mode = "no auth, loopback only" if settings.no_auth else "API keys required"
    print(f"empathic serving http://{args.host}:{args.port}/ ({mode}; database {_safe(settings.database_url)}; "
          f"encryption {'on' if store.cipher.enabled else 'off'})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0


def run_keys_create(args) -> int:
    from empathic.service.auth import create_key

    key = create_key(_store(args.database_url), args.tenant)
    print(f"API key for tenant {args.tenant!r} (store it now; only its hash is kept):")
    print(key)
    return 0


def run_keys_list(args) -> int:
    rows = _store(args.database_url).list_api_keys(args.tenant)
    print(f"{'prefix':14}{'tenant':24}{'created':22}revoked")
    for r in rows:
        created = r["created_at"].strftime("%Y-%m-%d %H:%M") if r["created_at"] else ""
        revoked = r["revoked_at"].strftime("%Y-%m-%d %H:%M") if r["revoked_at"] else "-"
        print(f"{r['prefix']:14}{r['tenant']:24}{created:22}{revoked}")
    return 0


def run_keys_revoke(args) -> int:
    from empathic.service.auth import revoke_key

    count = revoke_key(_store(args.database_url), args.prefix)
    if not count:
        raise InvalidInputError(f"no active key starts with {args.prefix!r}")
    print(f"revoked {count} key(s) starting with {args.prefix}")
    return 0
