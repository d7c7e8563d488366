//! Renders a chart to PNG with resvg: no window, no GPU, and no system fonts needed.
//!
//! resvg is the reference pure-Rust SVG renderer; drawing the same SVG the SVG export writes
//! keeps the two exports identical. Its text needs font bytes: `DejaVu Sans` (regular and bold)
//! is embedded in the binary, because on a bare machine (CI, a ministry laptop) resvg finds no
//! fonts and text would silently vanish.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{Chart, SvgSize, to_svg};

static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
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

/// The chart as PNG bytes.
pub fn to_png(chart: &Chart, size: PngSize) -> Result<Vec<u8>, PngError> {
    let (width, height) = size.pixels();
    let too_big = u64::from(width) * u64::from(height) > 64_000_000;
    if size.width < 320 || size.height < 240 || too_big {
        return Err(PngError::Size { width, height });
    }
    let svg = to_svg(
        chart,
        SvgSize {
            width: f64::from(size.width),
            height: f64::from(size.height),
        },
    );
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options)
        .map_err(|error| PngError::Render(error.to_string()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size { width, height })?;
    let scale = width as f32 / size.width as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| PngError::Encode(error.to_string()))
}
