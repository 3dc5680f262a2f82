#!/usr/bin/python3
"""check_layers.py - the module boundaries of src/, checked on the includes.

    tests/check_layers.py [SRC_DIR]   check SRC_DIR (default: src/)
    tests/check_layers.py --self-test prove that each rule catches a
                                      violating file and passes a clean tree

Rules (README.md, "Layers"):
  1. A pure module (the form model, the expressions, the answers, the
     statistics core, the CSV writer, the parsers, tokens and codes) does
     no network or database I/O: neither it nor any project header it
     includes, however indirectly, includes <event2/...> or <sqlite3.h>.
  2. Only the HTTP layer (http.c, connlimit.c) includes <event2/http.h>.
     HTTP_PENDING lists the files that still do while they are being moved
     into it (empty now); shorten the list as they are cleaned, never
     lengthen it.
  3. Only the storage module (store*.c, and the backup module, which uses
     SQLite's backup API) includes <sqlite3.h> or "store_int.h".

Prints one line per violation ("src/FILE:LINE: ...") and exits 1 when
there is any, 0 otherwise.  Runs with the standard library only.
"""
import os
import re
import sys
import tempfile

# Rule 1: the stems of the pure modules (NAME.c and NAME.h).  A name that
# does not exist yet is skipped, so the list can name modules on their way.
PURE = [
    "form", "sheet", "expr", "answers", "stats", "csvout", "urlenc",
    "multipart", "token", "code", "util", "diag", "route", "errpage",
    "formdiff", "editor", "editor_action", "fold", "skip", "period", "kiosk",
    "hotreq",
]

# Rule 2.
# connlimit.c is the transport's connection limits (evhttp's bufferevent
# and listener callbacks): part of the HTTP layer.
HTTP_LAYER = {"http.c", "http.h", "connlimit.c", "connlimit.h"}
# Empty since the web layer moved evhttp into http.c (issue 12): keep it so.
HTTP_PENDING = set()

