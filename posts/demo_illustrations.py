"""Pictures for the demo exercises: calm stick-figure poses drawn with Pillow at load time.

Nothing is downloaded and no binary file is committed. The same code draws the same bytes, so on
a second ``load_demo`` the media library's ``reuse_existing`` finds each picture again. Each pose
is a handful of joint positions on a 1200 × 600 canvas (stored at 960 × 480) (floor at y = 500, figures face right); the
front of the hip, where most of these exercises are felt, is drawn in the accent colour.
"""

import io
import math
from dataclasses import dataclass

from django.core.files.base import ContentFile

WIDTH, HEIGHT, FLOOR = 1200, 600, 500
OUTPUT = (960, 480)  # the library's 960 rendition is the largest, and the demo loads in a few seconds
SCALE = 1.6  # drawn at twice the output size, then reduced: ImageDraw has no antialiasing of its own

BACKGROUND = "#eaf2f0"
GROUND = "#d5e6e1"
FIGURE = "#1f5f5b"
FAR_SIDE = "#6f9d97"
GHOST = "#bcd5cf"
ACCENT = "#c26a4a"
PROP = "#8c7b68"
MAT = "#c3dad4"
BALL = "#e2b35b"

LIMB, TORSO, HEAD = 22, 26, 31


@dataclass(frozen=True)
class Pose:
    """Joint positions; a leg is (knee, ankle, toe), an arm (elbow, hand)."""

    alt: str
    head: tuple
    neck: tuple
    hip: tuple
    near_leg: tuple
    far_leg: tuple
    near_arm: tuple
    far_arm: tuple
    props: tuple = ()
    front_props: tuple = ()  # drawn over the body (the ball on the near side of the belly)
    highlight: str = "near"  # the leg whose hip flexor is marked: "near", "far" or ""
    ghost_leg: tuple = ()  # where the near leg swings from, drawn pale
    swing: bool = False  # a curved arrow between the ghost leg's foot and the near leg's foot


