"""aelab: the support package of the autoencoder course.

TensorFlow is imported here, once and quietly, so that its C++ start-up log
never reaches a notebook's output.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from aelab.config import Config, import_tensorflow_quietly, setup

import_tensorflow_quietly()

from aelab.data import load_mnist  # noqa: E402

__all__ = ["Config", "load_mnist", "setup"]
__version__ = "0.1.0"
