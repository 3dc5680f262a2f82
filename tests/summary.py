"""Print "N passed, N failed" from the JUnit XML files of a test run.

Criterion (--xml) and pytest (--junitxml) both write JUnit XML; counting the
test cases there gives one honest total across the suites.  Exits 1 when
nothing ran or a result file is unreadable, so an empty run never looks green.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET


def count(path):
    passed = failed = skipped = 0
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main():
    out = pathlib.Path(sys.argv[1])
    passed = failed = skipped = 0
    broken = 0
    for path in sorted(out.glob("*.xml")):
        try:
            p, f, s = count(path)
        except ET.ParseError as exc:
            print(f"summary: cannot read {path}: {exc}", file=sys.stderr)
            broken += 1
            continue
        passed, failed, skipped = passed + p, failed + f, skipped + s
    failed += broken
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
