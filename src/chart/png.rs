//! Renders a chart to PNG with resvg: no window, no GPU, and no system fonts needed.
//!
//! resvg is the reference pure-Rust SVG renderer; drawing the same SVG the SVG export writes
//! keeps the two exports identical. Its text needs font bytes: `DejaVu Sans` (regular and bold)
//! is embedded in the binary, because on a bare machine (CI, a ministry laptop) resvg finds no
//! fonts and text would silently vanish.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{Chart, ChartStyle, SvgSize, to_svg_styled};

/// `DejaVu Sans`, the exports' font; the window falls back to it for symbols (→, ≤, Σ, τ).
pub(crate) static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Size of a PNG: the layout size in pixels and a scale for sharper output (2 gives a
/// 2400 x 1500 image from a 1200 x 750 layout, the same picture at twice the resolution).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngSize {
    /// Layout width.
    pub width: u32,
    /// Layout height.
    pub height: u32,
    /// Pixels per layout unit (1-4).
    pub scale: f32,
}

impl Default for PngSize {
    fn default() -> Self {
        Self {
            width: 1200,
            height: 750,
            scale: 2.0,
        }
    }
}

impl PngSize {
    /// Size of the image in pixels.
    pub fn pixels(self) -> (u32, u32) {
        let scale = self.scale.clamp(0.25, 8.0);
        (
            (self.width as f32 * scale).round() as u32,
            (self.height as f32 * scale).round() as u32,
        )
    }
}

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The requested size is empty or too large to allocate.
    #[error(
        "cannot make a {width} x {height} pixel image; choose a width and height between 320 \
         and 8000 and a scale between 0.25 and 8"
    )]
    Size {
        /// Width asked for, in pixels.
        width: u32,
        /// Height asked for, in pixels.
        height: u32,
    },
    /// The SVG could not be read back (a bug: the SVG writer made something resvg rejects).
    #[error("could not render the chart: {0}")]
    Render(String),
    /// PNG encoding failed.
    #[error("could not encode the PNG: {0}")]
    Encode(String),
}

/// The embedded fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(DEJAVU_SANS.to_vec());
            database.load_font_data(DEJAVU_SANS_BOLD.to_vec());
            database.set_sans_serif_family("DejaVu Sans");
            Arc::new(database)
        })
        .clone()
}

/// `svg` read by usvg with the embedded fonts, for the PNG and PDF writers.
pub(crate) fn parsed(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())
}

/// The chart as PNG bytes.
pub fn to_png(chart: &Chart, size: PngSize) -> Result<Vec<u8>, PngError> {
    to_png_styled(chart, size, ChartStyle::Screen)
}

/// The chart as PNG bytes, in `style`.
pub fn to_png_styled(chart: &Chart, size: PngSize, style: ChartStyle) -> Result<Vec<u8>, PngError> {
    let (width, height) = size.pixels();
    let too_big = u64::from(width) * u64::from(height) > 64_000_000;
    if size.width < 320 || size.height < 240 || too_big {
        return Err(PngError::Size { width, height });
    }
    let svg = to_svg_styled(
        chart,
        SvgSize {
            width: f64::from(size.width),
            height: f64::from(size.height),
        },
        style,
    );
    let tree = parsed(&svg).map_err(PngError::Render)?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size { width, height })?;
    let scale = width as f32 / size.width as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|error| PngError::Encode(error.to_string()))?;
    Ok(with_resolution(png, 96.0 * f64::from(scale)))
}

/// `png` with a `pHYs` chunk saying it has `dpi` pixels per inch, placed right after the
/// header as the PNG specification asks. A layout pixel is 1/96 inch (CSS's pixel), so Word
/// and `LibreOffice` place a 1200 x 750 chart at 12.5 x 7.8 inches whatever the scale.
fn with_resolution(png: Vec<u8>, dpi: f64) -> Vec<u8> {
    // Signature (8 bytes), then IHDR: length (4), type (4), data (13), CRC (4).
    const AFTER_HEADER: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < AFTER_HEADER || &png[12..16] != b"IHDR" {
        return png;
    }
    let per_metre = (dpi / 0.0254).round() as u32;
    let mut chunk_body = Vec::with_capacity(13);
    chunk_body.extend_from_slice(b"pHYs");
    chunk_body.extend_from_slice(&per_metre.to_be_bytes());
    chunk_body.extend_from_slice(&per_metre.to_be_bytes());
    chunk_body.push(1); // unit: the metre
    let mut out = Vec::with_capacity(png.len() + 21);
    out.extend_from_slice(&png[..AFTER_HEADER]);
    out.extend_from_slice(&9u32.to_be_bytes());
    out.extend_from_slice(&chunk_body);
    out.extend_from_slice(&crc32(&chunk_body).to_be_bytes());
    out.extend_from_slice(&png[AFTER_HEADER..]);
    out
}

/// The CRC-32 a PNG chunk ends with (ISO 3309, over the chunk's type and data).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_crc_is_the_standard_one() {
        // The CRC of an IEND chunk is fixed by the specification.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }
}
