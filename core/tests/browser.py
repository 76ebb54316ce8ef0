"""Playwright fixtures for browser tests (filled in by the browser-test work)."""
