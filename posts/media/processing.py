"""Pillow work on an uploaded image, with no models: verify, normalise, strip metadata, resize.

The service (``posts.media.services``) and the data migration that moved the old image fields
into the library share these functions, so both produce the same files.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, field

from PIL import Image as PILImage
from PIL import ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow's name for a format -> ours. MPO is what many phone cameras write: a JPEG with extras.
ACCEPTED_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}
RENDITION_WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_METHOD = 3  # 0 fast … 6 small; 3 is within a few per cent of 6's size at half the time
MAX_GIF_FRAMES = 300


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message is written for the person uploading."""


@dataclass
class DecodedImage:
    """An upload that decoded cleanly: pixels in the right orientation, no metadata."""

    image: PILImage.Image
    format: str  # jpeg, png, webp or gif
    content_hash: str  # sha256 of the uploaded bytes
    animated: bool = False
    frames: list = field(default_factory=list)  # for animated GIFs only
    durations: list = field(default_factory=list)
    loop: int = 0
    icc_profile: bytes | None = None

    @property
    def width(self):
        return self.image.width

    @property
    def height(self):
        return self.image.height


@dataclass(frozen=True)
class EncodedFile:
    name_suffix: str  # "original.jpg", "960w.webp"
    content: bytes
    width: int
    height: int
    mime_type: str


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f}" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f}"


def read_upload(file, *, max_bytes):
    """The upload's bytes, refusing empty and oversized files before reading them whole."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            f"The file is {size / 1_048_576:.1f} MB; the largest image accepted is {max_bytes / 1_048_576:.0f} MB. "
            "Export a smaller copy (2000 pixels wide is plenty for the web) and try again."
        )
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if not data:
        raise ImageRejected("The file is empty.")
    if len(data) > max_bytes:
        raise ImageRejected(f"The file is larger than {max_bytes / 1_048_576:.0f} MB, the largest image accepted.")
    return data


def decode(data, *, max_pixels):
    """Decode ``data`` fully (a truncated or forged file fails here) and normalise it.

    Raises ``ImageRejected`` with a message for the uploader; never anything else for bad input.
    """
    # Pillow's switch is process-wide and WeasyPrint (plan PDFs) turns it on when imported:
    # a truncated upload must still fail here, whatever was imported before.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(data))
            pillow_format = probe.format
            width, height = probe.size
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        # Pillow refused before telling us the size; its message has the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise ImageRejected(_bomb_message(None, None, max_pixels, pixels=int(found[1]) if found else None)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError) as exc:
        raise ImageRejected(
            "This file is not an image that can be read. Upload a JPEG, PNG, WebP or GIF "
            "(a PDF, an SVG or a Word file renamed to .jpg will not do)."
        ) from exc
    fmt = ACCEPTED_FORMATS.get(pillow_format or "")
    if fmt is None:
        raise ImageRejected(f"This is a {pillow_format or 'unknown'} image; upload a JPEG, PNG, WebP or GIF.")
    if width < 1 or height < 1:
        raise ImageRejected("The image has no pixels.")
    frames = getattr(probe, "n_frames", 1) if fmt == "gif" else 1
    if width * height > max_pixels or (fmt == "gif" and frames > MAX_GIF_FRAMES):
        raise ImageRejected(_bomb_message(width, height, max_pixels))
    if fmt == "gif" and frames * width * height > max_pixels:
        raise ImageRejected(
            f"This animation has {frames} frames of {width}×{height} pixels, too many to process safely; "
            "shorten it or make it smaller."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe.load()
            icc_profile = probe.info.get("icc_profile")
            if fmt == "gif" and frames > 1:
                durations, gif_frames = [], []
                for frame in ImageSequence.Iterator(probe):
                    durations.append(frame.info.get("duration", 100))
                    gif_frames.append(_without_metadata(frame.copy()))
                return DecodedImage(
                    image=gif_frames[0],
                    format=fmt,
                    content_hash=hashlib.sha256(data).hexdigest(),
                    animated=True,
                    frames=gif_frames,
                    durations=durations,
                    loop=probe.info.get("loop", 0),
                )
            ImageOps.exif_transpose(probe, in_place=True)  # the camera's orientation, applied to the pixels
            if probe.mode == "CMYK":  # print files: to screen colours, and the print profile no longer applies
                probe, icc_profile = probe.convert("RGB"), None
    except (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombWarning) as exc:
        raise ImageRejected("The image is damaged or incomplete: it could not be decoded. Export it again.") from exc
    return DecodedImage(
        image=_without_metadata(probe),
        format=fmt,
        content_hash=hashlib.sha256(data).hexdigest(),
        icc_profile=icc_profile,
    )


def _bomb_message(width, height, max_pixels, pixels=None):
    if width:
        size = f"{width}×{height} pixels ({_megapixels(width * height)} megapixels)"
    else:
        size = f"{_megapixels(pixels)} megapixels" if pixels else "too many pixels"
    return (
        f"The image is {size}; the limit is {_megapixels(max_pixels)} megapixels. "
        "Resize it before uploading (2000–3000 pixels wide is plenty for the web)."
    )


def _without_metadata(image):
    """A copy of the pixels with no EXIF, XMP, comments or text chunks attached."""
    image.info = {}
    if hasattr(image, "getexif"):
        image.getexif().clear()
    return image


def _for_format(image, fmt):
    if fmt == "jpeg":
        if image.mode in ("RGBA", "LA", "P", "PA"):
            background = PILImage.new("RGB", image.size, (255, 255, 255))
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            return background
        return image.convert("RGB") if image.mode != "RGB" else image
    if fmt == "webp":
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            return image.convert("RGBA")
        return image.convert("RGB") if image.mode != "RGB" else image
    if fmt in ("png", "gif") and image.mode == "CMYK":
        return image.convert("RGB")
    return image


def encode(image, fmt, *, icc_profile=None, master=False):
    buffer = io.BytesIO()
    image = _for_format(image, fmt)
    options = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if master:
        # The kept original is never sent to readers: high quality, encoded fast.
        if fmt == "jpeg":
            image.save(buffer, "JPEG", quality=90, **options)
        elif fmt == "webp":
            image.save(buffer, "WEBP", quality=90, method=2, **options)
        elif fmt == "png":
            image.save(buffer, "PNG", compress_level=3, **options)
        else:
            image.save(buffer, "GIF")
        return buffer.getvalue()
    if fmt == "jpeg":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, **options)
    elif fmt == "png":
        image.save(buffer, "PNG", **options)
    else:
        image.save(buffer, "GIF")
    return buffer.getvalue()


def _encode_animation(decoded):
    buffer = io.BytesIO()
    first, *rest = decoded.frames
    first.save(
        buffer,
        "GIF",
        save_all=True,
        append_images=rest,
        duration=decoded.durations or 100,
        loop=decoded.loop,
        disposal=2,
    )
    return buffer.getvalue()


def fallback_format(fmt):
    """The format of the non-WebP renditions: a static GIF becomes PNG, the rest keep theirs."""
    return "png" if fmt == "gif" else fmt


def rendition_widths(width):
    """480 / 960 / 1600 below the original's width, plus the original's own width up to 1600."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    if width <= RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths


