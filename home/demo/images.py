"""Pictures for the demo news articles, drawn locally with Pillow (nothing is downloaded, no font is needed).

Each article in `articles.json` carries an `image` spec: a `motif` (factory, handshake, trophy, market, sun-hills,
people, documents, lightbulb, road, solar) and a `palette` of three hex colours (sky top, sky bottom, accent).
`render(spec)` draws a flat illustration of the motif over a gradient of the palette and returns JPEG bytes. The
random details are seeded from the spec, so the same spec always gives the same bytes.
"""

import functools
import hashlib
import io
import json
import math
import random

from PIL import Image, ImageDraw

DESIGN = (1600, 900)  # shapes are laid out in this space, then scaled to the requested size
SUPERSAMPLE = 2  # drawn larger, then reduced, for smooth edges
WHITE, GREY, INK = (255, 255, 255), (120, 126, 140), (20, 24, 40)
GREEN = (96, 158, 98)
SKIN = [(243, 204, 170), (226, 176, 134), (196, 140, 102)]
NAMES = ["factory", "handshake", "trophy", "market", "sun-hills", "people", "documents", "lightbulb", "road", "solar"]


def _rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _dark(colour, t=0.35):
    return _mix(colour, INK, t)


def _light(colour, t=0.5):
    return _mix(colour, WHITE, t)


def _grass(sky, t=0.6):
    return _mix(sky[1], GREEN, t)


class _Pen:
    """Draws in design coordinates on a canvas of any size."""

    def __init__(self, image):
        self.draw = ImageDraw.Draw(image)
        self.sx, self.sy = image.width / DESIGN[0], image.height / DESIGN[1]

    def _xy(self, points):
        return [(x * self.sx, y * self.sy) for x, y in points]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        self.draw.rounded_rectangle(self._xy([(x0, y0), (x1, y1)]), radius=radius * self.sx, fill=fill)

    def ellipse(self, cx, cy, rx, ry, fill=None, outline=None, width=0):
        box = self._xy([(cx - rx, cy - ry), (cx + rx, cy + ry)])
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * self.sx))

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def poly(self, points, fill):
        self.draw.polygon(self._xy(points), fill=fill)

    def line(self, points, fill, width):
        self.draw.line(self._xy(points), fill=fill, width=round(width * self.sx), joint="curve")

    def rays(self, cx, cy, inner, outer, count, fill, width, turn=0):
        for i in range(count):
            c, s = math.cos(math.radians(turn + i * 360 / count)), math.sin(math.radians(turn + i * 360 / count))
            self.line([(cx + inner * c, cy + inner * s), (cx + outer * c, cy + outer * s)], fill, width)


def _star(cx, cy, outer, inner):
    angles = [math.radians(-90 + 36 * i) for i in range(10)]
    return [(cx + r * math.cos(t), cy + r * math.sin(t)) for r, t in zip([outer, inner] * 5, angles, strict=True)]


def _rotated(points, cx, cy, degrees):
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


def _figure(pen, cx, base, height, colour, skin):
    """A person: a rounded body and a round head, `height` tall, standing on `base`."""
    pen.rect(cx - height * 0.17, base - height * 0.62, cx + height * 0.17, base, colour, radius=height * 0.12)
    pen.circle(cx, base - height * 0.8, height * 0.16, skin)


def _factory(pen, rng, a, sky):
    pen.rect(0, 720, 1600, 900, _grass(sky))
    for x in (520, 660, 800):  # chimneys with puffs of smoke
        top = rng.randint(200, 260)
        pen.rect(x, top, x + 70, 470, _dark(a, 0.2))
        pen.rect(x, top + 20, x + 70, top + 40, _light(a, 0.6))
        for i in range(3):
            pen.circle(x + 35 + i * 45 + rng.randint(-10, 10), top - 40 - i * 55, 32 + i * 12, _light(sky[0], 0.6))
    pen.rect(400, 470, 1240, 720, a)
    for x in range(400, 1240, 140):  # saw-tooth roof
        pen.poly([(x, 470), (x, 370), (x + 140, 470)], _dark(a, 0.15))
    for row in range(2):
        for col in range(6):
            pen.rect(440 + col * 130, 520 + row * 90, 520 + col * 130, 580 + row * 90, _light(sky[0], 0.7), 6)
    pen.rect(1060, 600, 1160, 720, _dark(a, 0.4), radius=8)


