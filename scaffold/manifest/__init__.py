"""Reading the manifest: YAML with positions, the JSON Schema, checks beyond it, the frozen model."""
