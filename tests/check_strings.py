#!/usr/bin/python3
"""check_strings.py - every user-facing string of src/ goes through gettext.

    tests/check_strings.py [SRC_DIR]   check SRC_DIR/*.[ch] (default: src/)
    tests/check_strings.py --all       also list PENDING files' strings
    tests/check_strings.py --self-test prove that each kind of prose is
                                       caught and that markup, SQL and the
                                       wrapped strings pass

A string literal (adjacent literals count as one, as the compiler joins
them) is prose when, once its HTML tags, entities and printf directives
are set aside, it holds
  - a letter outside ASCII ("Précédent", "Merci !"), or
  - two words of letters side by side ("Thank you", "Send my answers"), or
  - a word between two tags or after one (">Merci<", ">English</a>"), or
  - a capitalised word standing alone ("Suivant", "Merci").
Prose must be the argument of _(), N_() or P_() (the innermost call
around it), or be listed in ALLOW below with the reason it is not read by
a person in their language.  Markup, CSS, SQL and HTTP header values are
recognised by their shape (see machine()).

Prints "src/FILE:LINE:COL: not through gettext: "TEXT"" for each and exits
1 when there is any.  Runs with the standard library only.
"""
import os
import re
import sys
import tempfile
import unicodedata

# _() and P_() in the thread's language, N_() in tables, L_() and LP_()
# in the operator's (the daemon's log), all in src/i18n.h.
WRAPPERS = {"_", "N_", "P_", "L_", "LP_"}

# Strings that look like prose and are not a person's reading, by file
# (None: any file), with a regular expression matched against the whole
# (joined) literal.  Keep it short; say why for each.
ALLOW = [
    # The other language's name, written in that language on purpose: the
    # "English" link of a French page and "Français" of an English one.
    ("html.c", r"^(Français|English)$"),
    ("lang_page.c", r"^(Français|English)$"),
    # The access log (one line per request): fixed tokens that scripts
    # split on, not sentences; a hot path (no lookup per request).
    ("http.c", r"^(GET|POST|HEAD|PUT|DELETE|OPTIONS|OTHER)$"),
    # Lines that scripts read from the daemon's log (tests/harness.py, make
    # bench, contrib): the address it listens on, the writer's figures.
    ("http.c", r"^listening on http://"),
    # The request log's hourly count of public pages (test_log_privacy.py
    # and test_hotpath.py read it): written on the request path, which
    # keeps fixed tokens and does no lookup.
    ("http.c", r"^recueild: public pages: %lu requests during %s\n$"),
    ("writer.c", r"^recueild: writer: (%lu submission|batch sizes)"),
    # HTTP's own words: the reason phrases of the status line, and the
    # English day and month names that HTTP dates are written with.
    ("http.c", r"^(See Other|Bad Request|Unauthorized|Forbidden|Not Found|"
               r"Method Not Allowed|Request Timeout|Gone|Payload Too Large|"
               r"URI Too Long|Unsupported Media Type|Unprocessable Content|"
               r"Too Many Requests|Internal Server Error|"
               r"Service Unavailable|Status)$"),
    ("http.c", r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat|Jan|Feb|Mar|Apr|May|Jun|Jul|"
               r"Aug|Sep|Oct|Nov|Dec)$"),
    # XLSForm's type keywords, read from a form's survey sheet and written
    # back to it: the standard's English, in every language.
    ("form.c", r"^(begin|end|add|select)( \w+)+$|^ from file $"),
    ("editor.c", r"^select (one|multiple|all that apply)( from)? ?$"),
    # Values kept in the database and in the forms (a meeting's level, a
    # participation level): the same words whatever the reader's language.
    ("meeting.c", r"^(départemental|régional|Berry|commission technique)$"),
    ("recueild.c", r"^départemental$"),
    ("form.c", r"^(codécision|CODÉCISION)$"),
    ("html_editor.c", r"^codécision$"),
    # The accents fold() removes: a table of letters, not words.
    ("fold.c", r"^aaaaaaac"),
    # The workbook's XML attribute names (Office Open XML).
    ("sheet_xlsx.c", r"^(Relationship|Type|Target)$"),
    # The commands' names, typed as they are ("recueil forms").
    (None, r"^recueild?( [a-z]+)*$"),
    # The name of the program and of the project in titles ("– Recueil").
    (None, r"^\s*[–-]?\s*Recueil\s*$"),
    # HTTP header names and values (machine-read).
    (None, r"^(Content-Type|Content-Disposition|Content-Length|Cache-Control|"
           r"Location|Set-Cookie|Cookie|Referrer-Policy|Retry-After|Allow|"
           r"Content-Security-Policy|X-Content-Type-Options|X-Frame-Options|"
           r"Permissions-Policy|Vary|Accept-Language|Host|Origin|Connection|"
           r"Cross-Origin-[A-Za-z-]+|Strict-Transport-Security|Last-Modified|"
           r"ETag|If-None-Match|Expires|Date|Server|Transfer-Encoding|"
           r"Expect|Upgrade)$"),
]

