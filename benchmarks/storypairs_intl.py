"""German, French, Spanish and Portuguese story families for the labelled near-duplicate set,
in the shape of `storypairs_en` (our own wording throughout)."""

from __future__ import annotations

__all__ = ["FAMILIES"]

FAMILIES: dict[str, list[dict[str, object]]] = {
    "de": [
        {
            "heads": (
                "Hafen {port} nach Sturm wieder geöffnet",
                "{port}: Hafenbetrieb läuft nach Sturm wieder an",
                "Hafen {port} nach zweitägiger Sturmsperre wieder geöffnet",
            ),
            "ledes": (
                "Die Terminals in {port} haben am Dienstagmorgen den Betrieb wieder aufgenommen, "
                "nachdem Orkanböen zwei Tage lang alle Schiffsbewegungen gestoppt hatten.",
                "Nach zwei Tagen mit Orkanböen laufen die Terminals in {port} seit Dienstagmorgen "
                "wieder; alle Schiffsbewegungen waren gestoppt worden.",
            ),
            "opposite": (
                "Hafen {port} wegen Sturm geschlossen",
                "Die Hafenbehörde in {port} hat am Sonntagabend den Lotsendienst eingestellt; die "
                "Terminals bleiben mindestens {m} Stunden zu.",
            ),
        },
        {
            "heads": (
                "Hafenarbeiter in {port} beginnen {m}-stündigen Streik",
                "Streik im Hafen {port}: Arbeit ruht für {m} Stunden",
                "Hafenarbeiter in {port} beginnen {m}-stündigen Warnstreik im Tarifstreit",
            ),
            "ledes": (
                "Die Beschäftigten der Containerterminals in {port} legten um 6 Uhr die Arbeit "
                "nieder, nachdem die Tarifgespräche gescheitert waren. Reedereien leiten "
                "Schiffe um.",
                "Nach dem Scheitern der Tarifgespräche legten die Beschäftigten der "
                "Containerterminals in {port} um 6 Uhr die Arbeit nieder; Reedereien leiten um.",
            ),
            "opposite": (
                "Hafenarbeiter in {port} sagen Streik ab",
                "Die Gewerkschaft in {port} hat den angekündigten Streik abgesagt, nachdem die "
                "Arbeitgeber {pct} Prozent mehr Lohn über zwei Jahre angeboten hatten.",
            ),
        },
        {
            "heads": (
                "{country} erhöht Einfuhrzölle auf Stahl",
                "Höhere Zölle auf Stahlimporte in {country}",
                "{country} erhöht Einfuhrzölle auf Stahl auf {pct} Prozent",
            ),
            "ledes": (
                "Das Finanzministerium in {country} hebt den Zoll auf warmgewalzten Stahl ab dem "
                "nächsten Monat auf {pct} Prozent an und verweist auf billige Lieferungen.",
                "Ab dem nächsten Monat gilt in {country} ein Zoll von {pct} Prozent auf "
                "warmgewalzten Stahl, so das Finanzministerium mit Blick auf billige Lieferungen.",
            ),
            "opposite": (
                "{country} senkt Einfuhrzölle auf Stahl",
                "{country} senkt den Zoll auf warmgewalzten Stahl, um die Autoindustrie zu "
                "entlasten, teilte das Handelsministerium nach der Kabinettssitzung mit.",
            ),
        },
        {
            "heads": (
                "{carrier} startet neuen Asiendienst mit Anlauf in {port}",
                "Neuer Asien-Liniendienst von {carrier} läuft {port} an",
                "{carrier} startet wöchentlichen Asiendienst mit Anlauf in {port} ab Mai",
            ),
            "ledes": (
                "{carrier} setzt {n} Schiffe auf einer wöchentlichen Rotation zwischen Shanghai, "
                "Singapur und {port} ein; die erste Abfahrt ist für Anfang Mai geplant.",
                "Eine wöchentliche Rotation zwischen Shanghai, Singapur und {port} startet Anfang "
                "Mai, teilte {carrier} mit; {n} Schiffe sind dafür vorgesehen.",
            ),
            "opposite": (
                "{carrier} stellt Asiendienst nach {port} ein",
                "{carrier} streicht wegen schwacher Nachfrage den wöchentlichen Dienst von "
                "Shanghai nach {port}; die letzte Abfahrt ist Ende des Monats.",
            ),
        },
    ],
    "fr": [
        {
            "heads": (
                "Le port de {port} rouvre après la tempête",
                "Reprise de l'activité au port de {port} après la tempête",
                "Le port de {port} rouvre après deux jours de fermeture due à la tempête",
            ),
            "ledes": (
                "Les terminaux de {port} ont repris le travail mardi matin après deux jours de "
                "vents violents qui avaient bloqué tous les mouvements de navires.",
                "Après deux jours de vents violents ayant bloqué les navires, les terminaux de "
                "{port} ont repris le travail mardi matin.",
            ),
            "opposite": (
                "Le port de {port} ferme à l'approche de la tempête",
                "La capitainerie de {port} a suspendu le pilotage dimanche soir et les terminaux "
                "resteront fermés au moins {m} heures.",
            ),
        },
        {
            "heads": (
                "Grève de {m} heures des dockers de {port}",
                "Les dockers de {port} entament une grève de {m} heures",
                "Grève de {m} heures des dockers de {port} sur les salaires",
            ),
            "ledes": (
                "Les agents des terminaux à conteneurs de {port} ont cessé le travail à 6 heures "
                "après l'échec des négociations salariales; des escales sont déroutées.",
                "Après l'échec des négociations salariales, les agents des terminaux de {port} "
                "ont arrêté le travail à 6 heures, et des escales sont déroutées.",
            ),
            "opposite": (
                "Les dockers de {port} lèvent leur préavis de grève",
                "Le syndicat des dockers de {port} a retiré son préavis jeudi soir après une "
                "hausse de salaire de {pct} % proposée par les employeurs.",
            ),
        },
        {
            "heads": (
                "{country} relève ses droits de douane sur l'acier",
                "Hausse des droits de douane sur l'acier en {country}",
                "{country} relève ses droits de douane sur l'acier à {pct} %",
            ),
            "ledes": (
                "Le ministère des finances de {country} portera le droit sur l'acier laminé à "
                "chaud à {pct} % le mois prochain, face à l'afflux de cargaisons à bas prix.",
                "Le droit sur l'acier laminé à chaud passera à {pct} % le mois prochain en "
                "{country}, annonce le ministère des finances, face aux cargaisons à bas prix.",
            ),
            "opposite": (
                "{country} abaisse ses droits de douane sur l'acier",
                "{country} réduira le droit sur l'acier laminé à chaud pour soulager les "
                "constructeurs automobiles, a annoncé le ministère du commerce.",
            ),
        },
        {
            "heads": (
                "Le système de dédouanement rétabli à {port}",
                "Retour du téléservice douanier à {port} après la panne",
                "Le système de dédouanement rétabli à {port} après {m} heures de panne",
            ),
            "ledes": (
                "La plateforme de déclaration utilisée par les transitaires de {port} fonctionne "
                "de nouveau après une panne de {m} heures qui a bloqué des centaines de "
                "conteneurs.",
                "Les transitaires de {port} peuvent de nouveau déclarer: la plateforme est revenue "
                "après {m} heures de panne, qui ont bloqué des centaines de conteneurs.",
            ),
            "opposite": (
                "Panne du système de dédouanement à {port}",
                "Les transitaires de {port} n'ont pas pu déposer de déclarations lundi, la "
                "plateforme douanière étant tombée en panne pour la deuxième fois ce mois-ci.",
            ),
        },
    ],
    "es": [
        {
            "heads": (
                "El puerto de {port} reabre tras el temporal",
                "{port} recupera la actividad portuaria después del temporal",
                "El puerto de {port} reabre tras dos días cerrado por el temporal",
            ),
            "ledes": (
                "Las terminales de {port} retomaron la actividad el martes por la mañana después "
                "de que el viento paralizara todos los movimientos de buques durante dos días.",
                "Tras dos días con los movimientos de buques paralizados por el viento, las "
                "terminales de {port} retomaron la actividad el martes por la mañana.",
            ),
            "opposite": (
                "El puerto de {port} cierra ante la llegada del temporal",
                "La capitanía de {port} suspendió el practicaje el domingo por la noche y las "
                "terminales seguirán cerradas al menos {m} horas.",
            ),
        },
        {
            "heads": (
                "Los estibadores de {port} inician una huelga de {m} horas",
                "Huelga de {m} horas en los muelles de {port}",
                "Los estibadores de {port} inician una huelga de {m} horas por el convenio",
            ),
            "ledes": (
                "Los trabajadores de las terminales de contenedores de {port} pararon a las 6 de "
                "la mañana tras la ruptura de las negociaciones salariales.",
                "Tras la ruptura de las negociaciones salariales, los trabajadores de las "
                "terminales de {port} pararon a las 6 de la mañana.",
            ),
            "opposite": (
                "Los estibadores de {port} desconvocan la huelga",
                "El sindicato de estibadores de {port} retiró la convocatoria el jueves después de "
                "que la patronal ofreciera una subida del {pct} % en dos años.",
            ),
        },
        {
            "heads": (
                "{carrier} lanza un nuevo servicio a Asia con escala en {port}",
                "Nueva línea de {carrier} a Asia con escala en {port}",
                "{carrier} lanza un servicio semanal a Asia con escala en {port} desde mayo",
            ),
            "ledes": (
                "{carrier} desplegará {n} buques en una rotación semanal entre Shanghái, Singapur "
                "y {port}, con la primera salida prevista a principios de mayo.",
                "Una rotación semanal entre Shanghái, Singapur y {port} arrancará a principios de "
                "mayo, según {carrier}, que asignará {n} buques al servicio.",
            ),
            "opposite": (
                "{carrier} suspende su servicio a Asia con escala en {port}",
                "{carrier} retira de {port} su línea semanal con Shanghái por la débil demanda; "
                "la última salida será a finales de mes.",
            ),
        },
        {
            "heads": (
                "{port} presenta un plan de ampliación de {n} millones de euros",
                "{port} invertirá {n} millones en un nuevo muelle",
                "{port} presenta un plan de ampliación de {n} millones para un muelle de calado",
            ),
            "ledes": (
                "La autoridad portuaria de {port} prevé un muelle de gran calado y dos grúas "
                "nuevas, financiados con {n} millones de euros en cinco años.",
                "Un muelle de gran calado y dos grúas nuevas centran el plan de {n} millones que "
                "presentó la autoridad portuaria de {port}, a cinco años.",
            ),
            "opposite": (
                "{port} congela su plan de ampliación por el alza de costes",
                "La autoridad portuaria de {port} ha aparcado el proyecto del muelle de gran "
                "calado después de que las ofertas superaran con creces el presupuesto.",
            ),
        },
    ],
    "pt": [
        {
            "heads": (
                "Porto de {port} reabre após tempestade",
                "{port} retoma operações portuárias depois da tempestade",
                "Porto de {port} reabre após dois dias fechado pela tempestade",
            ),
            "ledes": (
                "Os terminais de {port} retomaram o trabalho na terça-feira de manhã, depois de "
                "ventos fortes terem parado todos os movimentos de navios durante dois dias.",
                "Depois de dois dias com os navios parados por ventos fortes, os terminais de "
                "{port} retomaram o trabalho na terça-feira de manhã.",
            ),
            "opposite": (
                "Porto de {port} fecha com a chegada da tempestade",
                "A capitania de {port} suspendeu a pilotagem no domingo à noite e os terminais "
                "vão ficar fechados pelo menos {m} horas.",
            ),
        },
        {
            "heads": (
                "Estivadores de {port} iniciam greve de {m} horas",
                "Greve de {m} horas paralisa cais de {port}",
                "Estivadores de {port} iniciam greve de {m} horas por salários",
            ),
            "ledes": (
                "Os trabalhadores dos terminais de contentores de {port} pararam às 6 horas, "
                "depois do fracasso das negociações salariais.",
                "Depois do fracasso das negociações salariais, os trabalhadores dos terminais de "
                "{port} pararam às 6 horas.",
            ),
            "opposite": (
                "Estivadores de {port} desconvocam greve",
                "O sindicato dos estivadores de {port} retirou o pré-aviso na quinta-feira, depois "
                "de os patrões oferecerem um aumento de {pct} % em dois anos.",
            ),
        },
        {
            "heads": (
                "{country} aumenta tarifas de importação sobre o aço",
                "Aço importado vai pagar mais em {country}",
                "{country} aumenta tarifas de importação sobre o aço para {pct}%",
            ),
            "ledes": (
                "O ministério das finanças de {country} vai subir a tarifa sobre o aço laminado a "
                "quente para {pct} % no próximo mês, devido a cargas a preços baixos.",
                "A tarifa sobre o aço laminado a quente sobe para {pct} % no próximo mês em "
                "{country}, anunciou o ministério das finanças, devido a cargas baratas.",
            ),
            "opposite": (
                "{country} reduz tarifas de importação sobre o aço",
                "{country} vai baixar a tarifa sobre o aço laminado a quente para aliviar os "
                "fabricantes de automóveis, anunciou o ministério do comércio.",
            ),
        },
        {
            "heads": (
                "Sistema de desalfandegamento restabelecido em {port}",
                "Plataforma aduaneira de {port} volta a funcionar",
                "Sistema de desalfandegamento restabelecido em {port} após {m} horas de falha",
            ),
            "ledes": (
                "A plataforma de declarações usada pelos transitários de {port} voltou a "
                "funcionar depois de uma falha de {m} horas que reteve centenas de contentores.",
                "Os transitários de {port} já podem declarar: a plataforma voltou após {m} horas "
                "em baixo, período em que centenas de contentores ficaram retidos.",
            ),
            "opposite": (
                "Sistema de desalfandegamento falha em {port}",
                "Os transitários de {port} não conseguiram apresentar declarações na "
                "segunda-feira, com a plataforma aduaneira em baixo pela segunda vez este mês.",
            ),
        },
    ],
}
