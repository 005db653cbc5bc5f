"""The document kinds a build writes (``registry``) and how each one is made, one module each."""
