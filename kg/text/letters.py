"""Character classes for Vietnamese letters, for use inside regular expressions.

A range such as "À-Ỹ" spans lower-case letters too (the Latin Extended blocks interleave
cases), so the classes are built letter by letter.
"""

_LATIN = [chr(c) for c in range(0x41, 0x250)] + [chr(c) for c in range(0x1E00, 0x1F00)]

UPPER = "".join(c for c in _LATIN if c.isalpha() and c.isupper())
LOWER = "".join(c for c in _LATIN if c.isalpha() and c.islower())
