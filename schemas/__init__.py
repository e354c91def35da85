"""JSON Schemas (Draft 2020-12), one per policy kind; shipped inside the package as `compiler.schemas`."""
