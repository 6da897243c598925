"""Sync protocol, client and central server (Qt-free)."""
