"""Sample book, parties: reps (a leaver and a joiner), customers with behaviour, their people."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from arlib.sample.calendar import Calendar, weekday
from arlib.sample.text import DIAL, FIRST, LAST, NAME_A, NAME_B, PLACES, SUFFIX, pick, stratified

TEAMS = ["East", "West", "Central", "International"]
SEGMENTS = ["prompt", "slow", "chronic", "deteriorating"]
SEGMENT_SHARES = [0.45, 0.30, 0.10, 0.15]
METHODS = ["ach", "wire", "check", "card"]
BILLING = ["email", "portal", "edi", "mail"]
INVOICES_PER_MONTH = 3.0  # mean per active customer; sizes skew it towards large accounts
SIZE_SIGMA = 1.5  # lognormal spread of account size: top 5% carry about 45% of sales


def make_reps(rng: np.random.Generator, n: int, start: int, cal: Calendar) -> pd.DataFrame:
    """Reps (day numbers; end_on -1 = still employed): rep n-1 leaves mid-book, rep n joins late."""
    combos = rng.choice(len(FIRST) * len(LAST), n, replace=n > len(FIRST) * len(LAST))
    names = [f"{FIRST[i // len(LAST)]} {LAST[i % len(LAST)]}" for i in combos]
    started = cal.next_work(start - rng.integers(60, 3000, n))
    span = cal.end - start
    leave = start + span // 2
    leave = int(cal.prev_work(np.array([leave - (weekday(leave) - 4) % 7]))[0])  # a Friday
    join = cal.end - min(183, int(span * 0.4))
    join = int(cal.next_work(np.array([join + (7 - weekday(join)) % 7]))[0])  # a Monday
    started[n - 2] = min(started[n - 2], leave - 400)
    started[n - 1] = join
    ended = np.full(n, -1, dtype=np.int64)
    ended[n - 2] = leave
    return pd.DataFrame({"rep_id": [f"R{i:0{max(2, len(str(n)))}d}" for i in range(1, n + 1)],
                         "name": names, "team": [TEAMS[i % 4] for i in range(n)],
                         "start_on": started.astype(np.int64), "end_on": ended})


def _sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Relative account size per customer (mean 1): stratified lognormal, shuffled."""
    nd = NormalDist()
    z = np.array([nd.inv_cdf((i + 0.5) / n) for i in range(n)])
    w = np.exp(SIZE_SIGMA * rng.permutation(z))
    return w / w.mean()