def render_files(decoded):
    """The normalised original and every rendition, encoded: a list of ``EncodedFile``."""
    fmt = decoded.format
    ext = EXTENSIONS[fmt]
    if decoded.animated:
        # Resizing would cost every frame; an animation is served as uploaded, minus its metadata.
        content = _encode_animation(decoded)
        return [
            EncodedFile(f"original.{ext}", content, decoded.width, decoded.height, MIME_TYPES[fmt]),
            EncodedFile(f"{decoded.width}w.{ext}", content, decoded.width, decoded.height, MIME_TYPES[fmt]),
        ]
    files = [
        EncodedFile(
            f"original.{ext}",
            encode(decoded.image, fmt, icc_profile=decoded.icc_profile, master=True),
            decoded.width,
            decoded.height,
            MIME_TYPES[fmt],
        )
    ]
    fallback = fallback_format(fmt)
    source = decoded.image
    # Largest first, each from the previous one: cheaper than resizing the full image every time.
    for width in sorted(rendition_widths(decoded.width), reverse=True):
        height = max(1, round(decoded.height * width / decoded.width))
        if (width, height) != source.size:
            source = source.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        for out in dict.fromkeys([fallback, "webp"]):
            files.append(
                EncodedFile(
                    f"{width}w.{EXTENSIONS[out]}",
                    encode(source, out, icc_profile=decoded.icc_profile),
                    width,
                    height,
                    MIME_TYPES[out],
                )
            )
    return files


def storage_prefix(content_hash):
    """Hashed folder names: a file's address changes whenever its content does, so it may be cached forever."""
    return f"images/{content_hash[:2]}/{content_hash[:24]}"