# Files whose English messages are still being put through gettext, with
# how many each still has: a file may not get more (a new string there is
# refused like anywhere else) and, once it has fewer, its number must come
# down here (or the file leave the list), so the list only shrinks.  Empty
# now: keep it so.  `tests/check_strings.py --all` lists every string of
# the files named here.
PENDING = {}

# Literals that are markup or code, whatever words they hold.
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE|PRAGMA|WHERE|"
                 r"FROM|VALUES|ORDER BY|GROUP BY|ALTER TABLE|DROP|BEGIN|"
                 r"COMMIT|ROLLBACK|SAVEPOINT|RELEASE|JOIN|ON CONFLICT|"
                 r"PRIMARY KEY|NOT NULL|REFERENCES|INTEGER|TEXT|LIMIT|"
                 r"COALESCE|RETURNING|IS NULL|IS NOT NULL)\b|\?\d")
CSS = re.compile(r"[\w-]+:[^;{}]*;|[.#]?[\w-]+\{[^}]*")
TAG = re.compile(r"<[^<>]*>")
ENTITY = re.compile(r"&#?\w+;")
DIRECTIVE = re.compile(r"%[-+ #0']*(\*|\d+)?(\.(\*|\d+))?"
                       r"(hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspn%]")
TWO_WORDS = re.compile(r"(?<![\w.:/#@-])[A-Za-z]{2,}[']?[A-Za-z]*"
                       r"(?: +[A-Za-z]+)* +[A-Za-z]{2,}(?![\w(=:/_-])")
BETWEEN_TAGS = re.compile(r">\s*[^<>\s]*[A-Za-z]{2,}[^<>]*(<|$)")
CAPITALISED = re.compile(r"^\s*[A-Z][a-z]{2,}\s*[!?.:]?\s*$")


def machine(text):
    """Whether a joined literal is markup, CSS or SQL and holds no prose."""
    if SQL.search(text):
        return True
    # A style sheet, or a script: braces and declarations, no tag.
    if "{" in text and CSS.search(text) and \
            not re.search(r"</(?!style>)", text):
        return True
    if re.search(r"\bfunction\s*\(|\bvar \w+=", text):
        return True
    # An XML document (the workbooks' parts).
    if text.lstrip().startswith("<?xml"):
        return True
    return False


def visible(text):
    """The text a person would see: tags, entities, directives removed."""
    t = text
    # A tag cut by the end of the literal: its start or end is markup.
    first_lt, first_gt = t.find("<"), t.find(">")
    if first_gt >= 0 and (first_lt < 0 or first_gt < first_lt):
        t = " " + t[first_gt + 1:]
    # A command shown as code is typed as it is, in every language.
    t = re.sub(r"<code>.*?</code>", " ", t)
    t = TAG.sub(" ", t)
    # Attributes outside a whole tag (a literal often stops inside one).
    t = re.sub(r"[\w:-]+=\"[^\"]*\"?", " ", t)
    if "<" in t:
        t = t[:t.rfind("<")]
    t = ENTITY.sub(" ", t)
    t = DIRECTIVE.sub(" ", t)
    return t


