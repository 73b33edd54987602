"""The ``danvan`` command line and the bundled demo site: the thin layer that wires the stages."""