def _places(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Region, city, country and currency per customer (exact regional mix)."""
    region = stratified(rng, n, [0.35, 0.25, 0.25, 0.15])
    pool = np.array(["East", "West", "Central", ""], dtype=object)[region]
    intl = np.flatnonzero(region == 3)
    pool[intl] = np.array(["CAD", "EUR", "USD"], dtype=object)[
        stratified(rng, len(intl), [0.45, 0.40, 0.15])]
    city, country = np.empty(n, dtype=object), np.empty(n, dtype=object)
    for key, places in PLACES.items():
        at = np.flatnonzero(pool == key)
        chosen = rng.integers(len(places), size=len(at))
        city[at] = [places[i][0] for i in chosen]
        country[at] = [places[i][1] for i in chosen]
    currency = np.where(np.isin(pool, ["CAD", "EUR"]), pool, "USD")
    return pd.DataFrame({"region": np.array(TEAMS, dtype=object)[region], "city": city,
                         "country": country, "currency": currency})


def _since(rng: np.random.Generator, n: int, start: int, end: int) -> np.ndarray:
    """customer_since day: legacy (5+ years), established, new in the book, new in 90 days."""
    kind = stratified(rng, n, [0.25, 0.55, 0.17, 0.03])
    if (kind == 3).sum() == 0:  # small books still get one account opened within 90 days
        kind[np.flatnonzero(kind == 1)[:1]] = 3
    legacy = end - 1830 - rng.integers(0, 5000, n)
    established = rng.integers(min(end - 1829, start - 1), start, n)
    in_book = rng.integers(start, max(start + 1, end - 90), n)
    recent = end - rng.integers(5, 89, n)
    return np.select([kind == 0, kind == 1, kind == 2], [legacy, established, in_book], recent)


def _behaviour(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Payment behaviour per customer: segment, days late at start, drift over the book, noise."""
    seg = stratified(rng, n, SEGMENT_SHARES)
    u = rng.random(n)
    late0 = np.select([seg == 0, seg == 1, seg == 2], [-4 + 6 * u, 10 + 25 * u, 45 + 65 * u],
                      -2 + 10 * u)
    slope = np.where(seg == 3, 35 + 40 * rng.random(n), 0.0)
    sd = np.array([3.0, 8.0, 25.0, 6.0])[seg]
    never = np.array([0.002, 0.005, 0.15, 0.01])[seg]
    disputes = 0.03 * rng.lognormal(-0.18, 0.6, n) * np.where(seg == 2, 1.8, 1.0)
    return pd.DataFrame({"segment": seg, "late0": late0, "slope": slope, "late_sd": sd,
                         "never": never, "dispute_rate": np.minimum(disputes, 0.25)})


def _methods(rng: np.random.Generator, currency: np.ndarray) -> np.ndarray:
    """Preferred cash method per customer: cheques and ACH at home, wires abroad."""
    usd = pick(rng, len(currency), [0.45, 0.12, 0.30, 0.13])
    abroad = pick(rng, len(currency), [0.25, 0.60, 0.15, 0.0])
    return np.where(currency == "USD", usd, abroad)


def _owners(rng: np.random.Generator, cust: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Owner today, owner before the switch day: the leaver's book moved, the joiner took some."""
    n, r = len(cust), len(reps)
    leaver, joiner = r - 2, r - 1
    regular = np.array([i for i in range(r) if i not in (leaver, joiner)])
    teams = reps.team.to_numpy()
    owner = np.empty(n, dtype=np.int64)
    for team in TEAMS:
        at = np.flatnonzero(cust.region.to_numpy() == team)
        pool = regular[teams[regular] == team]
        pool = pool if len(pool) else regular
        owner[at] = pool[rng.integers(len(pool), size=len(at))]
    before, switch = owner.copy(), np.zeros(n, dtype=np.int64)
    since = cust.since.to_numpy()
    join_on, leave_on = int(reps.start_on.iat[joiner]), int(reps.end_on.iat[leaver])
    share = 1.0 / (len(regular) + 1)
    takes = ((since >= join_on) & (rng.random(n) < 0.7)) | (
        (since < join_on) & (cust.region.to_numpy() == teams[joiner]) & (rng.random(n) < share))
    owner[takes] = joiner
    switch[takes] = join_on
    before[takes & (since >= join_on)] = joiner
    old = np.flatnonzero(~takes & (since <= leave_on))
    same = old[cust.region.to_numpy()[old] == teams[leaver]]
    old = same if len(same) else old
    moved = rng.permutation(old)[:max(1, round(n * share))]
    before[moved] = leaver
    switch[moved] = leave_on + 1
    owner[moved] = regular[rng.integers(len(regular), size=len(moved))]  # book split up
    return pd.DataFrame({"owner": owner, "owner_before": before, "switch": switch})


def owner_at(cust: pd.DataFrame, c: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Rep index owning customer c on day (each customer changed owner at most once)."""
    switch = cust.switch.to_numpy()[c]
    return np.where(day >= switch, cust.owner.to_numpy()[c], cust.owner_before.to_numpy()[c])


def make_customers(rng: np.random.Generator, n: int, start: int, end: int,
                   reps: pd.DataFrame) -> pd.DataFrame:
    """Customers with master data, size, behaviour and ownership (numbers internal)."""
    total = len(NAME_A) * len(NAME_B) * len(SUFFIX)
    combo = rng.choice(total, n, replace=n > total)
    a, b = combo // (len(NAME_B) * len(SUFFIX)), combo // len(SUFFIX) % len(NAME_B)
    name = [f"{NAME_A[i]} {NAME_B[j]} {SUFFIX[k]}" for i, j, k in zip(a, b, combo % len(SUFFIX),
                                                                       strict=True)]
    domain = [f"{NAME_A[i].lower()}{NAME_B[j].lower()}.example" for i, j in zip(a, b, strict=True)]
    size = _sizes(rng, n)
    norm = np.sqrt(size).mean()  # keeps the mean rate and invoice at their targets
    rate = INVOICES_PER_MONTH * np.sqrt(size) / norm
    mean_cents = np.round(400_000 * np.sqrt(size) / norm)
    cust = pd.concat([_places(rng, n), _behaviour(rng, n)], axis=1)
    cust.insert(0, "customer_id", [f"C{i:0{max(4, len(str(n)))}d}" for i in range(1, n + 1)])
    cust.insert(1, "name", name)
    cust["domain"], cust["size"], cust["rate"], cust["mean_cents"] = domain, size, rate, mean_cents
    cust["terms"] = np.array([30, 45, 60, 15])[stratified(rng, n, [0.70, 0.10, 0.10, 0.10])]
    cust["since"] = _since(rng, n, start, end)
    monthly = rate * mean_cents / 100
    limit = np.maximum(5000, np.round(monthly * rng.uniform(1.5, 3.0, n) / 5000) * 5000)
    cust["limit_cents"] = np.where(rng.random(n) < 0.03, -1, limit * 100).astype(np.int64)
    big = size >= np.quantile(size, 0.8)
    billing = np.where(big, pick(rng, n, [0.25, 0.35, 0.35, 0.05]),
                       pick(rng, n, [0.60, 0.15, 0.05, 0.20]))
    cust["billing"] = np.array(BILLING, dtype=object)[billing]
    cust["method"] = _methods(rng, cust.currency.to_numpy())
    cust["disc_taker"] = (cust.segment.to_numpy() == 0) & (rng.random(n) < 0.3) & (
        cust.terms.to_numpy() >= 30)
    return pd.concat([cust, _owners(rng, cust, reps)], axis=1)


def make_people(rng: np.random.Generator, cust: pd.DataFrame, end: int) -> pd.DataFrame:
    """1-3 points of contact per customer, the first primary; some verified long ago or never."""
    n = len(cust)
    big = cust["size"].to_numpy() >= np.quantile(cust["size"].to_numpy(), 0.9)
    count = np.where(big, 3, 1 + (rng.random(n) < 0.55) + (rng.random(n) < 0.25))
    c = np.repeat(np.arange(n), count)
    k = np.arange(len(c)) - np.repeat(np.cumsum(count) - count, count)  # rank within customer
    idx = (rng.integers(0, len(FIRST) * len(LAST), n)[c] + 37 * k) % (len(FIRST) * len(LAST))
    first = np.array(FIRST, dtype=object)[idx // len(LAST)]
    last = np.array(LAST, dtype=object)[idx % len(LAST)]
    roles = np.where(k == 0, np.array(["AP lead", "Controller", "AP manager"], dtype=object)[
        rng.integers(0, 3, len(c))], np.array(["AP clerk", "Treasurer", "CFO", "Owner",
                                               "Purchasing"], dtype=object)[
        rng.integers(0, 5, len(c))])
    since = cust.since.to_numpy()[c]
    kind = pick(rng, len(c), [0.55, 0.30, 0.15])
    recent, stale = end - rng.integers(0, 365, len(c)), end - rng.integers(366, 1400, len(c))
    verified = np.select([kind == 0, kind == 1], [recent, stale], -1)
    verified = np.where(verified >= 0, np.maximum(verified, np.minimum(since + 3, end)), -1)
    dial = np.array([DIAL[x] for x in cust.country.to_numpy()], dtype=object)[c]
    return pd.DataFrame({
        "cidx": c, "first": first, "last": last, "role": roles, "primary": k == 0,
        "domain": cust.domain.to_numpy()[c], "dial": dial,
        "area": rng.integers(201, 990, len(c)), "line": rng.integers(100, 9999, len(c)),
        "has_email": rng.random(len(c)) > 0.08, "has_phone": rng.random(len(c)) > 0.10,
        "verified": verified})
