"""UI-independent engine. Nothing under this package may import Qt (tests/test_layering.py)."""
