"""jobboard: browse a directory of job postings in the terminal."""

__version__ = "0.1.0"
