#!/usr/bin/python3
"""po_check.py - the catalogues are complete and the template is current.

    tests/po_check.py PO_DIR XGETTEXT_FLAGS... -- SOURCES...

Run by `make po-check` (the flags and sources are the Makefile's, so the
check extracts exactly as `make po-update` does).  Fails, with one line per
problem, when:
  - PO_DIR/recueil.pot differs from what xgettext extracts from SOURCES now
    (a new _("...") without `make po-update`);
  - fr.po or en.po lacks a message of the sources, keeps one they no
    longer have, or has an untranslated or fuzzy message (msgfmt --statistics);
  - a msgstr of fr.po differs from its msgid (the ids are the French text:
    French is corrected in the source, never in fr.po).
Exits 0 and prints "po-check: N messages, fr and en complete" otherwise.
"""
import os
import re
import subprocess
import sys
import tempfile

LANGS = ("fr", "en")


def unquote(s):
    """The text of a PO string literal's body."""
    out, i = [], 0
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(esc.get(s[i + 1], s[i + 1]))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def entries(path):
    """{(msgctxt, msgid): (msgstr, fuzzy)} of the non-obsolete entries."""
    out = {}
    cur, key, fuzzy = {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if "msgid" in cur:
            k = (cur.get("msgctxt"), cur["msgid"])
            out[k] = (cur.get("msgstr", cur.get("msgstr[0]", "")), fuzzy)
        cur, fuzzy = {}, False

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#~"):
                continue
            if not line.strip():
                flush()
                continue
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)'
                         r'\s+"(.*)"$', line)
            if m:
                if m.group(1) in ("msgid", "msgctxt") and "msgstr" in cur:
                    flush()
                key = m.group(1)
                cur[key] = unquote(m.group(2))
            elif line.startswith('"') and key:
                cur[key] += unquote(line[1:-1])
    flush()
    out.pop((None, ""), None)   # the header
    return out


def strip_date(text):
    return re.sub(r'"POT-Creation-Date: [^"]*"\n', "", text)


def main(argv):
    po_dir = argv[1]
    sep = argv.index("--")
    flags, sources = argv[2:sep], argv[sep + 1:]
    problems = []
    pot = os.path.join(po_dir, "recueil.pot")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "recueil.pot")
        subprocess.run(["xgettext"] + flags + ["-o", fresh] + sources,
                       check=True)
        with open(fresh, encoding="utf-8") as f:
            want = strip_date(f.read())
        ids = set(entries(fresh))
    have = ""
    if os.path.exists(pot):
        with open(pot, encoding="utf-8") as f:
            have = strip_date(f.read())
    if have != want:
        problems.append("%s is out of date with the sources: run "
                        "`make po-update` and fill po/en.po" % pot)
    for lang in LANGS:
        problems += check_catalogue(os.path.join(po_dir, lang + ".po"),
                                    lang, ids)
    for p in problems:
        print("po-check: " + p)
    if problems:
        return 1
    print("po-check: %d messages, fr and en complete" % len(ids))
    return 0


def check_catalogue(path, lang, ids):
    if not os.path.exists(path):
        return ["%s is missing" % path]
    out = []
    r = subprocess.run(["msgfmt", "--check", "--statistics", "-o",
                        os.devnull, path], capture_output=True, text=True)
    stats = r.stderr.strip()
    if r.returncode != 0:
        out.append("%s: msgfmt --check failed: %s" % (path, stats))
    if "untranslated" in stats or "fuzzy" in stats:
        out.append("%s: %s" % (path, stats.splitlines()[-1]))
    have = entries(path)
    for k in sorted(ids - set(have), key=lambda k: k[1])[:20]:
        out.append("%s: missing %r (run `make po-update`)" % (path, k[1]))
    for k in sorted(set(have) - ids, key=lambda k: k[1])[:20]:
        out.append("%s: %r is no longer in the sources" % (path, k[1]))
    for k, (s, fuzzy) in sorted(have.items(), key=lambda kv: kv[0][1]):
        if fuzzy:
            out.append("%s: fuzzy %r" % (path, k[1]))
        elif not s:
            out.append("%s: untranslated %r" % (path, k[1]))
        elif lang == "fr" and s != k[1]:
            out.append("%s: %r is translated as %r; correct the French in "
                       "the source, the msgid is the French" % (path, k[1], s))
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv))
