"""The easy-read form made from the bundled one (e2e and browser tests):
style=facile, and in place of the open question on professional
practices, a satisfaction question with appearance likert (faces beside
its choices)."""

CHANGER = (",text,changer,Ce que je veux changer dans mes pratiques,,,,"
           "string-length(.) <= 2000,2000 caractères au plus.,multiline,,")
LIKERT = ",select_one utile,utile,Cette rencontre vous a été utile ?,,,,,,likert,,"
UTILE = "".join(f"\n,utile,{n},{label},,,,,,,," for n, label in (
    ("pas_du_tout", "Pas du tout utile"), ("peu", "Un peu utile"),
    ("assez", "Assez utile"), ("tres", "Très utile")))
INDICATOR = ("texts,changer,", "count,utile,tres")


def easy_form(forms_dir, easy=True):
    """forms_dir/facile.csv; with easy=False, forms_dir/likert.csv: the
    same questions without style=facile."""
    name = "facile" if easy else "likert"
    src = (forms_dir / "rencontre-reseau.csv").read_text("utf-8")
    src = src.replace(",form_id,form_title,version,default_language,,",
                      ",form_id,form_title,version,default_language,style,")
    src = src.replace(",rencontre-reseau,Après la rencontre du réseau,"
                      "2026-11-29,Français (fr),,",
                      f",{name},Après la rencontre (facile à lire),"
                      f"2026-11-29,Français (fr),{name if easy else ''},")
    src = src.replace(CHANGER, LIKERT)
    src = src.replace(",envies,non,Pas pour l'instant,,,,,,,,",
                      ",envies,non,Pas pour l'instant,,,,,,,," + UTILE)
    src = src.replace(*INDICATOR)
    assert f",{name}," in src and ",likert," in src and "Très utile" in src
    assert ",changer," not in src
    (forms_dir / f"{name}.csv").write_text(src, "utf-8")
