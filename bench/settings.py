"""The bench's settings: the portal's, with the bench's URLs and its measuring middleware.

Used by the gunicorn servers `bench/run.py --http` starts; never by the product.
"""

from handbook.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.measure", *MIDDLEWARE]  # noqa: F405
