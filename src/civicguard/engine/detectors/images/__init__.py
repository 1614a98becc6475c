"""Detectors that read an image's facts (`engine.images`): faces first; nudity, logos and text later."""
