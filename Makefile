# Recueil - GNU make.  `make run` sets up, builds and starts the daemon;
# `make test` runs every test and ends with "N passed, N failed".

PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
SBINDIR   ?= $(PREFIX)/sbin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/recueil
SYSCONFDIR ?= /etc
LOCALEDIR ?= $(PREFIX)/share/locale

CC        ?= cc
PKGS      := libevent sqlite3 libsodium libqrencode xlsxwriter libzip expat
SANITIZER ?=

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla \
	-Wno-format-nonliteral

ifeq ($(SANITIZER),)
BUILD     ?= build
SANFLAGS  :=
else
BUILD     ?= build-san
SANFLAGS  := -fsanitize=$(SANITIZER) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif

# pkg-config is asked only when building, so `make clean` works anywhere.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

CPPFLAGS  += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
	-DRECUEIL_LOCALEDIR='"$(LOCALEDIR)"'
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(SANFLAGS) $(CFLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

PROGS     := recueild recueil
LIB_SRCS  := $(filter-out $(PROGS:%=src/%.c),$(wildcard src/*.c))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/librecueil.a
BINS      := $(PROGS:%=$(BUILD)/%)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)

SETUP_STAMP := .setup-ok

# Translations (the rules are under `all`).
PO_DIR    ?= po
PO_LANGS  := fr en
PO_SRCS   ?= $(sort $(wildcard src/*.c src/*.h))
POT       := $(PO_DIR)/recueil.pot
MO_FILES  := $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/recueil.mo)
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=P_:1,2 --keyword=L_ --keyword=LP_:1,2 \
	--flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
	--flag=P_:1:pass-c-format --flag=P_:2:pass-c-format \
	--flag=L_:1:pass-c-format --flag=LP_:1:pass-c-format \
	--flag=LP_:2:pass-c-format \
	--add-comments=TRANSLATORS: --add-location=file --sort-output \
	--no-wrap --package-name=recueil --msgid-bugs-address=issues \
	--copyright-holder=
MSGMERGE_FLAGS := --quiet --no-fuzzy-matching --add-location=file \
	--sort-output --no-wrap --backup=off


# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.SECONDARY:

.PHONY: all run test check-asan check-layers check-strings unit e2e clean setup bench fuzz fuzz-build crash-test install uninstall po-update po-check po-resolve

all: $(BINS) $(TOOL_BINS) $(MO_FILES)

# ---- translations (GNU gettext; see src/i18n.h) ---------------------------
# The message ids are the French text.  `make po-update` extracts every
# _("...") and N_("...") of src/ into po/recueil.pot and merges it into
# po/fr.po (new French entries are filled with their msgid: French needs no
# translating) and po/en.po (new entries wait for their English).  The
# build checks and compiles the catalogues to $(BUILD)/locale/LL/
# LC_MESSAGES/recueil.mo; `make po-check` (run by tests/e2e/test_i18n.py)
# fails when the template is stale or a catalogue has an untranslated or
# fuzzy entry.  Locations are file names only, and entries are sorted, so
# two branches adding strings rarely touch the same lines.
$(BUILD)/locale/%/LC_MESSAGES/recueil.mo: $(PO_DIR)/%.po
	@mkdir -p $(@D)
	@$(if $(Q),echo "  MSGFMT  $<")
	$(Q)msgfmt --check -o $@ $<

po-update:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(PO_SRCS)
	@for l in $(PO_LANGS); do \
		msgmerge $(MSGMERGE_FLAGS) --update $(PO_DIR)/$$l.po $(POT) || exit 1; \
	done
	msgattrib --no-obsolete --no-wrap --sort-output -o $(PO_DIR)/fr.po $(PO_DIR)/fr.po
	msgattrib --no-obsolete --no-wrap --sort-output -o $(PO_DIR)/en.po $(PO_DIR)/en.po
	msgen --no-wrap --sort-output -o $(PO_DIR)/fr.po $(PO_DIR)/fr.po
	@# No date in the headers: two branches' updates would always conflict.
	sed -i '/^"POT-Creation-Date:/d' $(POT) $(PO_DIR)/fr.po $(PO_DIR)/en.po
	@msgfmt --statistics -o /dev/null $(PO_DIR)/en.po 2>&1 | sed 's/^/en.po: /'

# After `git merge` stopped on a conflict in po/: keep the translations
# of both sides (ours first), then extract and merge again.
po-resolve:
	@for l in $(PO_LANGS); do \
		git show :2:$(PO_DIR)/$$l.po > $(PO_DIR)/.ours.po && \
		git show :3:$(PO_DIR)/$$l.po > $(PO_DIR)/.theirs.po && \
		msgcat --use-first --no-wrap --sort-output -o $(PO_DIR)/$$l.po \
			$(PO_DIR)/.ours.po $(PO_DIR)/.theirs.po || exit 1; \
	done; rm -f $(PO_DIR)/.ours.po $(PO_DIR)/.theirs.po
	@$(MAKE) --no-print-directory po-update
	git add $(PO_DIR)/recueil.pot $(PO_DIR)/fr.po $(PO_DIR)/en.po

po-check:
	@/usr/bin/python3 tests/po_check.py $(PO_DIR) $(XGETTEXT_FLAGS) -- $(PO_SRCS)

# Install missing Debian packages (contrib/setup.sh is quiet when all is
# there).  The stamp is refreshed whenever the package list changes.
$(SETUP_STAMP): contrib/deps.txt contrib/setup.sh
	@sh contrib/setup.sh
	@touch $@

setup:
	@sh contrib/setup.sh

$(BUILD)/%.o: src/%.c | $(SETUP_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%: $(BUILD)/%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

# What the unit tests share (tests/unit/testdb.c: a fresh temporary
# database), linked into each of them.
UNIT_HELPERS := $(BUILD)/tests/testdb.o

$(BUILD)/tests/testdb.o: tests/unit/testdb.c tests/unit/testdb.h | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_HELPERS) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(UNIT_HELPERS) $(LIB) $(PKG_LIBS) -lcriterion $(ALL_LDFLAGS)

$(BUILD)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

# Start the daemon in the foreground on 127.0.0.1:$(PORT) with
# var/recueil.db; Ctrl-C stops it.  `make run PORT=8081` chooses the port
# (or PORT in the environment, which the tour's test uses).
PORT ?= 8080
run: $(BINS) $(MO_FILES)
	@mkdir -p var
	$(BUILD)/recueild --listen 127.0.0.1:$(PORT) --db var/recueil.db \
		--forms forms --demo

# Every suite; the last line reads "N passed, N failed".
test: check-layers check-strings $(BINS) $(UNIT_BINS) $(TOOL_BINS) $(MO_FILES)
	@BUILD=$(BUILD) sh tests/run.sh

# The module boundaries, read from the includes (tests/check_layers.py):
# pure modules without event2/ or sqlite3.h, evhttp only in the HTTP
# layer, SQLite only in the storage module.  The self-test first proves
# that each rule refuses a violating file.
check-layers:
	@/usr/bin/python3 tests/check_layers.py --self-test
	@/usr/bin/python3 tests/check_layers.py src

# Every user-facing string literal of src/*.c goes through gettext
# (tests/check_strings.py): prose outside _(), N_(), P_(), L_() and LP_()
# is reported as FILE:LINE:COL, and so is a sentence built from translated
# pieces.  The self-test first proves that it catches what it must.
check-strings:
	@/usr/bin/python3 tests/check_strings.py --self-test
	@/usr/bin/python3 tests/check_strings.py src

# The same suites with AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan:
	@$(MAKE) --no-print-directory SANITIZER=address,undefined test

unit: $(UNIT_BINS) $(MO_FILES)
	@BUILD=$(BUILD) sh tests/run.sh unit

e2e: $(BINS) $(TOOL_BINS) $(MO_FILES)
	@BUILD=$(BUILD) sh tests/run.sh e2e

# Throughput, latency and memory against side-by-side baselines (nginx,
# SQLite, sqlite3 -csv); never part of `make test`.  See doc/performance.md.
BENCH_BINS := $(BUILD)/bench/baseline_insert

bench: $(BINS) $(TOOL_BINS) $(BENCH_BINS)
	@BUILD=$(BUILD) /usr/bin/python3 tests/bench/bench.py

$(BUILD)/bench/%: tests/bench/%.c | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS) $(ALL_LDFLAGS)

# Crash safety with many rounds (make test runs RECUEIL_CRASH_ROUNDS=5).
CRASH_ROUNDS ?= 200
crash-test: $(BINS)
	@RECUEIL_CRASH_ROUNDS=$(CRASH_ROUNDS) RECUEIL_BUILD=$(CURDIR)/$(BUILD) \
		/usr/bin/python3 -m pytest -q -s -p no:cacheprovider \
		tests/e2e/test_crash.py

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c, seeds in
# tests/fuzz/corpus/NAME/), built with clang, ASan and UBSan in build-fuzz/.
# `make fuzz` runs each for FUZZ_SECONDS; new inputs go to
# build-fuzz/corpus/NAME/, crashes to build-fuzz/crash-*.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -g -O1
FUZZ_OBJS    := $(LIB_SRCS:src/%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD)/%.o: src/%.c | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(WARN) $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/librecueil.a: $(FUZZ_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/librecueil.a
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer \
		$(PKG_CFLAGS) -o $@ $< $(FUZZ_BUILD)/librecueil.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

# Inputs up to a 64 KB cell for the expression target: deep nesting and
# long chains only show with long inputs (issue 17); libFuzzer's default
# max_len would stop at the seeds' length.  Workbooks are archives.
FUZZ_MAX_LEN_expr     := 70000
FUZZ_MAX_LEN_workbook := 65536

fuzz: $(FUZZ_BINS)
	@for n in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		case $$n in \
		expr) ml=-max_len=$(FUZZ_MAX_LEN_expr) ;; \
		workbook) ml=-max_len=$(FUZZ_MAX_LEN_workbook) ;; \
		*) ml= ;; \
		esac; \
		echo "== fuzz $$n for $(FUZZ_SECONDS) s $$ml"; \
		$(FUZZ_BUILD)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) $$ml \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$n- \
			$(FUZZ_BUILD)/corpus/$$n tests/fuzz/corpus/$$n \
			2>&1 | tail -n 3 || exit 1; \
	done

clean:
	rm -rf build build-san build-fuzz .setup-ok

# ---- install / uninstall --------------------------------------------------
# `sudo make install PREFIX=/usr` for a Debian server; DESTDIR for staging.
# recueild goes to $(SBINDIR) (a system daemon, recueild(8)), recueil to
# $(BINDIR).  The unit's paths follow SBINDIR, DATADIR and SYSCONFDIR.  The
# example configuration is copied to $(SYSCONFDIR)/recueil/recueil.conf
# only when that file does not exist: an admin's file is never replaced,
# and uninstall leaves $(SYSCONFDIR)/recueil alone.
UNITDIR   ?= $(PREFIX)/lib/systemd/system
MAN1      := contrib/man/recueil.1
MAN5      := contrib/man/recueil-forms.5 contrib/man/recueil.conf.5
MAN8      := contrib/man/recueild.8
FORM_CSVS := $(wildcard forms/*.csv)
ETC_CONF  := $(DESTDIR)$(SYSCONFDIR)/recueil/recueil.conf

install: $(BINS) $(MO_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/forms \
		$(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/recueild $(DESTDIR)$(SBINDIR)/recueild
	install -m 0755 $(BUILD)/recueil $(DESTDIR)$(BINDIR)/recueil
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	$(if $(FORM_CSVS),install -m 0644 $(FORM_CSVS) $(DESTDIR)$(DATADIR)/forms/)
	install -m 0644 contrib/recueil.conf $(DESTDIR)$(DATADIR)/recueil.conf.example
	for l in $(PO_LANGS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/recueil.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/recueil.mo || exit 1; \
	done
	sed -e 's|/usr/sbin/recueild|$(SBINDIR)/recueild|g' \
		-e 's|/usr/share/recueil/|$(DATADIR)/|g' \
		-e 's|/etc/recueil/|$(SYSCONFDIR)/recueil/|g' \
		contrib/recueild.service > $(DESTDIR)$(UNITDIR)/recueild.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/recueild.service
	@if [ -e $(ETC_CONF) ]; then \
		echo "install: keeping $(ETC_CONF); the new example is $(DESTDIR)$(DATADIR)/recueil.conf.example"; \
	else \
		install -d $(DESTDIR)$(SYSCONFDIR)/recueil && \
		install -m 0644 contrib/recueil.conf $(ETC_CONF) && \
		echo "install: created $(ETC_CONF); edit base_url there"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/recueild $(DESTDIR)$(BINDIR)/recueil
	rm -f $(MAN1:contrib/man/%=$(DESTDIR)$(MANDIR)/man1/%) \
		$(MAN5:contrib/man/%=$(DESTDIR)$(MANDIR)/man5/%) \
		$(MAN8:contrib/man/%=$(DESTDIR)$(MANDIR)/man8/%)
	rm -f $(FORM_CSVS:forms/%=$(DESTDIR)$(DATADIR)/forms/%)
	rm -f $(DESTDIR)$(DATADIR)/recueil.conf.example
	rm -f $(PO_LANGS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/recueil.mo)
	rm -f $(DESTDIR)$(UNITDIR)/recueild.service
	rmdir $(DESTDIR)$(DATADIR)/forms $(DESTDIR)$(DATADIR) 2>/dev/null || true
	@echo "uninstall: $(ETC_CONF) and the database (/var/lib/recueil) are kept"

-include $(LIB_OBJS:.o=.d) $(PROGS:%=$(BUILD)/%.d) $(FUZZ_OBJS:.o=.d)
