"""Images for the engine: decoding with limits, scaling for analysis, and the facts the image detectors read.

Pure (no Django). Only the plain facts are imported here, so `engine.model` can name `ImageFacts` without
loading Pillow or OpenCV; import `decode`, `faces` and `analyse` where they are used.
"""

from civicguard.engine.images.facts import FaceBox, ImageFacts

__all__ = ["FaceBox", "ImageFacts"]
