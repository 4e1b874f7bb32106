"""Athar's domain package: indicators, their sources, observations and targets.

Nothing here imports Streamlit, so the CLI, the tests and the dashboard share one code path.
"""
