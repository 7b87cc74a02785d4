"""The one exception tree of factcheck.

    FactcheckError                 anything the CLI shows as "Error: …" with exit code 1
    ├── InputError                 a document that cannot be read: missing, binary, empty, undecodable
    ├── NotFound                   an id or name that is not in the database (claim, source)
    ├── InvalidValue               a value outside its allowed set (rating, format)
    │   └── InvalidURL             a URL that cannot be fetched (scheme, host, port)
    └── RegistryError              claims/sources.yml or a cue lexicon is malformed

Library code raises these; third-party exceptions are translated where the third party
is called. Only cli.py turns them into messages and exit codes.
"""


class FactcheckError(Exception):
    """Base class: the message is one line meant for a user."""


class InputError(FactcheckError):
    pass


class NotFound(FactcheckError):
    pass


class InvalidValue(FactcheckError):
    pass


class RegistryError(FactcheckError):
    pass


class InvalidURL(InvalidValue):
    """A URL that cannot be fetched: not http(s), no or malformed host, bad port."""
