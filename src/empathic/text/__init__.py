"""Emotion recognition from text."""
