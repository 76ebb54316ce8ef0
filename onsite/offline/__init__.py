"""Offline check-in: the phones (devices) that hold a caravan's roster, and the scans they queued, synced
exactly once. See services.py."""