def prose(text):
    """The reason `text` reads as prose, or None."""
    if machine(text):
        return None
    t = visible(text)
    for ch in t:
        if ord(ch) > 127 and unicodedata.category(ch).startswith("L"):
            return "non-ASCII letter"
    if TWO_WORDS.search(t):
        return "words"
    if BETWEEN_TAGS.search(text) and re.search(r"[A-Za-z]{2,}", t):
        return "text between tags"
    if CAPITALISED.match(t) and not re.search(r"[<>=/]", text):
        return "a word"
    return None


def fragment(text):
    """Whether a message id is a piece of a sentence that other pieces
    complete: it starts with a space (" du ", " réponses"), or ends with
    a word and a space or a comma and a space ("modifié par ", "%zu
    question, ").  A label's colon ("Mot de passe : ") is whole."""
    if text.strip() == "":
        return False
    if text[0] in " \t":
        return True
    return bool(re.search(r"(\w|,) $", text))


def decode(raw):
    """The characters of a literal's body (escapes resolved, as UTF-8)."""
    out = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, "0": 0, "\\": 92, "'": 39, '"': 34,
              "a": 7, "b": 8, "f": 12, "v": 11, "?": 63, "e": 27}
    while i < len(raw):
        c = raw[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        n = raw[i + 1] if i + 1 < len(raw) else ""
        if n == "x":
            m = re.match(r"[0-9a-fA-F]+", raw[i + 2:])
            out.append(int(m.group(0), 16) & 255 if m else 0)
            i += 2 + (len(m.group(0)) if m else 0)
        elif n in "01234567" and n:
            m = re.match(r"[0-7]{1,3}", raw[i + 1:])
            out.append(int(m.group(0), 8) & 255)
            i += 1 + len(m.group(0))
        else:
            out.append(simple.get(n, ord(n) if n else 0))
            i += 2
    return out.decode("utf-8", errors="replace")


WORD = re.compile(r"\w+")
DIRECTIVE_LINE = re.compile(r"#\s*(include|pragma|error|warning|line)\b[^\n]*")


def tokens(src):
    """(kind, value, line, col) of a C file: identifiers, punctuation,
    string literals; comments, character literals and preprocessor
    include lines are skipped."""
    i, line, col0 = 0, 1, 0
    n = len(src)
    bol = True
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            col0 = i + 1
            i += 1
            bol = True
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += src.count("\n", i, j)
            k = src.rfind("\n", i, j)
            if k >= 0:
                col0 = k + 1
            i = j
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and bol:
            m = DIRECTIVE_LINE.match(src, i)
            if m:
                i = m.end()
                continue
        bol = False
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                if src[j] == "\\":
                    j += 1
                j += 1
            if c == '"':
                yield ("str", src[i + 1:j], line, i - col0 + 1)
            i = j + 1
            continue
        if c.isalpha() or c == "_":
            m = WORD.match(src, i)
            yield ("id", m.group(0), line, i - col0 + 1)
            i = m.end()
            continue
        if c == "\\" and src.startswith("\\\n", i):
            i += 1
            continue
        yield ("punct", c, line, i - col0 + 1)
        i += 1


def literals(src):
    """(text, line, col, innermost call name) of each joined literal."""
    stack = []          # the identifier before each open parenthesis
    prev = None
    group = None
    for kind, val, line, col in tokens(src):
        if kind == "str":
            if group is None:
                group = [decode(val), line, col,
                         stack[-1] if stack else None]
            else:
                group[0] += decode(val)
            prev = ("str", val)
            continue
        if group is not None:
            yield tuple(group)
            group = None
        if kind == "punct" and val == "(":
            stack.append(prev[1] if prev and prev[0] == "id" else None)
        elif kind == "punct" and val == ")" and stack:
            stack.pop()
        elif kind == "punct" and val in ";{}" and val != "":
            # A statement ends: no call is still open (macros aside).
            if val != ";" or not stack:
                stack = [] if val in "{}" else stack
        prev = (kind, val)
    if group is not None:
        yield tuple(group)


def allowed(fname, text):
    seen = visible(text).strip()
    for f, pat in ALLOW:
        if (f is None or f == fname) and (re.search(pat, text) or
                                          re.search(pat, seen)):
            return True
    return False


def check_file(path):
    with open(path, encoding="utf-8", errors="replace") as fp:
        src = fp.read()
    fname = os.path.basename(path)
    problems = []
    for text, line, col, call in literals(src):
        if call in WRAPPERS:
            if call != "N_" and fragment(text):
                problems.append("%s:%d:%d: a piece of a sentence: make the "
                                "whole sentence one message with %%s "
                                "(word order differs between languages): "
                                "%s" % (path, line, col, text))
            continue
        why = prose(text)
        if why is None or allowed(fname, text):
            continue
        shown = text if len(text) <= 70 else text[:67] + "..."
        problems.append("%s:%d:%d: not through gettext (%s): %s"
                        % (path, line, col, why,
                           repr(shown)[1:-1] if "\n" in shown else shown))
    return problems


def check(src, pending=None, show_all=False):
    """The problems of SRC_DIR/*.c, a pending file's only when its count
    is not the one PENDING gives (or with show_all)."""
    pending = PENDING if pending is None else pending
    problems = []
    me = os.path.relpath(__file__)
    for f in sorted(os.listdir(src)):
        if not f.endswith((".c", ".h")):
            continue
        found = check_file(os.path.join(src, f))
        want = pending.get(f)
        if want is None or show_all:
            problems += found
        elif len(found) > want:
            problems += found
            problems.append("%s: %d strings not through gettext, %d "
                            "pending in %s: a new one must use _()"
                            % (os.path.join(src, f), len(found), want, me))
        elif len(found) < want:
            problems.append("%s: %d strings left, PENDING in %s says %d: "
                            "lower it (or remove the file at 0)"
                            % (os.path.join(src, f), len(found), me, want))
    for f in sorted(pending):
        if not os.path.isfile(os.path.join(src, f)):
            problems.append("%s: in PENDING of %s but not in %s: remove it"
                            % (f, me, src))
    return problems


# (file text, what must be in the complaint, or None when it must pass)
SELF_TEST = [
    # Caught: the shapes of strings once written by hand.
    ('x = english ? "Thank you" : "Merci";', "Thank you"),
    ('x = english ? "Thank you" : "Merci";', "Merci"),
    ('static const char *w[] = { "Suivant", "Précédent" };', "Suivant"),
    ('PUT(out, "<h1>Merci !</h1><p>Vos réponses à « ");', "Merci"),
    ('PUT(out, "\\"><button type=\\"submit\\">New answer</button>");',
     "New answer"),
    ('PUT(out, "<p>You can close this page.</p>");', "close this page"),
    ('evbuffer_add_printf(out, ", and kept %d days", days);', "kept"),
    ('fprintf(stderr, "%s:%d:%d: unknown setting %s\\n", f, l, c, k);',
     "unknown setting"),
    ('log_info("listening on %s", a);', "listening on"),
    ('x = "Pas de r\\xc3\\xa9seau";', "Pas de r"),
    ('x = "Vos réponses " "restent ici";', "restent ici"),
    ('x = g("Envoyer mes réponses");', "Envoyer mes"),
    ('{ "close", cmd_close, 0, "close a meeting" },', "close a meeting"),
    # Passes: wrapped, markup, code, SQL, machine names, comments.
    ('x = _("Merci !");', None),
    ('x = P_("%d réponse", "%d réponses", n);', None),
    ('static const char *t[] = { N_("Pas content"), N_("Moyen") };', None),
    ('PUT(out, "<p class=\\"notice\\">");', None),
    ('PUT(out, "<label class=\\"opt\\"><input type=\\"radio\\" name=\\"");',
     None),
    ('static const char s[] = "body{margin:0;font:1rem/1.5 system-ui,'
     'sans-serif}" ".langs a{display:inline-block}";', None),
    ('q = "SELECT id, code FROM meetings WHERE code = ?";', None),
    ('h = "Content-Type"; v = "text/html; charset=utf-8";', None),
    ('/* "Une phrase en commentaire" */ x = 1; // "and another one"', None),
    ('#include "i18n.h"\nx = \'"\';', None),
    ('x = "q-"; y = "%s: %s"; z = "utf-8"; w = "fr";', None),
    # A sentence built from translated pieces (word order is fixed).
    ('put(_("Rencontres tenues")); put(_(" du ")); put(d);', "du"),
    ('put(P_(" réponse", " réponses", n));', "réponse"),
    ('printf(P_("%zu question, ", "%zu questions, ", n), n);', "question"),
    ('printf(_("Brouillon modifié par "));', "modifié par"),
    ('printf(_("Mot de passe : ")); x = _("Période : %s.");', None),
    ('PUT(out, "\\" hreflang=\\"en\\" lang=\\"en\\">English</a></p>");',
     None),
]


def self_test_pending():
    """The list of pending files only shrinks."""
    failures = 0
    two = 'x = "one sentence"; y = "another sentence";\n'
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "store.c"), "w") as fp:
            fp.write(two)
        for pending, expect in (({"store.c": 2}, None),
                                ({"store.c": 1}, "a new one must use _()"),
                                ({"store.c": 3}, "lower it"),
                                ({"store.c": 2, "gone.c": 1}, "remove it"),
                                ({}, "another sentence")):
            got = check(d, pending)
            ok = not got if expect is None else any(expect in p
                                                    for p in got)
            if not ok:
                print("self-test: PENDING %r: expected %r, got %r"
                      % (pending, expect, got))
                failures += 1
    return failures


