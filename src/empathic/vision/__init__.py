"""Faces: image loading, face detection, expression recognition, video timelines."""