POSES = {
    "hanging-leg-raise": Pose(
        alt="Drawing of a person hanging from a pull-up bar by straight arms, knees lifted to hip height "
        "and lower legs hanging down; the front of the hip, where the work is felt, is highlighted.",
        head=(638, 190),
        neck=(600, 222),
        hip=(588, 368),
        near_leg=((696, 330), (706, 438), (732, 448)),
        far_leg=((688, 338), (694, 444), (720, 456)),
        near_arm=((594, 146), (588, 72)),
        far_arm=((604, 146), (606, 72)),
        props=(("bar",),),
    ),
    "abdominal-ball-release": Pose(
        alt="Drawing of a person lying face down on a mat, forehead resting on the hands, with a soft ball "
        "under the belly just to one side of the navel.",
        head=(642, 444),
        neck=(600, 408),
        hip=(420, 474),
        near_leg=((312, 480), (204, 482), (182, 490)),
        far_leg=((314, 482), (206, 484), (186, 492)),
        near_arm=((696, 474), (654, 478)),
        far_arm=((692, 476), (650, 480)),
        props=(("mat",),),
        front_props=(("ball", 504, 462, 28),),
        highlight="",
    ),
    "warrior-one": Pose(
        alt="Drawing of a person in a long lunge: the front knee bent over the ankle, the back leg straight "
        "with the heel down and the arms raised overhead; the front of the back hip, where the stretch is "
        "felt, is highlighted.",
        head=(640, 200),
        neck=(650, 240),
        hip=(648, 392),
        near_leg=((546, 444), (442, 494), (468, 497)),
        far_leg=((758, 394), (762, 494), (792, 497)),
        near_arm=((680, 170), (704, 98)),
        far_arm=((672, 168), (692, 94)),
        props=(("mat",),),
    ),
    "triangle": Pose(
        alt="Drawing of a person seen from the front with the legs wide and straight, leaning sideways over "
        "the front leg, one hand on the shin and the other arm reaching straight up.",
        head=(798, 280),
        neck=(754, 290),
        hip=(606, 322),
        near_leg=((694, 410), (782, 494), (812, 497)),
        far_leg=((522, 410), (440, 494), (416, 497)),
        near_arm=((750, 370), (742, 446)),
        far_arm=((758, 214), (762, 138)),
        props=(("mat",),),
    ),
    "extended-side-angle": Pose(
        alt="Drawing of a person in a wide stance with the front knee bent and the forearm resting on the "
        "front thigh, the top arm reaching over the ear in one long line from the back heel; the front of "
        "the back hip is highlighted.",
        head=(814, 294),
        neck=(770, 296),
        hip=(644, 382),
        near_leg=((540, 438), (434, 494), (410, 497)),
        far_leg=((774, 390), (794, 494), (824, 497)),
        near_arm=((764, 372), (694, 384)),
        far_arm=((834, 254), (900, 214)),
        props=(("mat",),),
    ),
    "boat": Pose(
        alt="Drawing of a person balancing on the sitting bones, leaning back with a long spine, shins "
        "level with the floor and arms reaching forward beside the knees; the front of the hip, where "
        "the work is felt, is highlighted.",
        head=(452, 308),
        neck=(478, 346),
        hip=(560, 470),
        near_leg=((652, 394), (758, 394), (776, 376)),
        far_leg=((646, 400), (752, 400), (770, 382)),
        near_arm=((556, 350), (632, 352)),
        far_arm=((552, 356), (626, 358)),
        props=(("mat",),),
    ),
    "pigeon": Pose(
        alt="Drawing of a person on a mat with the front leg folded in front of the body, the back leg "
        "stretched straight behind and the upper body upright on the hands; the front of the back hip, "
        "where the stretch is felt, is highlighted.",
        head=(706, 294),
        neck=(680, 330),
        hip=(600, 456),
        near_leg=((482, 474), (364, 484), (338, 488)),
        far_leg=((702, 478), (590, 486), (566, 488)),
        near_arm=((712, 408), (738, 486)),
        far_arm=((704, 410), (728, 486)),
        props=(("mat",),),
    ),
    "forward-leg-swings": Pose(
        alt="Drawing of a person standing side-on to a chair and holding its back, swinging the outside "
        "leg forward and back like a pendulum; a curved arrow shows the swing.",
        head=(606, 88),
        neck=(600, 132),
        hip=(598, 282),
        near_leg=((662, 374), (724, 462), (748, 452)),
        far_leg=((596, 390), (598, 494), (626, 497)),
        near_arm=((616, 208), (642, 272)),
        far_arm=((572, 204), (530, 258)),
        props=(("chair", 470),),
        highlight="",
        ghost_leg=((552, 384), (506, 482), (530, 494)),
        swing=True,
    ),
    "sideways-leg-swings": Pose(
        alt="Drawing of a person seen from behind, holding the back of a chair with both hands and swinging "
        "one leg out to the side and across in front of the standing leg; a curved arrow shows the swing.",
        head=(600, 88),
        neck=(600, 132),
        hip=(600, 282),
        near_leg=((672, 372), (740, 458), (752, 470)),
        far_leg=((588, 390), (584, 494), (570, 497)),
        near_arm=((646, 196), (660, 252)),
        far_arm=((554, 196), (540, 252)),
        props=(("chair-back",),),
        highlight="",
        ghost_leg=((552, 380), (512, 476), (500, 488)),
        swing=True,
    ),
}


def exercise_illustration(slug):
    """``(ContentFile, alt)`` for a demo exercise's picture, or ``None`` for a slug without a pose."""
    pose = POSES.get(slug)
    if pose is None:
        return None
    return ContentFile(draw(pose), name=f"{slug}.png"), pose.alt


