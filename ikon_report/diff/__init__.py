"""Changes between two versions of a project: records field by field and chapter sections."""
