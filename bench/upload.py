"""Time and peak memory to process a 24-megapixel JPEG upload into the media library.

    .venv/bin/python bench/upload.py [--runs 3]      (also run by `make bench`)

Makes a 6000 × 4000 camera-like JPEG (EXIF orientation 6 and a GPS position, so the photo
must be turned and cleaned), then, in a fresh Python process per run (so the peak memory is
that upload's alone), does what ``posts.media.services.image_create`` does with the file:
reads and fully decodes it, applies the orientation, drops the metadata, encodes the
normalised original and the 480 / 960 / 1600 px renditions in JPEG and WebP, and writes them
through Django's storage API to a scratch folder. The database insert (one row) is left out.
Writes the median of the runs into bench/results.md between the upload-bench markers.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- upload-bench:start -->", "<!-- upload-bench:end -->"

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[3])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_blog.settings")
os.environ.setdefault("DEBUG", "True")
os.environ["MEDIA_ROOT"] = sys.argv[2]
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from posts.media.services import _store, image_decode
from posts.media.processing import render_files, storage_prefix
def high_water_mb():
    # VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's over exec).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
baseline = high_water_mb()
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
upload = TemporaryUploadedFile("photo.jpg", "image/jpeg", len(data), None)
upload.write(data); upload.seek(0)
del data
t0 = time.perf_counter()
decoded = image_decode(file=upload)
t1 = time.perf_counter()
files = render_files(decoded)
t2 = time.perf_counter()
prefix = storage_prefix(decoded.content_hash)
for f in files:
    _store(f"{prefix}/{f.name_suffix}", f.content)
t3 = time.perf_counter()
peak = high_water_mb()
print(json.dumps({
    "decode": t1 - t0, "encode": t2 - t1, "write": t3 - t2, "total": t3 - t0,
    "baseline_mb": baseline, "peak_mb": peak,
    "size": [decoded.width, decoded.height],
    "files": [[f.name_suffix, len(f.content)] for f in files],
}))
"""


def make_photo(path):
    """A 6000×4000 JPEG with texture (so it compresses like a photo), EXIF orientation and GPS."""
    from PIL import Image, ImageFilter
    from PIL.ExifTags import IFD

    width, height = 6000, 4000
    noise = Image.effect_noise((width // 4, height // 4), 40).resize((width, height), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((width, height))
    photo = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5))).filter(ImageFilter.SMOOTH)
    exif = photo.getexif()
    exif[0x0112] = 6
    exif[0x0110] = "Bench Camera"
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 40.0)})
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=92, exif=exif)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def write_results(text):
    content = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"{START}\n{text.strip()}\n{END}"
    if START in content:
        before, rest = content.split(START, 1)
        after = rest.split(END, 1)[1]
        content = before + block + after
    else:
        content = content.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-upload-bench-") as scratch:
        scratch = Path(scratch)
        photo = scratch / "photo.jpg"
        size = make_photo(photo)
        load = load_average()
        runs = []
        for n in range(args.runs):
            media = scratch / f"media-{n}"
            media.mkdir()
            env = {**os.environ, "MEDIA_IMAGE_MAX_MB": str(max(10, size // 1_048_576 + 1))}
            env.pop("DATABASE_URL", None)
            out = (
                subprocess.run(
                    [sys.executable, "-c", CHILD, str(photo), str(media), str(ROOT)],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            runs.append(json.loads(out))
            print(f"run {n + 1}: {runs[-1]['total']:.2f} s, peak {runs[-1]['peak_mb']:.0f} MB")
    median = {
        key: statistics.median(run[key] for run in runs)
        for key in ("decode", "encode", "write", "total", "peak_mb", "baseline_mb")
    }
    files = runs[0]["files"]
    rows = "\n".join(f"| `{name}` | {length / 1024:,.0f} KB |" for name, length in files)
    text = f"""
## Processing a 24-megapixel JPEG upload (bench/upload.py)

{datetime.date.today().isoformat()}, 2 CPU cores shared with other work (load average {load:.2f} before
the run), Pillow {__import__("PIL").__version__}, median of {len(runs)} runs, each in a fresh process. The
upload: 6000 × 4000 JPEG, {size / 1_048_576:.1f} MB, EXIF orientation 6 and a GPS position.

| step | time |
|---|---|
| read, decode fully, apply orientation, drop metadata | {median["decode"]:.2f} s |
| encode the original and 480 / 960 / 1600 px renditions (JPEG + WebP) | {median["encode"]:.2f} s |
| write {len(files)} files through Django's storage API | {median["write"]:.3f} s |
| **total** | **{median["total"]:.2f} s** |

Peak memory (resident set size) of the process: **{median["peak_mb"]:.0f} MB**, of which
{median["baseline_mb"]:.0f} MB is Python and Django before the upload; a 24-megapixel RGB image is
72 MB decoded. Stored result ({runs[0]["size"][0]} × {runs[0]["size"][1]} after turning it upright):

| file | size |
|---|---|
{rows}

The work happens once, at upload; readers' requests only read the files.
"""
    write_results(text)
    print(text)


if __name__ == "__main__":
    main()