def draw(pose):
    """The pose as PNG bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (round(WIDTH * SCALE), round(HEIGHT * SCALE)), BACKGROUND)
    pen = Pen(ImageDraw.Draw(image))
    pen.rectangle((0, FLOOR, WIDTH, HEIGHT), GROUND)
    for name, *args in pose.props:
        PROPS[name](pen, *args)
    if pose.ghost_leg:
        pen.limb([pose.hip, *pose.ghost_leg], GHOST, LIMB)
    pen.limb([pose.neck, *pose.far_arm], FAR_SIDE, LIMB)
    pen.limb([pose.hip, *pose.far_leg], FAR_SIDE, LIMB)
    pen.limb([pose.hip, pose.neck], FIGURE, TORSO)
    for name, *args in pose.front_props:
        PROPS[name](pen, *args)
    pen.circle(pose.head, HEAD, FIGURE)
    pen.limb([pose.hip, *pose.near_leg], FIGURE, LIMB)
    if pose.highlight:
        knee = (pose.near_leg if pose.highlight == "near" else pose.far_leg)[0]
        pen.limb([between(pose.hip, pose.neck, 0.3), pose.hip, between(pose.hip, knee, 0.4)], ACCENT, 10)
    pen.limb([pose.neck, *pose.near_arm], FIGURE, LIMB)
    if pose.swing:
        pen.swing_arrow(pose.hip, pose.ghost_leg[1], pose.near_leg[1])
    image = image.resize(OUTPUT, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # the media library encodes its own files
    return buffer.getvalue()


def between(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


class Pen:
    """ImageDraw in the canvas's own units (multiplied by SCALE), with rounded joints."""

    def __init__(self, draw):
        self.draw = draw

    @staticmethod
    def at(point):
        return (point[0] * SCALE, point[1] * SCALE)

    def rectangle(self, box, fill, radius=0):
        x0, y0, x1, y1 = box
        self.draw.rounded_rectangle((*self.at((x0, y0)), *self.at((x1, y1))), radius=radius * SCALE, fill=fill)

    def circle(self, centre, radius, fill):
        x, y = self.at(centre)
        r = radius * SCALE
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def limb(self, points, colour, width):
        scaled = [self.at(point) for point in points]
        self.draw.line(scaled, fill=colour, width=round(width * SCALE), joint="curve")
        for point in points:
            self.circle(point, width / 2, colour)

    def swing_arrow(self, centre, start, end):
        """A dashed arc round ``centre`` from one foot to the other, with a head at each end."""
        radius = math.dist(centre, end) * 0.8
        first, last = sorted(math.degrees(math.atan2(p[1] - centre[1], p[0] - centre[0])) for p in (start, end))
        step = 7
        for angle in range(int(first) + 3, int(last) - 3, step):
            self.arc(centre, radius, angle, angle + step * 0.6)
        for angle, direction in ((first + 2, -1), (last - 2, 1)):
            self.arrow_head(centre, radius, angle, direction)

    def arc(self, centre, radius, start, end):
        x, y = self.at(centre)
        r = radius * SCALE
        self.draw.arc((x - r, y - r, x + r, y + r), start, end, fill=ACCENT, width=round(6 * SCALE))

    def arrow_head(self, centre, radius, angle, direction):
        theta = math.radians(angle)
        tip = (centre[0] + radius * math.cos(theta), centre[1] + radius * math.sin(theta))
        tangent = (-math.sin(theta) * direction, math.cos(theta) * direction)
        normal = (tangent[1], -tangent[0])
        base = (tip[0] - tangent[0] * 22, tip[1] - tangent[1] * 22)
        corners = [tip, (base[0] + normal[0] * 12, base[1] + normal[1] * 12)]
        corners.append((base[0] - normal[0] * 12, base[1] - normal[1] * 12))
        self.draw.polygon([self.at(point) for point in corners], fill=ACCENT)


def draw_bar(pen):
    for x in (420, 800):
        pen.rectangle((x - 8, 56, x + 8, FLOOR), PROP, radius=4)
    pen.rectangle((400, 60, 820, 80), PROP, radius=10)


def draw_mat(pen):
    pen.rectangle((170, FLOOR - 8, 1030, FLOOR + 8), MAT, radius=8)


def draw_ball(pen, x, y, radius):
    pen.circle((x, y), radius, BALL)


def draw_chair(pen, x):
    """A chair seen from the side, its back on the right, behind the figure."""
    pen.rectangle((x - 60, 360, x + 60, 376), PROP, radius=6)
    for leg in (x - 56, x + 44):
        pen.rectangle((leg, 370, leg + 12, FLOOR), PROP, radius=4)
    pen.rectangle((x + 44, 250, x + 58, 372), PROP, radius=5)


def draw_chair_back(pen):
    """The back of a chair seen from behind the person holding it."""
    pen.rectangle((500, 246, 700, 262), PROP, radius=7)
    for x in (506, 682):
        pen.rectangle((x, 250, x + 12, FLOOR), PROP, radius=4)
    pen.rectangle((506, 366, 694, 378), PROP, radius=4)


PROPS = {"bar": draw_bar, "mat": draw_mat, "ball": draw_ball, "chair": draw_chair, "chair-back": draw_chair_back}