def _handshake(pen, rng, a, sky):
    pen.ellipse(800, 760, 620, 90, _dark(sky[1], 0.15))
    pen.circle(800, 330, 230, _light(sky[0], 0.35))
    for cx, colour, sign, skin in ((520, a, 1, SKIN[0]), (1080, _dark(a, 0.45), -1, SKIN[1])):
        _figure(pen, cx, 760, 560, colour, skin)
        pen.line([(cx + sign * 60, 470), (cx + sign * 190, 560), (800 - sign * 30, 520)], colour, 64)
    pen.ellipse(800, 520, 70, 52, _mix(SKIN[0], SKIN[1], 0.5))
    for _ in range(5):
        pen.poly(_star(800 + rng.randint(-300, 300), 150 + rng.randint(-40, 60), 22, 9), WHITE)


def _trophy(pen, rng, a, sky):
    for _ in range(40):  # confetti
        x, y = rng.randint(80, 1520), rng.randint(60, 840)
        bit = _rotated([(x, y), (x + 26, y), (x + 26, y + 12), (x, y + 12)], x, y, rng.randint(0, 180))
        pen.poly(bit, rng.choice([WHITE, _light(a, 0.4), _dark(sky[1], 0.2)]))
    for cx in (650, 950):  # handles
        pen.ellipse(cx, 370, 95, 105, None, _dark(a, 0.25), 34)
    pen.poly([(620, 280), (980, 280), (940, 460), (880, 530), (720, 530), (660, 460)], a)
    pen.rect(620, 260, 980, 300, _light(a, 0.3), radius=14)
    pen.rect(765, 520, 835, 640, _dark(a, 0.25))
    pen.rect(680, 630, 920, 690, a, radius=10)
    pen.rect(640, 690, 960, 760, _dark(a, 0.45), radius=10)
    pen.poly(_star(800, 390, 70, 28), _light(a, 0.75))


def _market(pen, rng, a, sky):
    pen.rect(0, 720, 1600, 900, _dark(sky[1], 0.2))
    for i, x in enumerate((180, 640, 1100)):
        stripes = (a if i != 1 else _dark(a, 0.35), WHITE)
        for post in (x, x + 300):
            pen.rect(post, 380, post + 20, 720, _dark(a, 0.5))
        for s in range(8):  # striped awning with a scalloped edge
            pen.rect(x - 20 + s * 45, 300, x + 25 + s * 45, 400, stripes[s % 2])
            pen.circle(x + 2 + s * 45, 400, 22.5, stripes[s % 2])
        pen.rect(x - 10, 560, x + 330, 620, _light(a, 0.55), radius=8)
        pen.rect(x, 620, x + 320, 720, _dark(sky[1], 0.35))
        for g in range(6):  # fruit and vegetables on the counter
            colour = rng.choice([_dark(a, 0.2), (232, 120, 60), (120, 170, 70)])
            pen.circle(x + 35 + g * 50, 535, rng.randint(20, 28), colour)


def _sun_hills(pen, rng, a, sky):
    pen.rays(800, 430, 210, 290, 16, _light(a, 0.5), 18)
    pen.circle(800, 430, 170, _light(a, 0.25))
    for i, (cx, r) in enumerate([(300, 520), (1250, 600), (750, 700)]):  # three hills, the nearest darkest
        colour = _mix(_grass(sky, 0.7 + 0.1 * i), a, 0.08 * i)
        pen.ellipse(cx + rng.randint(-40, 40), 980 + i * 60, r * 1.3, 420, colour)


def _people(pen, rng, a, sky):
    pen.ellipse(800, 790, 700, 80, _dark(sky[1], 0.2))
    colours = [a, _dark(a, 0.35), _light(a, 0.35), _dark(sky[1], 0.4)]
    for i in range(7):
        _figure(pen, 230 + i * 190, 790, rng.randint(380, 470) - abs(i - 3) * 15, colours[i % 4], rng.choice(SKIN))


def _documents(pen, rng, a, sky):
    for i, turn in enumerate((-9, -3, 4)):  # a small stack of sheets
        sheet = [(560, 140), (1040, 140), (1040, 780), (560, 780)]
        pen.poly(_rotated(sheet, 800, 460, turn + rng.uniform(-1.5, 1.5)), _mix(WHITE, sky[0], 0.12 * (2 - i)))
    pen.rect(620, 210, 900, 240, _dark(a, 0.3), radius=8)
    for row in range(7):
        pen.rect(620, 290 + row * 44, 980 - rng.randint(0, 160) - (row > 4) * 140, 304 + row * 44, (190, 194, 204), 6)
    pen.circle(920, 660, 95, None, a, 16)  # the seal
    pen.circle(920, 660, 62, None, a, 6)
    pen.poly(_star(920, 662, 44, 18), a)


