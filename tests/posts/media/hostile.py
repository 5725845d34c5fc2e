"""Hostile and broken uploads, made in memory (no binary files in the repository)."""

import io
import struct
import zlib

from tests.factories import image_bytes


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=20_000, height=20_000):
    """A PNG that claims 20,000 × 20,000 pixels in a few hundred bytes: the header is enough to refuse it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def renamed_pdf():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def truncated_jpeg():
    data = image_bytes(800, 600, "JPEG", color="#c26a4a", quality=95)
    return data[: len(data) // 2]


def svg_with_script():
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>'
    )


def thirty_megabytes():
    return b"\xff\xd8\xff\xe0" + b"\x00" * (30 * 1024 * 1024)


HOSTILE_UPLOADS = {
    # name: (file name, bytes factory, words the error must contain)
    "renamed PDF": ("scan.jpg", renamed_pdf, "not an image that can be read"),
    "truncated JPEG": ("photo.jpg", truncated_jpeg, "damaged or incomplete"),
    "20,000 × 20,000 PNG bomb": ("huge.png", png_bomb, "400 megapixels; the limit is 50 megapixels"),
    "SVG with script": ("drawing.svg", svg_with_script, "not an image that can be read"),
    "zero-byte file": ("empty.jpg", lambda: b"", "empty"),
    "30 MB file": ("big.jpg", thirty_megabytes, "largest image accepted is 10 MB"),
}


def jpeg_with_gps(width=1200, height=800, orientation=6):
    """A camera photo: EXIF orientation, GPS position, camera model, and an XMP packet."""
    from PIL import Image as PILImage
    from PIL.ExifTags import IFD

    image = PILImage.new("RGB", (width, height), "#c26a4a")
    image.paste((31, 95, 91), (0, 0, width // 2, height // 3))  # a marker in the top-left corner
    exif = image.getexif()
    exif[0x0112] = orientation
    exif[0x0110] = "Clinic Phone 12"  # camera model
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 40.0)})
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="51,30.4N"/></x:xmpmeta>'
    image.save(buffer, "JPEG", exif=exif, xmp=xmp, quality=90)
    return buffer.getvalue()
