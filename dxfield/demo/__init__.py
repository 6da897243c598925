"""Demo data: a believable programme year for trying the app, and a large data set for
benchmarks. All people, phone numbers and addresses in it are fictional."""

from __future__ import annotations

from .install import DemoSummary, install_demo
from .large import generate_large

__all__ = ["DemoSummary", "generate_large", "install_demo"]
