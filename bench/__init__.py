"""Benchmarks and the synthetic TTĐN corpus generator (`make bench`)."""
