"""Accessibility checks shared by the browser tests: what axe-core would
check first (it cannot be installed offline), run in the page, and the
names the browser's own accessibility tree gives to controls."""

# Problems found in the page shown: every field labelled, every group of
# radios or checkboxes in a fieldset with a legend, every button and link
# named, no positive tabindex, no id twice, nothing wider than the
# screen, tap targets of 44 px, an h1, the page's language.
A11Y = """
const out = [];
const shown = el => el.getClientRects().length > 0;
for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const named = (el.id && document.querySelector(
                       'label[for="' + CSS.escape(el.id) + '"]'))
        || el.closest('label') || el.getAttribute('aria-label');
    if (!named) out.push('no label: ' + el.outerHTML.slice(0, 90));
    if ((el.type === 'radio' || el.type === 'checkbox')
            && document.querySelectorAll('input[name="' + el.name
                                         + '"]').length > 1) {
        const fs = el.closest('fieldset');
        if (!fs || !fs.querySelector('legend'))
            out.push('group without fieldset/legend: ' + el.name);
    }
}
for (const b of document.querySelectorAll('button, a[href]')) {
    const name = (b.getAttribute('aria-label') || b.textContent).trim();
    if (!name) out.push('unnamed: ' + b.outerHTML.slice(0, 90));
}
for (const el of document.querySelectorAll('[tabindex]'))
    if (parseInt(el.getAttribute('tabindex'), 10) > 0)
        out.push('positive tabindex: ' + el.outerHTML.slice(0, 90));
const ids = {};
for (const el of document.querySelectorAll('[id]')) {
    if (ids[el.id]) out.push('duplicate id: ' + el.id);
    ids[el.id] = 1;
}
if (document.documentElement.scrollWidth > window.innerWidth)
    out.push('wider than the screen: '
             + document.documentElement.scrollWidth);
for (const el of document.querySelectorAll('main button, main select')) {
    const r = el.getBoundingClientRect();
    if (shown(el) && r.height < 44)
        out.push('tap target ' + r.height + 'px: '
                 + el.outerHTML.slice(0, 60));
}
if (!document.querySelector('h1')) out.push('no h1');
if (document.documentElement.lang !== 'fr') out.push('lang');
return out;
"""


def ax_names(drv, role):
    """The accessible names chromium computes for the shown elements of a
    role ("radio", "group", "image"), in page order."""
    tree = drv.execute_cdp_cmd("Accessibility.getFullAXTree", {})
    return [n.get("name", {}).get("value") for n in tree["nodes"]
            if not n.get("ignored") and
            n.get("role", {}).get("value") == role]


def focus_ring(drv):
    """The focused element's outline: [style, width]."""
    return drv.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, s.outlineWidth];")