# Rule 3.
STORAGE = re.compile(r"^store(_[a-z0-9_]+)?\.[ch]$")
STORAGE_EXTRA = {"backup.c"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def includes(path):
    """[(line, name, quoted)] of the #include lines of `path`."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # Blank out comments but keep their newlines, so lines still count.
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        m = INCLUDE.match(line)
        if m:
            out.append((no, m.group(2), m.group(1) == '"'))
    return out


def system_closure(src, name, seen=None):
    """{system header: chain} reached from src/name through project headers."""
    seen = set() if seen is None else seen
    found = {}
    if name in seen or not os.path.isfile(os.path.join(src, name)):
        return found
    seen.add(name)
    for _, inc, quoted in includes(os.path.join(src, name)):
        if quoted and os.path.isfile(os.path.join(src, inc)):
            for sys_h, chain in system_closure(src, inc, seen).items():
                found.setdefault(sys_h, [inc] + chain)
        else:
            found.setdefault(inc, [])
    return found


def check(src, pending=None):
    pending = HTTP_PENDING if pending is None else pending
    problems = []
    files = sorted(f for f in os.listdir(src) if f.endswith((".c", ".h")))
    for f in files:
        path = os.path.join(src, f)
        stem = f[:-2]
        # Rule 1, through every project header.
        if stem in PURE:
            for no, inc, quoted in includes(path):
                if quoted and os.path.isfile(os.path.join(src, inc)):
                    reached = system_closure(src, inc)
                    via = " (through %s)"
                else:
                    reached = {inc: []}
                    via = "%s"
                for sys_h, chain in reached.items():
                    if sys_h.startswith("event2/") or sys_h == "sqlite3.h":
                        path_s = " -> ".join([inc] + chain) if chain or quoted \
                            else ""
                        problems.append(
                            "%s:%d: includes %s%s: %s is a pure module, "
                            "without network or database I/O"
                            % (path, no, sys_h,
                               via % path_s if path_s else "", stem))
        for no, inc, quoted in includes(path):
            # Rule 2.
            if inc == "event2/http.h" and f not in HTTP_LAYER \
                    and f not in pending:
                problems.append(
                    "%s:%d: includes event2/http.h: only the HTTP layer "
                    "(http.c, connlimit.c) calls evhttp" % (path, no))
            # Rule 3.
            if inc in ("sqlite3.h", "store_int.h") and not STORAGE.match(f) \
                    and f not in STORAGE_EXTRA:
                problems.append(
                    "%s:%d: includes %s: only the storage module (store*.c) "
                    "and backup.c use SQLite; go through store.h"
                    % (path, no, inc))
    # A pending file that no longer needs its exception must leave the list.
    for f in sorted(pending):
        path = os.path.join(src, f)
        if os.path.isfile(path) and not any(
                inc == "event2/http.h" for _, inc, _ in includes(path)):
            problems.append(
                "%s: no longer includes event2/http.h: remove it from "
                "HTTP_PENDING in %s" % (path, os.path.relpath(__file__)))
    return problems


def self_test():
    """Each rule must fail on a violating tree and pass on a clean one."""
    clean = {
        "http.c": "#include <event2/http.h>\n#include \"http.h\"\n",
        "http.h": "struct evhttp_request;\n",
        "store.c": "#include <sqlite3.h>\n#include \"store_int.h\"\n",
        "store_int.h": "#include <sqlite3.h>\n#include \"store.h\"\n",
        "store.h": "struct store;\n",
        "backup.c": "#include <sqlite3.h>\n",
        "expr.c": "#include <stdio.h>\n#include \"expr.h\"\n#include \"store.h\"\n",
        "expr.h": "/* #include <sqlite3.h> in a comment is fine */\n",
        "admin.c": "#include <event2/http.h>\n",
        "writer.c": "#include \"store.h\"\n#include <event2/event.h>\n",
    }
    bad = [
        ("expr.c", "#include <sqlite3.h>\n", "expr is a pure module"),
        ("csvout.c", "#include <event2/buffer.h>\n", "csvout is a pure module"),
        # Indirectly, through a project header.
        ("form.c", "#include \"admin_int.h\"\n", "(through admin_int.h"),
        ("admin_int.h", "#include <event2/http.h>\n", "only the HTTP layer"),
        ("html.c", "#include <event2/http.h>\n", "only the HTTP layer"),
        ("admin_export.c", "#include <event2/http.h>\n",
         "only the HTTP layer"),
        ("writer.c", "#include \"store_int.h\"\n", "only the storage module"),
        ("results.c", "#include <sqlite3.h>\n", "only the storage module"),
        ("admin.c", "#include <event2/event.h>\n", "remove it from"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as d:
        def write(files):
            for f in os.listdir(d):
                os.unlink(os.path.join(d, f))
            for f, text in files.items():
                with open(os.path.join(d, f), "w") as fp:
                    fp.write(text)

        write(clean)
        # admin.c stands for a file still being moved into the HTTP layer.
        pending = {"admin.c"}
        if check(d, pending):
            print("self-test: the clean tree was refused: %s"
                  % check(d, pending))
            failures += 1
        for f, text, expect in bad:
            files = dict(clean)
            files[f] = text
            if f == "form.c":
                files["admin_int.h"] = "#include <event2/event.h>\n"
            write(files)
            got = check(d, pending)
            if not any(expect in p and f in p for p in got):
                print("self-test: %s with %r was not refused as expected "
                      "(%r); got %r" % (f, text.strip(), expect, got))
                failures += 1
    if failures:
        print("check-layers self-test: %d failure(s)" % failures)
        return 1
    print("check-layers self-test: %d violations caught, clean tree passes"
          % len(bad))
    return 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--self-test":
        return self_test()
    src = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src")
    problems = check(os.path.normpath(src))
    for p in problems:
        print(p)
    if problems:
        print("check-layers: %d violation(s)" % len(problems))
        return 1
    print("check-layers: the layers hold")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
