//! Turning uploaded bytes into safe variants: sniff the real format, refuse
//! oversized headers before decoding, decode within a memory limit, apply the
//! EXIF orientation, and re-encode from pixels — which leaves every piece of
//! metadata (EXIF with GPS, XMP, ICC profiles) behind.

use crate::media::model::VARIANTS;
use crate::media::model::check_dimensions;
use crate::media::model::fit;
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// A variant, encoded.
pub struct Encoded {
    pub name: &'static str,
    /// `webp` or `jpeg`.
    pub format: &'static str,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

pub struct Processed {
    /// What the bytes turned out to be.
    pub format: &'static str,
    /// After orientation.
    pub width: u32,
    pub height: u32,
    pub blurhash: String,
    pub variants: Vec<Encoded>,
}

/// Why an upload is not an acceptable image (the media is rejected).
#[derive(Debug, PartialEq, Eq)]
pub struct Rejection(pub String);

const JPEG_QUALITY: u8 = 82;
/// Lossy, as photo sites serve WebP: lossless WebP of a photograph is larger
/// than the JPEG beside it (bytes per variant in docs/benchmarks.md).
const WEBP_QUALITY: f32 = 80.0;

type Reader<'a> = ImageReader<Cursor<&'a [u8]>>;

/// A reader of `bytes` with the format they really have, if acceptable.
fn reader(bytes: &[u8]) -> Result<(Reader<'_>, &'static str), Rejection> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Rejection("the file cannot be read".into()))?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => "jpeg",
        Some(ImageFormat::Png) => "png",
        Some(ImageFormat::WebP) => "webp",
        Some(ImageFormat::Gif) => "gif",
        _ => return Err(Rejection("not a JPEG, PNG, WebP or GIF image".into())),
    };
    Ok((reader, format))
}

/// Whether the file ends the way its format ends. Decoders are lenient —
/// a JPEG cut short decodes with a grey tail — so a truncated upload is
/// caught here instead.
fn complete(format: &str, bytes: &[u8]) -> bool {
    let last = |marker: &[u8]| bytes.windows(marker.len()).rposition(|w| w == marker);
    match format {
        // The end-of-image marker after the last scan (an EXIF thumbnail has its own, earlier).
        "jpeg" => {
            matches!((last(&[0xFF, 0xD9]), last(&[0xFF, 0xDA])), (Some(end), Some(scan)) if end > scan)
        }
        "png" => last(b"IEND").is_some(),
        "gif" => bytes.last() == Some(&0x3B),
        "webp" => bytes
            .get(4..8)
            .map(|size| u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize + 8)
            .is_some_and(|expected| expected <= bytes.len()),
        _ => false,
    }
}

/// Decodes, orients and re-encodes `bytes` into every variant (WebP and
/// JPEG) with a blurhash. Only a GIF's first frame is kept.
pub fn process(bytes: &[u8]) -> Result<Processed, Rejection> {
    let (header, format) = reader(bytes)?;
    let (width, height) = header
        .into_dimensions()
        .map_err(|_| Rejection("the image header is broken".into()))?;
    check_dimensions(width, height).map_err(Rejection)?;
    if !complete(format, bytes) {
        return Err(Rejection("the file is truncated".into()));
    }

    let (mut reader, _) = reader(bytes)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // Room for the decoded pixels (up to 16 bits x 4 channels) and nothing much else.
    limits.max_alloc = Some(u64::from(width) * u64::from(height) * 8 + (16 << 20));
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| Rejection("the image data is broken".into()))?;
    let orientation = decoder
        .orientation()
        .map_err(|_| Rejection("the image metadata is broken".into()))?;
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|_| Rejection("the image data is broken or truncated".into()))?;
    image.apply_orientation(orientation);
    // Work in the decoded layout when it is 8-bit RGB(A) — no second
    // full-size copy — and convert anything else once.
    let image = match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.into_rgba8()),
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    };
    let (width, height) = (image.width(), image.height());

    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    let mut variants = Vec::with_capacity(VARIANTS.len() * 2);
    // Largest first, each from the one before: less work, and the full-size
    // image can go as soon as the largest variant exists.
    let mut source = image;
    for spec in VARIANTS.iter().rev() {
        let (w, h) = fit(width, height, spec.max_side);
        if (w, h) != (source.width(), source.height()) {
            source = resize(&mut resizer, &options, &source, w, h)?;
        }
        let webp = match &source {
            DynamicImage::ImageRgba8(pixels) => webp::Encoder::from_rgba(pixels.as_raw(), w, h),
            other => webp::Encoder::from_rgb(other.as_bytes(), w, h),
        }
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| Rejection(format!("WebP encoding failed: {e:?}")))?
        .to_vec();
        let rgb;
        let opaque = match &source {
            DynamicImage::ImageRgb8(pixels) => pixels.as_raw(),
            other => {
                rgb = other.to_rgb8();
                rgb.as_raw()
            }
        };
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
            .encode(opaque, w, h, ExtendedColorType::Rgb8)
            .map_err(|e| Rejection(format!("JPEG encoding failed: {e}")))?;
        let encoded = |format, content_type, bytes| Encoded {
            name: spec.name,
            format,
            content_type,
            width: w,
            height: h,
            bytes,
        };
        // Prepended, so the list reads smallest first.
        variants.splice(
            0..0,
            [
                encoded("webp", "image/webp", webp),
                encoded("jpeg", "image/jpeg", jpeg),
            ],
        );
    }
    // The smallest variant is what the blurhash summarises.
    let blurhash = blurhash::encode(
        4,
        3,
        source.width(),
        source.height(),
        source.to_rgba8().as_raw(),
    )
    .map_err(|e| Rejection(format!("no blurhash: {e}")))?;
    Ok(Processed {
        format,
        width,
        height,
        blurhash,
        variants,
    })
}

/// `source` resized to `w` x `h` (Lanczos3), in the same pixel layout.
fn resize(
    resizer: &mut Resizer,
    options: &ResizeOptions,
    source: &DynamicImage,
    w: u32,
    h: u32,
) -> Result<DynamicImage, Rejection> {
    let failed = |e: &dyn std::fmt::Display| Rejection(format!("the image cannot be resized: {e}"));
    let pixel_type = if source.color().has_alpha() {
        fast_image_resize::PixelType::U8x4
    } else {
        fast_image_resize::PixelType::U8x3
    };
    let mut target = Image::new(w, h, pixel_type);
    resizer
        .resize(source, &mut target, options)
        .map_err(|e| failed(&e))?;
    let pixels = target.into_vec();
    let resized = if source.color().has_alpha() {
        image::RgbaImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
    };
    resized.ok_or_else(|| failed(&"buffer size"))
}
