"""``empathic proxy --upstream URL``: an emotion-aware OpenAI-compatible proxy (``integrations/proxy.py``)."""

from __future__ import annotations

import os
import sys

from empathic.errors import InvalidInputError, require


def register(sub) -> None:
    p = sub.add_parser("proxy", help="serve an emotion-aware OpenAI-compatible /v1/chat/completions in front of a model")
    p.add_argument("--upstream", required=True, help="the model server's base URL, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--upstream-key", help="the upstream's API key (default: $EMPATHIC_UPSTREAM_KEY); never the client's")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8088)
    p.add_argument("--database-url", help="where API keys live (default: $EMPATHIC_DATABASE_URL or sqlite:///empathic.db)")
    p.add_argument("--no-auth", action="store_true", help="local use only: no API key, loopback only")
    p.add_argument("--rate-limit", type=int, help="cost units per minute per tenant (default 120)")
    p.add_argument("--redis-url", help="share rate limits across worker processes")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the upstream (504 after; default 60)")
    p.add_argument("--model", help="model name sent when the client gives none")
    p.add_argument("--redact", choices=("auto", "on", "off"), default="auto",
                   help="redact personal data sent upstream: auto = unless the upstream is on this machine")
    p.add_argument("--fallback", action="store_true",
                   help="answer with the template reply when the upstream is down or slow (instead of 502/504)")
    p.add_argument("--locale", help="helplines for crisis replies, e.g. en-GB")
    p.add_argument("--preset", default="default")
    p.add_argument("--context-model", action="store_true",
                   help="blend the dialogue-reading strategy model in (as the agent does): about twice the time per request")
    p.set_defaults(handler=run_proxy)


def run_proxy(args) -> int:
    # perception, the crisis detector and the strategy's encoder (and context model) run side by side
    # on each request: one thread per model keeps them from fighting over the cores
    # (benchmarks/proxy_overhead.py --context-model on 2 busy cores: p50 overhead 68-70 ms with 2
    # threads, 27-36 ms with 1). $EMPATHIC_THREADS, when set, wins.
    os.environ.setdefault("EMPATHIC_THREADS", "1")
    uvicorn = require("uvicorn", "server")
    require("httpx", "llm")
    from empathic.cli.serve import _loopback, _safe, _store
    from empathic.integrations.proxy import EmotionProxy, create_proxy_app
    from empathic.service.application import Application
    from empathic.service.settings import Settings

    settings = Settings.from_env(database_url=args.database_url, rate_limit_per_minute=args.rate_limit,
                                 redis_url=args.redis_url)
    settings.no_auth = args.no_auth or settings.no_auth
    if settings.no_auth and not _loopback(args.host):
        raise InvalidInputError(f"--no-auth only binds to loopback addresses, not {args.host}")
    store = _store(settings.database_url)
    redact = {"auto": None, "on": True, "off": False}[args.redact]
    proxy = EmotionProxy(args.upstream, Application(settings, store=store),
                         upstream_key=args.upstream_key or os.environ.get("EMPATHIC_UPSTREAM_KEY"),
                         timeout=args.timeout, redact_pii=redact, fallback=args.fallback, locale=args.locale,
                         preset=args.preset, model=args.model, context_model=args.context_model)
    proxy.warm_up()
    mode = "no auth, loopback only" if settings.no_auth else "empathic API keys required"
    print(f"empathic proxy on http://{args.host}:{args.port}/v1 -> {args.upstream} ({mode}; keys in "
          f"{_safe(settings.database_url)}; personal data {'redacted' if proxy.redact else 'sent as is'} upstream)",
          flush=True)
    if not settings.no_auth and not store.list_api_keys(None):
        print("note: no API key yet: create one with 'empathic keys create --tenant NAME'", file=sys.stderr)
    uvicorn.run(create_proxy_app(proxy), host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
