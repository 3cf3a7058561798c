"""Streamlit-only helpers shared by the pages: cached data access, formats, sidebar."""
