"""``empathic serve`` and ``empathic keys create``."""

from __future__ import annotations

import ipaddress

from empathic.errors import InvalidInputError, require


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--database-url", default="sqlite:///empathic.db")
    p.add_argument("--no-auth", action="store_true", help="local use only: refuses non-loopback hosts")
    p.add_argument("--rate-limit", type=int, default=120, help="requests per minute per key")
    p.add_argument("--preset", default="default")
    p.set_defaults(handler=run_serve)
    keys = sub.add_parser("keys", help="manage API keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a key for a tenant (printed alone on the last line)")
    create.add_argument("--tenant", required=True)
    create.add_argument("--database-url", default="sqlite:///empathic.db")
    create.set_defaults(handler=run_keys_create)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args) -> int:
    uvicorn = require("uvicorn", "server")
    from empathic.service.app import Settings, create_app

    if args.no_auth and not _loopback(args.host):
        raise InvalidInputError(f"--no-auth only binds to loopback addresses, not {args.host}")
    app = create_app(Settings(database_url=args.database_url, no_auth=args.no_auth,
                              rate_limit_per_minute=args.rate_limit, default_preset=args.preset))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def run_keys_create(args) -> int:
    from empathic.service.auth import create_key
    from empathic.storage.store import Store

    key = create_key(Store(args.database_url), args.tenant)
    print(f"API key for tenant {args.tenant!r} (store it now; only its hash is kept):")
    print(key)
    return 0
