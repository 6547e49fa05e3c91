"""The Amazon States Language interpreter: pure Python, no Django (tests/asl enforces it)."""
