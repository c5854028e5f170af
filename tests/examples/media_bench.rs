//! Media pipeline benchmark (not a test): on generated photo-like images,
//! times our pipeline (`media::images::process`: decode, orient, three
//! sizes as lossy WebP and JPEG, blurhash) against `vipsthumbnail` producing
//! the same sizes and formats at the same qualities, and reports our peak
//! memory against the decoded image size and the bytes of every variant
//! both make. Run it with `scripts/bench-media [PHOTO ...]`: the photos
//! named are measured after the generated ones (generated grain compresses
//! far better than a real photograph's detail, so bytes need real ones).

use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// (name, width, height, format)
const IMAGES: [(&str, u32, u32, ImageFormat); 2] = [
    ("photo-12mp.jpg", 4000, 3000, ImageFormat::Jpeg),
    ("photo-4mp.png", 2310, 1732, ImageFormat::Png),
];

/// The sizes and formats, in the order `process` lists them (smallest first,
/// WebP before JPEG), with the vipsthumbnail options that make the same.
const OUTPUTS: [(&str, u32, &str, &str); 6] = [
    ("thumb", 150, "webp", "[Q=80,strip]"),
    ("thumb", 150, "jpg", "[Q=82,strip]"),
    ("small", 480, "webp", "[Q=80,strip]"),
    ("small", 480, "jpg", "[Q=82,strip]"),
    ("large", 1280, "webp", "[Q=80,strip]"),
    ("large", 1280, "jpg", "[Q=82,strip]"),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, mode, path] = args.as_slice()
        && mode == "--one"
    {
        return one(Path::new(path));
    }
    let dir = Path::new("target/bench-media");
    std::fs::create_dir_all(dir).unwrap();
    let mut photos: Vec<PathBuf> = IMAGES
        .iter()
        .map(|&(name, width, height, format)| {
            let path = dir.join(name);
            if !path.exists() {
                std::fs::write(&path, photo(width, height, format)).unwrap();
            }
            path
        })
        .collect();
    // Each given photo is copied in, as vipsthumbnail writes beside its input.
    for given in &args[1..] {
        let path = dir.join(Path::new(given).file_name().unwrap());
        std::fs::copy(given, &path).unwrap();
        photos.push(path);
    }
    let mut sizes = Vec::new();
    println!(
        "| image | decoded size | ours | vipsthumbnail | ours / vips | our peak RSS | peak / decoded |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for path in photos {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (width, height) = image::image_dimensions(&path).unwrap();
        // Each run in a fresh process, so its peak memory is its own.
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--one", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = String::from_utf8(out.stdout).unwrap();
        let mut fields = report.split_whitespace().map(|f| f.parse::<f64>().unwrap());
        let (ours_ms, peak_kib) = (fields.next().unwrap(), fields.next().unwrap());
        let ours: Vec<f64> = fields.collect();
        let (vips_ms, theirs) = vips(&path);
        sizes.push((name.clone(), ours, theirs));
        // What the decoder holds: 8-bit RGB.
        let decoded = f64::from(width) * f64::from(height) * 3.0;
        println!(
            "| {name} ({width}x{height}) | {:.1} MiB | {ours_ms:.0} ms | {vips_ms:.0} ms | {:.2} | {:.1} MiB | {:.2} |",
            decoded / 1048576.0,
            ours_ms / vips_ms,
            peak_kib / 1024.0,
            peak_kib * 1024.0 / decoded,
        );
    }
    println!("\n| image | variant | ours | vipsthumbnail | ours / vips |");
    println!("|---|---|---:|---:|---:|");
    for (name, ours, theirs) in sizes {
        for ((variant, side, ext, _), (ours, theirs)) in OUTPUTS.iter().zip(ours.iter().zip(theirs))
        {
            println!(
                "| {name} | {variant} ({side} px) {ext} | {:.1} KB | {:.1} KB | {:.2} |",
                ours / 1000.0,
                theirs / 1000.0,
                ours / theirs,
            );
        }
    }
}

/// Processes one file; prints milliseconds, peak RSS (KiB) and the bytes of
/// each variant.
fn one(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let started = Instant::now();
    let processed = kith::media::images::process(&bytes).unwrap();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(processed.variants.len(), OUTPUTS.len());
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap();
    let sizes: Vec<String> = processed
        .variants
        .iter()
        .map(|v| v.bytes.len().to_string())
        .collect();
    println!("{ms} {peak} {}", sizes.join(" "));
}

/// vipsthumbnail making the same outputs (one per run); milliseconds for
/// all of them, and the bytes of each.
fn vips(path: &Path) -> (f64, Vec<f64>) {
    let started = Instant::now();
    let mut sizes = Vec::new();
    for (_, side, ext, options) in OUTPUTS {
        // (vipsthumbnail writes relative to the input's folder; it auto-rotates.)
        let output = format!("vips-{side}.{ext}");
        let status = Command::new("vipsthumbnail")
            .arg(path)
            .args(["--size", &format!("{side}x{side}"), "-o"])
            .arg(format!("{output}{options}"))
            .status()
            .expect("vipsthumbnail (Debian libvips-tools) is needed");
        assert!(status.success());
        let written = path.parent().unwrap().join(output);
        sizes.push(std::fs::metadata(written).unwrap().len() as f64);
    }
    (started.elapsed().as_secs_f64() * 1000.0, sizes)
}

/// A photo-like picture: smooth light with grain, deterministic.
fn photo(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut seed = 0x2545F4914F6CDD1Du64;
    let image = RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let grain = (seed % 24) as f32 - 12.0;
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let light = 80.0 + 120.0 * (fx * 3.1).sin().abs() * (1.0 - fy * 0.6);
        let channel = |tint: f32| (light * tint + grain).clamp(0.0, 255.0) as u8;
        image::Rgb([
            channel(1.0),
            channel(0.85 + 0.1 * fy),
            channel(0.7 + 0.2 * fx),
        ])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}
