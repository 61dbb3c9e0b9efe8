"""
Write the bundled sample programme, ``src/ipsrules/data/sample-programme.json``.

The sample is `ipsrules.synthetic.synthetic_programme()` with its default arguments,
written with `ipsrules.formats.dumps`; run this script after changing either, and commit the
file it writes. ``tests/test_synthetic.py`` fails while the shipped file differs.

    python scripts/make_sample_programme.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipsrules import formats
from ipsrules.synthetic import synthetic_programme

SAMPLE = (
    Path(__file__).resolve().parent.parent / "src" / "ipsrules" / "data" / "sample-programme.json"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--output", type=Path, default=SAMPLE, help=f"where to write it (default: {SAMPLE})"
    )
    arguments = parser.parse_args()
    text = formats.dumps(synthetic_programme())
    # Byte for byte what dumps gives: UTF-8, "\n" line ends on every platform.
    arguments.output.write_bytes(text.encode("utf-8"))
    programme = formats.loads(text)
    print(
        f"wrote {arguments.output}: {len(programme.specialists)} specialists, "
        f"{len(programme.participants)} participants, {len(programme.jobs)} jobs, "
        f"{len(programme.studies)} studies, {len(programme.internships)} internships, "
        f"{len(programme.referrals)} referrals, {len(programme.contacts)} contacts"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
