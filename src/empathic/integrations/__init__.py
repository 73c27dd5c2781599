"""Adapters that plug empathic into tools people already run (an OpenAI-compatible proxy, ...)."""
