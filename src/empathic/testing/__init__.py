"""Helpers for testing code built on empathic (shipped so integrators can use them too)."""
