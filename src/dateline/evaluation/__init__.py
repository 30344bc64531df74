"""Scoring Dateline against annotated corpora (TimeML for times)."""
