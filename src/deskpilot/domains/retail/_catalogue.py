"""The demo store's raw material: product types with their options, names, streets and cities.

Written for DeskPilot's demo store. Each option value carries a price premium in dollars added to
the product's base price, so variants are priced the way shoppers would expect (a 4K monitor
costs more than a 1080p one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ProductType:
    """A kind of product: its name, base price, and option dimensions with per-value premiums."""

    name: str
    base_price: float
    options: Mapping[str, Mapping[str, float]]


PRODUCT_TYPES: tuple[ProductType, ...] = (
    ProductType(
        "Mechanical Keyboard",
        119.0,
        {
            "switch type": {"linear": 0, "tactile": 6, "clicky": 4},
            "layout": {"full size": 15, "tenkeyless": 8, "75%": 4, "65%": 0},
            "backlight": {"none": 0, "white": 12, "RGB": 25},
        },
    ),
    ProductType(
        "Headphones",
        139.0,
        {
            "style": {"over-ear": 40, "on-ear": 15, "in-ear": 0},
            "connectivity": {"wired": 0, "bluetooth": 45},
            "color": {"black": 0, "white": 0, "navy": 5, "sand": 5},
        },
    ),
    ProductType(
        "T-Shirt",
        21.0,
        {
            "size": {"XS": 0, "S": 0, "M": 0, "L": 0, "XL": 2, "XXL": 4},
            "color": {"black": 0, "white": 0, "heather grey": 1, "navy": 1, "forest green": 2},
            "fit": {"regular": 0, "slim": 2, "relaxed": 2},
        },
    ),
    ProductType(
        "Water Bottle",
        22.0,
        {
            "capacity": {"500ml": 0, "750ml": 5, "1L": 9},
            "material": {"stainless steel": 8, "tritan plastic": 0, "glass": 4},
            "lid": {"straw": 3, "screw cap": 0, "chug": 2},
        },
    ),
    ProductType(
        "Backpack",
        64.0,
        {
            "capacity": {"18L": 0, "24L": 14, "30L": 26},
            "color": {"black": 0, "olive": 0, "slate grey": 0, "navy": 0},
            "laptop sleeve": {"none": 0, "15 inch": 10, "16 inch": 12},
        },
    ),
    ProductType(
        "Trail Running Shoes",
        118.0,
        {
            "size": {s: 0 for s in ("7", "8", "9", "10", "11", "12")},
            "width": {"regular": 0, "wide": 6},
            "color": {"black": 0, "orange": 0, "teal": 0, "grey": 0},
        },
    ),
    ProductType(
        "Burr Coffee Grinder",
        129.0,
        {
            "grind settings": {"15": 0, "31": 30, "40": 55},
            "hopper": {"250g": 0, "400g": 18},
            "color": {"black": 0, "silver": 8, "white": 4},
        },
    ),
    ProductType(
        "Ergonomic Desk Chair",
        249.0,
        {
            "seat": {"mesh": 0, "fabric": 20, "leather": 90},
            "armrests": {"fixed": 0, "3D adjustable": 35, "4D adjustable": 60},
            "frame color": {"black": 0, "white": 15, "grey": 10},
        },
    ),
    ProductType(
        "Standing Desk",
        379.0,
        {
            "top size": {"48x24 in": 0, "55x28 in": 60, "63x30 in": 110},
            "top finish": {"white": 0, "black": 0, "oak": 40, "walnut": 65},
            "frame": {"single motor": 0, "dual motor": 120},
        },
    ),
    ProductType(
        "Yoga Mat",
        32.0,
        {
            "thickness": {"4mm": 0, "6mm": 6, "8mm": 11},
            "material": {"TPE": 0, "natural rubber": 28, "PVC": 0},
            "color": {"plum": 0, "sage": 0, "charcoal": 0, "sky blue": 0},
        },
    ),
    ProductType(
        "Rain Jacket",
        109.0,
        {
            "size": {"S": 0, "M": 0, "L": 0, "XL": 5},
            "color": {"black": 0, "yellow": 0, "forest green": 0, "red": 0},
            "hood": {"fixed": 0, "packable": 12},
        },
    ),
    ProductType(
        "Wireless Mouse",
        39.0,
        {
            "grip": {"palm": 0, "claw": 5, "vertical": 18},
            "connectivity": {"bluetooth": 0, "2.4GHz dongle": 0, "dual mode": 15},
            "color": {"black": 0, "white": 0, "graphite": 3},
        },
    ),
    ProductType(
        "USB-C Charger",
        25.0,
        {
            "wattage": {"30W": 0, "65W": 18, "100W": 35, "140W": 55},
            "ports": {"1": 0, "2": 8, "3": 14},
            "color": {"white": 0, "black": 0},
        },
    ),
    ProductType(
        "Portable Speaker",
        69.0,
        {
            "size": {"mini": 0, "medium": 40, "large": 95},
            "color": {"black": 0, "coral": 0, "olive": 0, "blue": 0},
            "water resistance": {"IPX4": 0, "IP67": 15},
        },
    ),
    ProductType(
        "Monitor",
        189.0,
        {
            "screen size": {"24 inch": 0, "27 inch": 70, "32 inch": 150},
            "resolution": {"1080p": 0, "1440p": 60, "4K": 160},
            "refresh rate": {"60Hz": 0, "144Hz": 55},
        },
    ),
    ProductType(
        "Cast Iron Skillet",
        32.0,
        {
            "diameter": {"8 inch": 0, "10 inch": 8, "12 inch": 16},
            "finish": {"pre-seasoned": 0, "enameled red": 45, "enameled blue": 45},
        },
    ),
    ProductType(
        "Electric Toothbrush",
        54.0,
        {
            "color": {"white": 0, "black": 0, "pink": 0, "mint": 0},
            "cleaning modes": {"3": 0, "5": 20},
            "travel case": {"no": 0, "yes": 12},
        },
    ),
    ProductType(
        "Hoodie",
        46.0,
        {
            "size": {"XS": 0, "S": 0, "M": 0, "L": 0, "XL": 3, "XXL": 5},
            "color": {"black": 0, "oatmeal": 0, "navy": 0, "maroon": 0},
            "material": {"cotton fleece": 0, "recycled polyester": 4},
        },
    ),
    ProductType(
        "Sunglasses",
        79.0,
        {
            "frame": {"acetate": 0, "metal": 15, "titanium": 70},
            "lens": {"non-polarized": 0, "polarized": 35},
            "color": {"tortoise": 0, "black": 0, "gold": 10},
        },
    ),
    ProductType(
        "Smart LED Bulb",
        12.0,
        {
            "fitting": {"E26": 0, "E12": 1, "GU10": 2},
            "light": {"tunable white": 0, "full color": 9},
            "pack size": {"1": 0, "2": 11, "4": 30},
        },
    ),
    ProductType(
        "Camping Tent",
        149.0,
        {
            "capacity": {"1 person": 0, "2 person": 45, "4 person": 120},
            "season": {"3-season": 0, "4-season": 110},
            "color": {"green": 0, "orange": 0, "grey": 0},
        },
    ),
    ProductType(
        "Hardcover Notebook",
        13.0,
        {
            "ruling": {"lined": 0, "dotted": 0, "blank": 0, "grid": 0},
            "page size": {"A5": 0, "B5": 4},
            "cover color": {"black": 0, "ochre": 0, "teal": 0, "rose": 0},
        },
    ),
)

FIRST_NAMES: tuple[str, ...] = (
    "Alice", "Bruno", "Carmen", "Dmitri", "Elena", "Felix", "Grace", "Hiro", "Imani", "Jonas",
    "Keiko", "Leon", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tess",
    "Umar", "Vera", "Wes", "Ximena", "Yara", "Zane", "Amara", "Boris", "Chloe", "Diego",
    "Esme", "Farid", "Greta", "Hugo", "Ines", "Jude", "Kira", "Luca", "Mina", "Nolan",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Abbott", "Baptiste", "Castillo", "Dubois", "Eriksen", "Fischer", "Guerrero", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quintero", "Rahman", "Sato", "Tanaka", "Ulrich", "Valdez", "Whitfield", "Xu", "Yilmaz",
    "Zimmerman", "Achebe", "Bergstrom", "Carvalho", "Delacroix", "Esposito", "Falk",
)  # fmt: skip

STREETS: tuple[str, ...] = (
    "Maple Avenue", "Juniper Lane", "Harbor View Road", "Linden Court", "Quarry Street",
    "Willow Bend", "Foundry Row", "Orchard Way", "Summit Drive", "Birchwood Terrace",
    "Canal Street", "Meadowlark Lane", "Granite Avenue", "Heron Circle", "Chestnut Place",
    "Beacon Hill Road", "Prairie Street", "Cobblestone Way", "Riverside Parkway", "Aspen Trail",
)  # fmt: skip

CITIES: tuple[tuple[str, str, str], ...] = (
    # (city, state, first three digits of its zip codes)
    ("Portland", "OR", "972"), ("Columbus", "OH", "432"), ("Raleigh", "NC", "276"),
    ("Madison", "WI", "537"), ("Tucson", "AZ", "857"), ("Boise", "ID", "837"),
    ("Richmond", "VA", "232"), ("Omaha", "NE", "681"), ("Albuquerque", "NM", "871"),
    ("Sacramento", "CA", "958"), ("Pittsburgh", "PA", "152"), ("Minneapolis", "MN", "554"),
    ("Kansas City", "MO", "641"), ("Salt Lake City", "UT", "841"), ("Nashville", "TN", "372"),
    ("Baltimore", "MD", "212"), ("Louisville", "KY", "402"), ("Spokane", "WA", "992"),
    ("Tampa", "FL", "336"), ("Providence", "RI", "029"),
)  # fmt: skip

CARD_BRANDS: tuple[str, ...] = ("visa", "mastercard", "amex", "discover")
