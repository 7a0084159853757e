#!/usr/bin/python3
"""The project's reference for FITS headers: one HDU's cards as astropy reads them, as JSON.

    scripts/reference/astropy-cards.py FILE [EXT]

EXT is the HDU index; without it, 1 for a tile-compressed file named *.fz, else 0.
Prints {"file": base name, "ext": EXT, "cards": [{"keyword", "value", "comment"}, ...]}
with one-space indentation, cards in file order as astropy's Header.cards yields them
(a CONTINUE sequence is one card holding the whole string). JSON values:
  logical -> true/false      integer -> number, or a decimal string beyond +-2**53
  real    -> number, or "nan"/"inf"/"-inf" as a string      complex -> [real, imaginary]
  undefined value -> null    anything else (strings, COMMENT/HISTORY text) -> string
`libs/fits` (astropyJsonText) and `npx panoptes header --json` print the same text.
Needs Debian's python3-astropy; run it with /usr/bin/python3.
"""
import json
import math
import os
import sys
import warnings

from astropy.io import fits

EXACT_INT_LIMIT = 2**53


def json_value(value):
    """A card value as the JSON value described above."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, fits.card.Undefined):
        return None
    if isinstance(value, int):
        return value if -EXACT_INT_LIMIT <= value <= EXACT_INT_LIMIT else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, complex):
        return [value.real, value.imag]
    return str(value)


def card_json(card):
    return {"keyword": card.keyword, "value": json_value(card.value), "comment": card.comment}


def default_ext(path):
    return 1 if path.endswith(".fz") else 0


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: astropy-cards.py FILE [EXT]\n")
        return 2
    path = argv[1]
    ext = int(argv[2]) if len(argv) == 3 else default_ext(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        header = fits.getheader(path, ext)
        document = {
            "file": os.path.basename(path),
            "ext": ext,
            "cards": [card_json(card) for card in header.cards],
        }
    sys.stdout.write(json.dumps(document, indent=1))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
