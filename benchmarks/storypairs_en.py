"""English story families for the labelled near-duplicate set (our own wording throughout).

A family is one kind of logistics story: three headlines for the same event (as first
published, as another desk rewrote it, as edited later), two ledes (the original and a
syndicated rewrite), and the opposite event on the same subject (headline, lede). Slots:
{port} {country} {carrier} {n} {m} {pct} {week}.
"""

from __future__ import annotations

__all__ = ["FAMILIES"]

FAMILIES: list[dict[str, object]] = [
    {
        "heads": (
            "Port of {port} reopens after storm closure",
            "{port} port back in operation as storm passes",
            "Port of {port} reopens after two-day storm closure, backlog expected",
        ),
        "ledes": (
            "Terminals at {port} resumed work on Tuesday morning after gale-force winds halted "
            "all vessel movements for two days. Operators expect {n} ships to berth this week.",
            "Vessel movements at {port} restarted on Tuesday after two days of gale-force winds, "
            "and terminal operators say {n} ships should berth over the coming week.",
        ),
        "opposite": (
            "Port of {port} closes as storm approaches",
            "Harbour authorities at {port} suspended all pilotage on Sunday evening ahead of a "
            "storm front, and said terminals would stay shut for at least {m} hours.",
        ),
    },
    {
        "heads": (
            "Dockworkers at {port} start {m}-hour strike",
            "{m}-hour walkout begins at {port} docks",
            "Dockworkers at {port} start {m}-hour strike over pay talks",
        ),
        "ledes": (
            "Union members at the container terminals of {port} stopped work at 6 a.m. after "
            "talks on a new pay deal broke down. Shipping lines are diverting calls to nearby "
            "ports.",
            "Container terminal staff in {port} walked out at 6 a.m. following the collapse of "
            "pay negotiations, prompting shipping lines to divert calls to neighbouring ports.",
        ),
        "opposite": (
            "Dockworkers at {port} call off planned strike",
            "The dockers' union at {port} withdrew its strike notice late on Thursday after the "
            "employers improved their offer to {pct} per cent over two years.",
        ),
    },
    {
        "heads": (
            "{country} raises import duties on steel coil",
            "Steel coil imports face higher duties in {country}",
            "{country} raises import duties on steel coil to {pct}%",
        ),
        "ledes": (
            "The finance ministry of {country} will lift the tariff on hot-rolled steel coil to "
            "{pct} per cent from next month, citing a surge of low-priced shipments.",
            "From next month hot-rolled coil entering {country} will carry a {pct} per cent "
            "tariff, the finance ministry said, pointing to a surge in cheap shipments.",
        ),
        "opposite": (
            "{country} cuts import duties on steel coil",
            "{country} will lower the tariff on hot-rolled coil to {pct} per cent to ease costs "
            "for carmakers, the trade ministry announced after a cabinet meeting.",
        ),
    },
    {
        "heads": (
            "Customs clearance system restored at {port}",
            "{port} customs platform back online after outage",
            "Customs clearance system restored at {port} after {m}-hour outage",
        ),
        "ledes": (
            "The electronic declaration platform used by forwarders at {port} is working again "
            "after a {m}-hour outage that left hundreds of containers waiting for release.",
            "Forwarders at {port} can file declarations again: the electronic platform returned "
            "after {m} hours offline, during which hundreds of boxes waited for release.",
        ),
        "opposite": (
            "Customs clearance system goes down at {port}",
            "Forwarders at {port} could not lodge declarations on Monday as the customs platform "
            "failed for a second time this month; no restart time has been given.",
        ),
    },
    {
        "heads": (
            "{carrier} launches new Asia service calling at {port}",
            "New {carrier} Asia loop to include {port}",
            "{carrier} launches weekly Asia service calling at {port} from May",
        ),
        "ledes": (
            "{carrier} will deploy {n} vessels on a weekly loop linking Shanghai, Singapore and "
            "{port}, with the first sailing scheduled for early May.",
            "A weekly loop between Shanghai, Singapore and {port} will start in early May, "
            "{carrier} said, with {n} vessels assigned to the rotation.",
        ),
        "opposite": (
            "{carrier} suspends Asia service calling at {port}",
            "{carrier} is pulling its weekly Shanghai loop from {port} because of weak demand; "
            "the last sailing leaves at the end of the month.",
        ),
    },
    {
        "heads": (
            "Regulator approves {carrier} bid for {port} terminal",
            "{carrier} wins clearance to buy {port} terminal",
            "Regulator approves {carrier} bid for {port} terminal with conditions",
        ),
        "ledes": (
            "The competition authority cleared {carrier}'s purchase of a majority stake in the "
            "east terminal at {port}, on condition that rival lines keep fair access to berths.",
            "{carrier} may buy a majority of the east terminal at {port}, the competition "
            "authority ruled, provided rival lines keep fair access to its berths.",
        ),
        "opposite": (
            "Regulator blocks {carrier} bid for {port} terminal",
            "The competition authority refused to let {carrier} take control of the east "
            "terminal at {port}, saying the deal would squeeze out smaller lines.",
        ),
    },
    {
        "heads": (
            "{port} unveils {n} million euro expansion plan",
            "{port} bets {n} million euros on new quay",
            "{port} unveils {n} million euro expansion plan for deep-water quay",
        ),
        "ledes": (
            "The port authority of {port} plans a deep-water quay and two new cranes, to be "
            "financed with {n} million euros of public and private money over five years.",
            "A deep-water quay and two cranes are at the heart of a {n} million euro plan the "
            "{port} port authority presented, funded by public and private money over five years.",
        ),
        "opposite": (
            "{port} shelves expansion plan as costs soar",
            "The port authority of {port} has put its deep-water quay project on hold after "
            "tender prices came in far above budget.",
        ),
    },
    {
        "heads": (
            "Rail freight link to {port} resumes after landslide",
            "Trains run again on {port} freight line",
            "Rail freight link to {port} resumes after landslide repairs",
        ),
        "ledes": (
            "Freight trains are running again on the single-track line into {port}, {m} days "
            "after a landslide buried the tracks near the harbour tunnel.",
            "{m} days after a landslide covered the tracks near the harbour tunnel, freight "
            "services have resumed on the single-track line serving {port}.",
        ),
        "opposite": (
            "Rail freight link to {port} cut by landslide",
            "A landslide near the harbour tunnel has blocked the only freight line into {port}; "
            "engineers say clearing the tracks could take weeks.",
        ),
    },
]
