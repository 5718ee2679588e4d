"""The names `--target` and the manifest's `targets:` choose from, in the order they are rendered.

Kept apart from render.py (which imports every target) so that the command line can offer them
without importing the renderers; render.py checks at import that its TARGETS carry these names.
"""

from __future__ import annotations

TARGET_NAMES = ("compose", "swarm", "k8s")