def _lightbulb(pen, rng, a, sky):
    pen.rays(800, 360, 250, 330, 12, _light(a, 0.55), 20, turn=15)
    pen.circle(800, 360, 200, _light(a, 0.3))
    pen.poly([(680, 480), (920, 480), (880, 600), (720, 600)], _light(a, 0.3))
    pen.line([(740, 520), (770, 420), (800, 500), (830, 420), (860, 520)], _dark(a, 0.3), 12)  # filament
    for i in range(3):
        pen.rect(715, 600 + i * 42, 885, 634 + i * 42, _light(GREY, 0.2 * (i % 2)), radius=12)
    pen.ellipse(800, 740, 50, 26, _dark(GREY, 0.3))


def _road(pen, rng, a, sky):
    horizon = 470
    pen.circle(800, horizon, 120, _light(a, 0.4))
    pen.rect(0, horizon, 1600, 900, _grass(sky))
    pen.poly([(780, horizon), (820, horizon), (1300, 900), (300, 900)], (78, 82, 96))
    for i in range(7):  # centre dashes, growing as they come closer
        t0, t1 = (i / 7) ** 1.6, ((i + 0.5) / 7) ** 1.6
        y0, y1 = horizon + (900 - horizon) * t0, horizon + (900 - horizon) * t1
        pen.poly([(797 - 14 * t0, y0), (803 + 14 * t0, y0), (803 + 14 * t1, y1), (797 - 14 * t1, y1)], WHITE)
    for side in (-1, 1):
        for i in range(5):  # trees along the road
            t = 0.15 + i * 0.2
            x, y, s = 800 + side * (60 + 700 * t), horizon + (900 - horizon) * t * 0.8, 30 + 110 * t
            pen.rect(x - s * 0.08, y - s * 0.6, x + s * 0.08, y + s * 0.3, _dark(sky[1], 0.55))
            pen.circle(x, y - s * 0.8, s * 0.5, _mix(_dark(a, 0.2), (70, 140, 80), 0.6 + rng.uniform(-0.1, 0.1)))


def _solar(pen, rng, a, sky):
    pen.circle(1340, 190, 95, _light(a, 0.35))
    pen.rect(0, 680, 1600, 900, _grass(sky))
    panel, frame = (40, 70, 130), (210, 220, 235)
    for x, y in [(140, 620), (620, 640 + rng.randint(-10, 10)), (1100, 620)]:
        pen.rect(x + 170, y - 40, x + 190, y + 110, GREY)
        pen.poly([(x, y), (x + 380, y), (x + 340, y - 180), (x + 40, y - 180)], frame)
        cells = [(x + 12, y - 10), (x + 368, y - 10), (x + 332, y - 170), (x + 48, y - 170)]
        pen.poly(cells, panel)
        for c in range(1, 6):  # the grid of cells
            pen.line([_mix(cells[0], cells[1], c / 6), _mix(cells[3], cells[2], c / 6)], frame, 3)
        for r in (1, 2):
            pen.line([_mix(cells[0], cells[3], r / 3), _mix(cells[1], cells[2], r / 3)], frame, 3)


# "sun-hills" is drawn by _sun_hills, and so on.
MOTIFS = {name: globals()["_" + name.replace("-", "_")] for name in NAMES}


def render(spec: dict, width: int = 1600, height: int = 900) -> bytes:
    """A JPEG picture for an article's `image` spec (motif + palette), the same bytes for the same spec."""
    return _render(json.dumps(spec, sort_keys=True, ensure_ascii=False), width, height)


@functools.lru_cache(maxsize=32)  # the same bytes for the same spec: drawn once per process (tests load the demo often)
def _render(spec_json: str, width: int, height: int) -> bytes:
    spec = json.loads(spec_json)
    motif = spec.get("motif", "sun-hills")
    palette = [c.lower() for c in (spec.get("palette") or [])[:3]]
    palette += ["#cfe3f5", "#f7f1e3", "#e8a33d"][len(palette) :]  # defaults for a short palette
    top, bottom, accent = (_rgb(c) for c in palette)
    seed = hashlib.sha256(f"{motif}|{'|'.join(palette)}".encode()).hexdigest()
    rng = random.Random(int(seed[:16], 16))
    size = (width * SUPERSAMPLE, height * SUPERSAMPLE)
    mask = Image.linear_gradient("L").resize(size)  # black at the top, white at the bottom
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    pen = _Pen(image)
    if sum(top) < 300:  # a dark sky gets small stars
        for _ in range(40):
            pen.circle(rng.randint(20, 1580), rng.randint(20, 880), rng.uniform(2, 5), _light(top, 0.6))
    else:  # a light one a few soft clouds
        for _ in range(3):
            cx, cy = rng.randint(100, 1500), rng.randint(70, 260)
            for dx, r in ((-60, 45), (0, 65), (60, 45)):
                pen.circle(cx + dx, cy, r, _light(top, 0.45))
    MOTIFS.get(motif, _sun_hills)(pen, rng, accent, (top, bottom))
    out = io.BytesIO()
    image.resize((width, height), Image.LANCZOS).save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
