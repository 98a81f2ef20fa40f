"""Repository conftest: octt-py's pytest plugin is loaded by its entry point; nothing to add here
but keeping generated reports out of collection."""

collect_ignore = ["reports"]
