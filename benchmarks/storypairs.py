"""Write the labelled near-duplicate set: tests/pipelines/testdata/story_pairs.jsonl.

    python -m benchmarks.storypairs        # deterministic: same seed, same file

Every story of `storypairs_en` / `storypairs_intl` (family x subject) gives two pairs of the
same story and two hard negatives, in rotating shapes:

- same story: `syndicated` (another desk's headline and lede), `edited_headline` (a longer
  headline, the lede cut to its first sentence), `reslug` (the same source under a new URL
  slug), `site_suffix` (" | Site" or "Site – " on one title), `url_variant` (http and www),
  `title_only` (listings without teasers: the first and the edited headline).
- not the same story: `opposite` (the opposite event on the same subject: reopens / closes),
  `other_subject` (the same kind of event elsewhere, in another desk's words),
  `opposite_title_only`, and `weekly` (a recurring report: same headline, next week's numbers).

All text is ours: templates plus hand-written variants, never copied from a real site.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from benchmarks.storypairs_en import FAMILIES as EN_FAMILIES
from benchmarks.storypairs_intl import FAMILIES as INTL_FAMILIES

__all__ = ["OUT", "pairs"]

OUT = Path(__file__).resolve().parents[1] / "tests/pipelines/testdata/story_pairs.jsonl"
PORTS = ("Rotterdam", "Antwerp", "Hamburg", "Felixstowe", "Valencia", "Gdansk", "Piraeus",
         "Genoa", "Le Havre", "Santos")  # fmt: skip
COUNTRIES = {
    "en": ("Vietnam", "Indonesia", "Turkey", "Mexico", "Egypt", "Chile", "Kenya", "Peru",
           "Malaysia", "Morocco"),
    "de": ("Vietnam", "Indonesien", "die Türkei", "Mexiko", "Ägypten", "Chile", "Kenia", "Peru",
           "Malaysia", "Marokko"),
    "fr": ("Le Vietnam", "L'Indonésie", "La Turquie", "Le Mexique", "L'Égypte", "Le Chili",
           "Le Kenya", "Le Pérou", "La Malaisie", "Le Maroc"),
    "es": ("Vietnam", "Indonesia", "Turquía", "México", "Egipto", "Chile", "Kenia", "Perú",
           "Malasia", "Marruecos"),
    "pt": ("O Vietname", "A Indonésia", "A Turquia", "O México", "O Egito", "O Chile",
           "O Quénia", "O Peru", "A Malásia", "Marrocos"),
}  # fmt: skip
CARRIERS = ("Nordwave Lines", "Castellan Freight", "Bluefin Shipping", "Meridian Box",
            "Atlas Ocean", "Halcyon Lines", "Kestrel Maritime", "Orinoco Carriers",
            "Polaris Feeder", "Tidewater Lines")  # fmt: skip
SITES = {
    "en": ("Harbour Ledger", "Freight Dispatch", "Cargo Bulletin", "Quayside Daily", "Port Wire"),
    "de": ("Hafenkurier", "Frachtbrief Online", "Kaikante", "Logistik Heute", "Seefracht Aktuell"),
    "fr": ("Le Quai", "Fret Hebdo", "Journal des Escales", "Transit Matin", "Mer et Fret"),
    "es": ("Diario del Muelle", "Carga Hoy", "El Estibador", "Puerto Abierto", "Flete Semanal"),
    "pt": ("Jornal da Estiva", "Carga em Dia", "Cais Digital", "Frete Hoje", "Porto Aberto"),
}
WEEKLY = {
    "en": ("Port of {port}: weekly container volumes",
           "{port} handled {n} TEU in week {week}, {pct} per cent {way} on the week before, "
           "with {m} vessel calls recorded by the port authority."),
    "de": ("Hafen {port}: Umschlag der Woche",
           "{port} hat in Kalenderwoche {week} {n} TEU umgeschlagen, {pct} Prozent {way} als "
           "in der Vorwoche; die Hafenbehörde zählte {m} Anläufe."),
    "fr": ("Port de {port}: les volumes de la semaine",
           "{port} a traité {n} EVP en semaine {week}, soit {pct} % de {way} que la semaine "
           "précédente, pour {m} escales enregistrées."),
    "es": ("Puerto de {port}: tráfico semanal de contenedores",
           "{port} movió {n} TEU en la semana {week}, un {pct} % {way} que la semana anterior, "
           "con {m} escalas registradas por la autoridad portuaria."),
    "pt": ("Porto de {port}: movimento semanal de contentores",
           "{port} movimentou {n} TEU na semana {week}, {pct} % {way} do que na semana "
           "anterior, com {m} escalas registadas."),
}  # fmt: skip
WAYS = {"en": ("up", "down"), "de": ("mehr", "weniger"), "fr": ("plus", "moins"),
        "es": ("más", "menos"), "pt": ("mais", "menos")}  # fmt: skip
POSITIVE = ("syndicated", "edited_headline", "reslug", "site_suffix", "url_variant", "title_only")
NEGATIVE = ("opposite", "other_subject", "opposite_title_only")
_START = date(2026, 2, 2)

Doc = dict[str, str | None]


def pairs(seed: int = 13) -> Iterator[dict[str, object]]:
    """Every labelled pair, in a stable order."""
    rng = random.Random(seed)
    serial = 0
    families = [("en", f) for f in EN_FAMILIES]
    families += [(lang, f) for lang, fams in INTL_FAMILIES.items() for f in fams]
    for lang, family in families:
        for index in range(len(PORTS)):
            serial += 1
            story = _Story(lang, family, index, serial, rng)
            for shape in (POSITIVE[serial % 6], POSITIVE[(serial + 3) % 6]):
                yield story.record(shape, True, *story.same(shape))
            for shape in (NEGATIVE[serial % 3], NEGATIVE[(serial + 1) % 3]):
                yield story.record(shape, False, *story.different(shape))
    for lang in WEEKLY:
        for index, port in enumerate(PORTS):
            serial += 1
            yield _weekly(lang, port, index, serial, rng, same=False)
            yield _weekly(lang, port, index, serial, rng, same=True)


class _Story:
    def __init__(
        self, lang: str, family: dict[str, object], index: int, serial: int, rng: random.Random
    ) -> None:
        self.lang, self.family, self.serial, self.rng = lang, family, serial, rng
        self.slots = self._slots(index)
        other = (index + 1 + rng.randrange(len(PORTS) - 1)) % len(PORTS)
        self.other_slots = self._slots(other)
        self.fresh_slots = self._slots(index)
        self.day = _START + timedelta(days=serial % 40)
        sites = SITES[lang]
        self.site_a, self.site_b = rng.sample(sites, 2)

    def _slots(self, index: int) -> dict[str, str]:
        rng = self.rng
        return {
            "port": PORTS[index],
            "country": COUNTRIES[self.lang][index],
            "carrier": CARRIERS[index],
            "n": str(rng.randrange(3, 13)),
            "m": str(rng.choice((12, 24, 36, 48, 72))),
            "pct": str(rng.randrange(5, 26)),
            "week": "",
        }

    def text(self, key: str, which: int, slots: dict[str, str] | None = None) -> str:
        value = self.family[key]
        assert isinstance(value, tuple)
        template = value[which]
        assert isinstance(template, str)
        return template.format(**(slots or self.slots))

    def doc(self, site: str, title: str, summary: str | None, day: date, slug: str = "") -> Doc:
        host = _host(site)
        path = f"/{day:%Y/%m}/{_slug(slug or title)}"
        return {"url": f"https://{host}{path}", "source": host.split(".")[0], "title": title,
                "summary": summary, "published": day.isoformat()}  # fmt: skip

    def same(self, shape: str) -> tuple[Doc, Doc]:
        h0, h1, h2 = (self.text("heads", i) for i in range(3))
        s0, s1 = (self.text("ledes", i) for i in range(2))
        later = self.day + timedelta(days=self.rng.randrange(0, 2))
        a = self.doc(self.site_a, h0, s0, self.day)
        if shape == "syndicated":
            return a, self.doc(self.site_b, h1, s1, later)
        if shape == "edited_headline":
            return a, self.doc(self.site_b, h2, _first_sentence(s0), later)
        if shape == "reslug":
            return a, self.doc(self.site_a, h0, s0, self.day, slug=h2)
        if shape == "site_suffix":
            suffixed = f"{h0} | {self.site_b}" if self.serial % 2 else f"{self.site_b} – {h0}"
            return a, self.doc(self.site_b, suffixed, s1, later)
        if shape == "url_variant":
            b = dict(a, url=str(a["url"]).replace("https://", "http://www."), summary=None)
            return a, b
        return dict(a, summary=None), self.doc(self.site_b, h2, None, later)

    def different(self, shape: str) -> tuple[Doc, Doc]:
        h0, s0 = self.text("heads", 0), self.text("ledes", 0)
        # The opposite event is another story: its own figures, not this one's.
        hc, sc = (self.text("opposite", i, self.fresh_slots) for i in range(2))
        later = self.day + timedelta(days=self.rng.randrange(0, 4))
        a = self.doc(self.site_a, h0, s0, self.day)
        if shape == "opposite":
            return a, self.doc(self.site_b, hc, sc, later)
        if shape == "opposite_title_only":
            return dict(a, summary=None), self.doc(self.site_b, hc, None, later)
        h1 = self.text("heads", 1, self.other_slots)
        s1 = self.text("ledes", 1, self.other_slots)
        return a, self.doc(self.site_b, h1, s1, later)

    def record(self, shape: str, same: bool, a: Doc, b: Doc) -> dict[str, object]:
        kind = "same" if same else "diff"
        pair_id = f"{self.lang}-{self.serial:03d}-{kind}-{shape}"
        return {"id": pair_id, "lang": self.lang, "shape": shape, "same": same, "a": a, "b": b}


def _weekly(
    lang: str, port: str, index: int, serial: int, rng: random.Random, *, same: bool
) -> dict[str, object]:
    """A recurring report: next week's numbers (negative), or one week's on two sites."""
    title, lede = WEEKLY[lang]
    week = 5 + serial % 40
    day = _START + timedelta(weeks=week - 5)
    sites = rng.sample(SITES[lang], 2)

    def report(week_no: int, site: str, when: date) -> Doc:
        numbers = {"port": port, "n": f"{rng.randrange(40, 300) * 1000:,}".replace(",", " "),
                   "week": str(week_no), "pct": str(rng.randrange(1, 15)),
                   "way": rng.choice(WAYS[lang]), "m": str(rng.randrange(20, 90))}  # fmt: skip
        host = _host(site)
        return {"url": f"https://{host}/{when:%Y/%m/%d}/{_slug(title.format(port=port))}",
                "source": host.split(".")[0], "title": title.format(port=port),
                "summary": lede.format(**numbers), "published": when.isoformat()}  # fmt: skip

    a = report(week, sites[0], day)
    if same:
        b = dict(a, url=a["url"].replace(_host(sites[0]), _host(sites[1])))
        b["source"] = _host(sites[1]).split(".")[0]
        shape, kind = "weekly_syndicated", "same"
    else:
        b = report(week + 1, sites[0], day + timedelta(weeks=1))
        shape, kind = "weekly", "diff"
    pair_id = f"{lang}-{serial:03d}-{kind}-{shape}-{index}"
    return {"id": pair_id, "lang": lang, "shape": shape, "same": same, "a": a, "b": b}


def _host(site: str) -> str:
    return _slug(site).replace("-", "") + ".test"


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + (dot.strip() or "")


def main() -> None:
    rows = list(pairs())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    same = sum(1 for row in rows if row["same"])
    print(f"{OUT}: {same} same-story pairs, {len(rows) - same} different-story pairs")


if __name__ == "__main__":
    main()
