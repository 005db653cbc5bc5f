"""Review round trip: read comments and tracked changes from reviewed DOCX files, keep a register."""
