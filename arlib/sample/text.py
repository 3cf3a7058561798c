"""Sample book, words and formats: name lists, places, ids, money/date text, choice helpers."""

from __future__ import annotations

import numpy as np


def _words(text: str) -> list[str]:
    """Space-separated words as a list (keeps long name lists readable)."""
    return text.split()


NAME_A = _words(
    "Acme Birch Cobalt Delta Eagle Falcon Granite Harbor Iron Juniper Keystone Lakeside Maple "
    "Northwind Oak Pioneer Quarry Redwood Summit Timber Union Valley Willow Apex Beacon Cedar "
    "Crescent Diamond Elm Frontier Golden Highland Horizon Liberty Meridian Midland Orchard "
    "Pacific Prairie Ridge River Sierra Silver Sterling Stone Sunrise Tidewater Trident Vista "
    "Atlas Bayside Canyon Copper Evergreen Fairview Glacier Heritage Ivory Jasper Legacy "
    "Lighthouse Magnolia Mesa Nova Oasis Pinnacle Polaris Sequoia Skyline Spruce Titan Vanguard "
    "Westbrook Zenith Blue Crown Bridge Anchor Arrow"
)
NAME_B = _words(
    "Tools Supply Mining Foods Logistics Manufacturing Electric Plastics Packaging Chemicals "
    "Textiles Hardware Lumber Steel Paper Distribution Dairy Farms Marine Machinery Motors "
    "Medical Pharma Fixtures Industries Systems Components Fabrication Brewing Bakery Builders "
    "Concrete Glass Lighting Printing Pumps Robotics Seating Solar Transport Valves Wholesale "
    "Outfitters Instruments Coatings Controls Devices Fasteners Metals Polymers"
)
SUFFIX = ["Inc", "LLC", "Co", "Corp", "Ltd", "Group", "Holdings", "Partners", "& Sons",
          "Company"]
FIRST = _words(
    "Ana Ben Cara Dana Eli Fay Gus Hana Ivy Jon Kai Lena Mo Nia Omar Pia Quinn Rosa Sam Tara "
    "Uma Vic Wes Xena Yara Zane Alex Beth Chris Dev Erin Finn Gina Hugo Iris Jack Kim Liam Maya "
    "Noah Olga Paul Rita Seth Tess Ugo Vera Will Zoe Amir Bea Carl Dina Emil Flora Greg Hal "
    "Ines Joel"
)
LAST = _words(
    "Ortiz Cole Diaz Fox Park Lam Chen Reed Stone Patel Nguyen Kim Garcia Miller Shah Novak "
    "Rossi Moreau Muller Byrne Silva Costa Berg Jansen Kowalski Sato Tanaka Walsh Burke Hayes "
    "Price Ward Cruz Ramos Bell Ford Grant Lowe Marsh Nash Owens Pike Quinn Rhodes Sharp Tate "
    "Vance Webb Young Zhou Adler Brandt Clarke Dunn Ellis Flynn Gray Hart Irwin"
)
# pools of (city, country): US regions, and International accounts by currency
PLACES = {
    "East": [("Boston", "US"), ("New York", "US"), ("Philadelphia", "US"), ("Hartford", "US"),
             ("Baltimore", "US"), ("Atlanta", "US"), ("Charlotte", "US"), ("Pittsburgh", "US")],
    "West": [("Denver", "US"), ("Seattle", "US"), ("Portland", "US"), ("San Francisco", "US"),
             ("Los Angeles", "US"), ("Phoenix", "US"), ("Salt Lake City", "US"),
             ("San Diego", "US")],
    "Central": [("Chicago", "US"), ("Dallas", "US"), ("Houston", "US"), ("Minneapolis", "US"),
                ("St. Louis", "US"), ("Kansas City", "US"), ("Columbus", "US"),
                ("Detroit", "US")],
    "CAD": [("Toronto", "CA"), ("Montreal", "CA"), ("Calgary", "CA"), ("Vancouver", "CA"),
            ("Ottawa", "CA")],
    "EUR": [("Berlin", "DE"), ("Paris", "FR"), ("Amsterdam", "NL"), ("Dublin", "IE"),
            ("Madrid", "ES"), ("Milan", "IT")],
    "USD": [("Mexico City", "MX"), ("London", "GB")],
}
DIAL = {"US": "+1", "CA": "+1", "MX": "+52", "GB": "+44", "DE": "+49", "FR": "+33",
        "NL": "+31", "IE": "+353", "ES": "+34", "IT": "+39"}


def stratified(rng: np.random.Generator, n: int, shares: list[float]) -> np.ndarray:
    """n category codes in exact proportions (largest remainder), shuffled: stable mixes."""
    raw = np.asarray(shares, dtype=float) / sum(shares) * n
    counts = np.floor(raw).astype(int)
    counts[np.argsort(-(raw - counts), kind="stable")[:n - counts.sum()]] += 1
    return rng.permutation(np.repeat(np.arange(len(shares)), counts))


def pick(rng: np.random.Generator, n: int, shares: list[float]) -> np.ndarray:
    """n independent category codes drawn with the given shares."""
    cum = np.cumsum(shares) / sum(shares)
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(shares) - 1)


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded text of integers (numpy's zfill fails on empty arrays)."""
    values = np.asarray(values)
    if values.size == 0:
        return np.array([], dtype=str)
    return np.char.zfill(values.astype(str), width)


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Text ids prefix + zero-padded 1..n, widened when n needs more digits."""
    width = max(width, len(str(n)))
    return np.char.add(prefix, zfill(np.arange(1, n + 1), width)).astype(object)


def money(cents: np.ndarray) -> np.ndarray:
    """Money text with exactly two decimals from integer cents."""
    cents = np.asarray(cents, dtype=np.int64)
    whole = (np.abs(cents) // 100).astype(str)
    frac = zfill(np.abs(cents) % 100, 2)
    text = np.char.add(np.char.add(whole, "."), frac)
    return np.where(cents < 0, np.char.add("-", text), text)


def dates(days: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD text per day number; negative day numbers (missing) become None."""
    days = np.asarray(days, dtype=np.int64)
    text = np.datetime_as_string(np.maximum(days, 0).astype("datetime64[D]"), unit="D")
    out = text.astype(object)
    out[days < 0] = None
    return out


def stamps(days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD HH:MM text from day numbers and minutes after midnight."""
    t = np.asarray(days, dtype=np.int64) * 1440 + np.asarray(minutes, dtype=np.int64)
    text = np.datetime_as_string(t.astype("datetime64[m]"), unit="m")
    return np.char.replace(text, "T", " ")


def opt(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Object array with None (an empty cell) where keep is False."""
    out = np.asarray(values).astype(object)
    out[~np.asarray(keep, dtype=bool)] = None
    return out


def join(*parts: np.ndarray | str) -> np.ndarray:
    """Element-wise string concatenation of arrays and constants (object array)."""
    out = np.asarray(parts[0]).astype(str)
    for p in parts[1:]:
        out = np.char.add(out, np.asarray(p).astype(str))
    return out.astype(object)
