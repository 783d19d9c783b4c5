"""Benchmarks: speed and plan-quality measurements (never tests)."""
