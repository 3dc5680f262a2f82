/*
 * html_cache.c - pre-rendered form pages (see html_cache.h).
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "form.h"
#include "html.h"
#include "html_cache.h"
#include "store.h"
#include "token.h"
#include "util.h"

/*
 * A handful of meetings are open at a time; 32 pages of ~7 KB bound the
 * cache to about 224 KB.  Replacement is round robin.
 */
#define HTML_CACHE_SIZE 32

struct page {
	const struct form *form;
	int64_t version_id;
	int64_t meeting_id;
	size_t lang;
	char code[16];
	char *texts;            /* title, date, level, centre, place, NUL-separated */
	size_t texts_len;
	char *html;             /* the page with the placeholder token */
	size_t len;
	size_t token_at;        /* offset of the placeholder in html */
};

static struct page pages[HTML_CACHE_SIZE];
static size_t next_victim;

static void
page_release(struct page *p)
{
	free(p->texts);
	free(p->html);
	memset(p, 0, sizeof(*p));
}

void
html_cache_clear(void)
{
	for (size_t i = 0; i < HTML_CACHE_SIZE; i++)
		page_release(&pages[i]);
	next_victim = 0;
}

/* The meeting's texts that a page shows, packed for comparison. */
static char *
pack_texts(const struct meeting *m, size_t *len)
{
	const char *t[5] = { m->title, m->date, m->level, m->centre, m->place };
	size_t n = 0, at = 0;
	char *s;

	for (int i = 0; i < 5; i++)
		n += strlen(t[i] != NULL ? t[i] : "") + 1;
	s = xmalloc(n);
	for (int i = 0; i < 5; i++) {
		size_t l = strlen(t[i] != NULL ? t[i] : "") + 1;

		memcpy(s + at, t[i] != NULL ? t[i] : "", l);
		at += l;
	}
	*len = n;
	return s;
}

static int
same_texts(const struct page *p, const struct meeting *m)
{
	const char *t[5] = { m->title, m->date, m->level, m->centre, m->place };
	const char *s = p->texts, *end = p->texts + p->texts_len;

	for (int i = 0; i < 5; i++) {
		const char *v = t[i] != NULL ? t[i] : "";
		size_t l = strlen(v) + 1;

		if ((size_t)(end - s) < l || memcmp(s, v, l) != 0)
			return 0;
		s += l;
	}
	return 1;
}

static struct page *
lookup(const struct form *f, const struct meeting *m, size_t lang)
{
	for (size_t i = 0; i < HTML_CACHE_SIZE; i++) {
		struct page *p = &pages[i];

		if (p->html != NULL && p->form == f &&
		    p->version_id == f->version_id && p->meeting_id == m->id &&
		    p->lang == lang && strcmp(p->code, m->code) == 0 &&
		    same_texts(p, m))
			return p;
	}
	return NULL;
}

/* Render into a new entry; NULL when the page cannot be split. */
static struct page *
render(const struct form *f, const struct meeting *m, size_t lang)
{
	char placeholder[TOKEN_TEXT_LEN + 1];
	struct evbuffer *b = evbuffer_new();
	struct page *p = NULL;
	const char *html, *at;
	size_t len;

	/* Characters a token never holds, so the split is unambiguous. */
	memset(placeholder, '!', TOKEN_TEXT_LEN);
	placeholder[TOKEN_TEXT_LEN] = '\0';
	html_form(b, f, m, lang, placeholder, NULL);
	len = evbuffer_get_length(b);
	html = (const char *)evbuffer_pullup(b, -1);
	at = html != NULL ? memmem(html, len, placeholder, TOKEN_TEXT_LEN) : NULL;
	if (at == NULL || memmem(at + TOKEN_TEXT_LEN,
	    len - (size_t)(at - html) - TOKEN_TEXT_LEN, placeholder,
	    TOKEN_TEXT_LEN) != NULL)
		goto done;
	p = &pages[next_victim];
	next_victim = (next_victim + 1) % HTML_CACHE_SIZE;
	page_release(p);
	p->form = f;
	p->version_id = f->version_id;
	p->meeting_id = m->id;
	p->lang = lang;
	memcpy(p->code, m->code, sizeof(p->code));
	p->texts = pack_texts(m, &p->texts_len);
	p->html = xmalloc(len);
	memcpy(p->html, html, len);
	p->len = len;
	p->token_at = (size_t)(at - html);
done:
	evbuffer_free(b);
	return p;
}

void
html_cache_form(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const char *token)
{
	struct page *p = lookup(f, m, lang);
	struct evbuffer_iovec v;

	if (p == NULL && (p = render(f, m, lang)) == NULL) {
		html_form(out, f, m, lang, token, NULL);
		return;
	}
	/* One contiguous chunk: the page with the token copied in place. */
	if (evbuffer_reserve_space(out, (ev_ssize_t)p->len, &v, 1) < 1 ||
	    v.iov_len < p->len) {
		evbuffer_add(out, p->html, p->token_at);
		evbuffer_add(out, token, TOKEN_TEXT_LEN);
		evbuffer_add(out, p->html + p->token_at + TOKEN_TEXT_LEN,
		    p->len - p->token_at - TOKEN_TEXT_LEN);
		return;
	}
	memcpy(v.iov_base, p->html, p->len);
	memcpy((char *)v.iov_base + p->token_at, token, TOKEN_TEXT_LEN);
	v.iov_len = p->len;
	evbuffer_commit_space(out, &v, 1);
}