def self_test():
    failures = self_test_pending()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "html.c")
        for text, expect in SELF_TEST:
            with open(path, "w", encoding="utf-8") as fp:
                fp.write(text + "\n")
            got = check_file(path)
            if expect is None and got:
                print("self-test: refused %r: %r" % (text, got))
                failures += 1
            elif expect is not None and not any(expect in p for p in got):
                print("self-test: %r not caught (%r); got %r"
                      % (text, expect, got))
                failures += 1
    if failures:
        print("check-strings self-test: %d failure(s)" % failures)
        return 1
    print("check-strings self-test: %d cases caught, %d clean ones pass"
          % (sum(e is not None for _, e in SELF_TEST),
             sum(e is None for _, e in SELF_TEST)))
    return 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--self-test":
        return self_test()
    show_all = "--all" in argv
    argv = [a for a in argv if a != "--all"]
    ours = os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    src = os.path.normpath(argv[1]) if len(argv) > 1 else ours
    # PENDING is about this project's src/; another tree has none.
    pending = PENDING if os.path.abspath(src) == ours else {}
    problems = check(src, pending, show_all=show_all)
    for p in problems:
        print(p)
    if problems:
        print("check-strings: %d string(s) not through gettext: wrap them "
              "in _(), N_() or P_() (src/i18n.h), or say in ALLOW of %s why "
              "a person does not read them" % (len(problems),
                                                os.path.relpath(__file__)))
        return 1
    left = sum(pending.values())
    print("check-strings: every user-facing string goes through gettext"
          + (" (%d pending in %d file(s), see PENDING)"
             % (left, len(pending))
             if left else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
