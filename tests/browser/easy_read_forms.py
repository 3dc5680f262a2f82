"""The easy-read form made from the bundled one (for the browser test)."""


def easy_form(forms_dir):
    src = (forms_dir / "rencontre-reseau.csv").read_text("utf-8")
    src = src.replace(",form_id,form_title,version,default_language,,",
                      ",form_id,form_title,version,default_language,style,")
    src = src.replace(",rencontre-reseau,Après la rencontre du réseau,"
                      "2026-11-29,Français (fr),,",
                      ",facile,Après la rencontre (facile à lire),"
                      "2026-11-29,Français (fr),facile,")
    assert ",facile," in src
    (forms_dir / "facile.csv").write_text(src, "utf-8")
