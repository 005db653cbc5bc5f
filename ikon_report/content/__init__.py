"""Content stage: the model turned into one pandoc document (blocks), shared by DOCX and PDF."""
