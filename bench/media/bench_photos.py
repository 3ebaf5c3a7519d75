"""Import N photos of 24 megapixels with every rendition, as the task worker would, and time it.

    .venv/bin/python bench/media/bench_photos.py --photos 200 --workers 2 --library pillow
    .venv/bin/python bench/media/bench_photos.py --photos 200 --workers 2 --library vips  # needs pyvips

Each photo goes through what a real import does: type check and header read (Pillow), sha256, writing
the original, then all renditions (AVIF, WebP and JPEG at 480/960/1600, social card, thumbnail) written to
disk. No database: its share is a few inserts per photo. Peak memory is the largest worker's RSS.
"""

import argparse
import hashlib
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def make_camera_jpeg(path: Path, width: int = 6000, height: int = 4000) -> None:
    """A 24 MP JPEG with the detail of a real photo (noise over gradients), EXIF with GPS, about 10 MB."""
    from PIL import Image, ImageFilter

    small = Image.effect_noise((width // 4, height // 4), 60).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width // 4, height // 4)).convert("RGB")
    small = Image.blend(small, gradient, 0.5).filter(ImageFilter.DETAIL)
    big = small.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((width, height), 25).convert("RGB")
    im = Image.blend(big, noise, 0.25)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Canon", "Canon EOS 90D", 1
    exif.get_ifd(0x8825).update({1: "N", 2: (1.0, 28.0, 12.5), 3: "E", 4: (102.0, 6.0, 30.0)})
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())


def one_photo(args: tuple[bytes, int, str, str]) -> tuple[float, int]:
    data, n, library, out_dir = args
    if not django.apps.apps.ready:
        django.setup()
        import logging

        logging.getLogger("pyvips").setLevel(logging.WARNING)
    from redaksi.media import images

    started = time.perf_counter()
    # Each copy differs in its last bytes (after the JPEG end marker) so the sha256 differs, as on a card.
    data = data + n.to_bytes(4, "big")
    f = io.BytesIO(data)
    facts = images.inspect(f)
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(out_dir) / digest[:2] / digest
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"original.{facts.extension}").write_bytes(data)
    if library == "vips":
        from vips_render import render_all

        encoded = render_all(f, facts.format, focal=(0.5, 0.5))
    else:
        encoded = images.render_all(f, facts.format, focal=(0.5, 0.5))
    for e in encoded:
        (folder / f"{e.kind}{e.width}.{e.format}").write_bytes(e.data)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return time.perf_counter() - started, rss_kb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--library", choices=["pillow", "vips"], default="pillow")
    args = parser.parse_args()
    django.setup()
    import logging

    logging.getLogger("pyvips").setLevel(logging.WARNING)

    work = Path(tempfile.mkdtemp(prefix="bench-media-"))
    try:
        source = work / "source.jpg"
        make_camera_jpeg(source)
        data = source.read_bytes()
        out = work / "out"
        jobs = [(data, n, args.library, str(out)) for n in range(args.photos)]
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(one_photo, jobs))
        elapsed = time.perf_counter() - started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = children.ru_utime + children.ru_stime
        per_photo = sorted(r[0] for r in results)
        peak_worker_mb = max(r[1] for r in results) / 1024
        files = sum(1 for _ in out.rglob("*"))
        print(f"library={args.library} photos={args.photos} workers={args.workers} source={len(data) / 2**20:.1f} MB")
        print(f"total {elapsed:.1f} s, {args.photos / elapsed:.2f} photos/s")
        print(f"per photo (one worker): median {per_photo[len(per_photo) // 2]:.2f} s, max {per_photo[-1]:.2f} s")
        load = os.getloadavg()[0]
        print(f"CPU {cpu:.1f} s in the workers ({cpu / args.photos:.2f} s a photo); load average {load:.1f}")
        print(f"peak RSS of a worker {peak_worker_mb:.0f} MB; {files} files written")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
