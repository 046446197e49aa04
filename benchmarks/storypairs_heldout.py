"""A small held-out set, written by hand after the thresholds were set (air cargo, rail,
warehousing, customs rulings): `python -m benchmarks.storypairs_heldout` writes
tests/pipelines/testdata/story_pairs_heldout.jsonl; `neardup_eval --heldout` scores it.

Each row: (lang, shape, same?, (title, summary, day) of a, of b). Sources differ unless the
shape says "reslug"; URLs come from the titles.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.storypairs import _slug

__all__ = ["OUT", "ROWS"]

OUT = Path(__file__).resolve().parents[1] / "tests/pipelines/testdata/story_pairs_heldout.jsonl"
Doc = tuple[str, str | None, str]
ROWS: list[tuple[str, str, bool, Doc, Doc]] = [
    ("en", "syndicated", True,
     ("Freighter diverted to Leipzig after engine warning",
      "A Boeing 777 freighter bound for Chicago landed in Leipzig on Sunday after the crew "
      "reported an engine warning; the 90 tonnes of cargo will be flown on Monday.", "2026-05-03"),
     ("Cargo jet makes unscheduled Leipzig stop",
      "The crew of a Chicago-bound 777 freighter reported an engine warning and landed in "
      "Leipzig on Sunday. Its 90 tonnes of cargo leave on Monday.", "2026-05-03")),
    ("en", "edited_headline", True,
     ("Rail operator adds night train for containers", None, "2026-05-04"),
     ("Rail operator adds second night train for containers to Duisburg", None, "2026-05-04")),
    ("en", "site_suffix", True,
     ("Bonded warehouse opens near Zaragoza airport | Cargo Brief",
      "A 40,000 square metre bonded warehouse opened next to Zaragoza airport on Tuesday.",
      "2026-05-05"),
     ("Bonded warehouse opens near Zaragoza airport",
      "Next to Zaragoza airport a bonded warehouse of 40,000 square metres opened on Tuesday.",
      "2026-05-05")),
    ("en", "syndicated", True,
     ("Court rules drones must be classified as cameras for duty",
      "The customs court ruled that consumer drones with built-in cameras fall under the camera "
      "heading, raising the duty on them to 14 per cent.", "2026-05-06"),
     ("Camera drones face 14% duty after customs court ruling",
      "Consumer drones with built-in cameras belong under the camera heading, the customs court "
      "ruled, which lifts their duty to 14 per cent.", "2026-05-07")),
    ("en", "reslug", True,
     ("Cold store fire halts deliveries in Aarhus", "Firefighters spent the night at a cold "
      "store in Aarhus; deliveries to supermarkets are suspended.", "2026-05-08"),
     ("Cold store fire halts deliveries in Aarhus", "Firefighters spent the night at a cold "
      "store in Aarhus; deliveries to supermarkets are suspended.", "2026-05-08")),
    ("de", "syndicated", True,
     ("Frachtflugzeug landet nach Triebwerkswarnung in Leipzig",
      "Ein Frachtflugzeug auf dem Weg nach Chicago ist am Sonntag in Leipzig gelandet, nachdem "
      "die Crew eine Triebwerkswarnung gemeldet hatte.", "2026-05-03"),
     ("Triebwerkswarnung: Frachter mit Ziel Chicago landet in Leipzig",
      "Nach einer Triebwerkswarnung ist ein Frachtflugzeug mit Ziel Chicago am Sonntag in "
      "Leipzig gelandet.", "2026-05-03")),
    ("de", "edited_headline", True,
     ("Güterzug entgleist bei Fulda", None, "2026-05-09"),
     ("Güterzug entgleist bei Fulda, Strecke gesperrt", None, "2026-05-09")),
    ("fr", "syndicated", True,
     ("Un entrepôt sous douane ouvre près de l'aéroport de Saragosse",
      "Un entrepôt sous douane de 40 000 mètres carrés a ouvert mardi près de l'aéroport de "
      "Saragosse.", "2026-05-05"),
     ("Saragosse: ouverture d'un entrepôt sous douane près de l'aéroport",
      "Près de l'aéroport de Saragosse, un entrepôt sous douane de 40 000 mètres carrés a "
      "ouvert ses portes mardi.", "2026-05-05")),
    ("es", "syndicated", True,
     ("Un carguero aterriza en Leipzig tras una alerta de motor",
      "Un carguero con destino a Chicago aterrizó el domingo en Leipzig después de que la "
      "tripulación notificara una alerta de motor.", "2026-05-03"),
     ("Alerta de motor obliga a un carguero a aterrizar en Leipzig",
      "La tripulación de un carguero con destino a Chicago notificó una alerta de motor y "
      "aterrizó el domingo en Leipzig.", "2026-05-03")),
    ("es", "title_only", True,
     ("Renfe Mercancías amplía su servicio a Valencia", None, "2026-05-10"),
     ("Renfe Mercancías amplía su servicio nocturno a Valencia", None, "2026-05-10")),
    ("en", "opposite", False,
     ("Air cargo rates climb for third week",
      "Spot rates on transpacific air cargo rose for a third week, up 6 per cent.", "2026-05-04"),
     ("Air cargo rates fall for first time in a month",
      "Transpacific air cargo spot rates slipped 2 per cent, the first fall in a month.",
      "2026-05-06")),
    ("en", "opposite_title_only", False,
     ("Rail operator adds night train for containers", None, "2026-05-04"),
     ("Rail operator cancels night train for containers", None, "2026-05-06")),
    ("en", "other_subject", False,
     ("Cold store fire halts deliveries in Aarhus", "Firefighters spent the night at a cold "
      "store in Aarhus; deliveries to supermarkets are suspended.", "2026-05-08"),
     ("Warehouse fire halts deliveries in Odense", "Deliveries from a warehouse in Odense are "
      "suspended after a fire that firefighters fought through the night.", "2026-05-09")),
    ("en", "weekly", False,
     ("Air cargo index: weekly update",
      "The index stood at 2,310 points in week 18, 1.4 per cent above week 17.", "2026-05-04"),
     ("Air cargo index: weekly update",
      "The index stood at 2,265 points in week 19, 1.9 per cent below week 18.", "2026-05-11")),
    ("en", "other_subject", False,
     ("Court rules drones must be classified as cameras for duty",
      "The customs court ruled that consumer drones with built-in cameras fall under the camera "
      "heading, raising the duty on them to 14 per cent.", "2026-05-06"),
     ("Court rules e-bikes must be classified as motorcycles for duty",
      "E-bikes with throttles fall under the motorcycle heading, the customs court ruled, "
      "raising their duty to 6 per cent.", "2026-05-07")),
    ("de", "opposite", False,
     ("Güterzugstrecke nach Sturm wieder frei",
      "Die Güterzugstrecke zwischen Fulda und Kassel ist nach den Aufräumarbeiten wieder frei.",
      "2026-05-09"),
     ("Güterzugstrecke nach Sturm gesperrt",
      "Umgestürzte Bäume blockieren die Güterzugstrecke zwischen Fulda und Kassel.",
      "2026-05-08")),
    ("de", "opposite_title_only", False,
     ("Zoll erhöht Kontrollen am Flughafen Leipzig", None, "2026-05-03"),
     ("Zoll reduziert Kontrollen am Flughafen Leipzig", None, "2026-05-05")),
    ("fr", "other_subject", False,
     ("Un entrepôt sous douane ouvre près de l'aéroport de Saragosse",
      "Un entrepôt sous douane de 40 000 mètres carrés a ouvert mardi près de l'aéroport de "
      "Saragosse.", "2026-05-05"),
     ("Un entrepôt frigorifique ouvre près du port de Bilbao",
      "Près du port de Bilbao, un entrepôt frigorifique de 12 000 mètres carrés a ouvert.",
      "2026-05-06")),
    ("es", "opposite", False,
     ("Renfe Mercancías amplía su servicio a Valencia",
      "Renfe Mercancías añadirá dos trenes semanales entre Madrid y Valencia.", "2026-05-10"),
     ("Renfe Mercancías recorta su servicio a Valencia",
      "Renfe Mercancías suprimirá un tren semanal entre Madrid y Valencia por falta de carga.",
      "2026-05-12")),
    ("es", "weekly", False,
     ("Tráfico de contenedores en Algeciras: balance semanal",
      "Algeciras movió 98 000 TEU en la semana 18, un 3 % más.", "2026-05-04"),
     ("Tráfico de contenedores en Algeciras: balance semanal",
      "Algeciras movió 91 000 TEU en la semana 19, un 7 % menos.", "2026-05-11")),
]  # fmt: skip


def main() -> None:
    with OUT.open("w", encoding="utf-8") as out:
        for index, (lang, shape, same, a, b) in enumerate(ROWS):
            docs = []
            for side, (title, summary, day) in (("a", a), ("b", b)):
                host = "cargobrief.test" if side == "a" or shape == "reslug" else "freightline.test"
                slug = _slug(title) + ("-v2" if side == "b" and shape == "reslug" else "")
                docs.append({"url": f"https://{host}/{day}/{slug}", "source": host.split(".")[0],
                             "title": title, "summary": summary, "published": day})  # fmt: skip
            row = {"id": f"heldout-{index:02d}-{shape}", "lang": lang, "shape": shape,
                   "same": same, "a": docs[0], "b": docs[1]}  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(ROWS)} pairs")


if __name__ == "__main__":
    main()
