//! Every colour of a chart, for the window and the exported files alike: the series palette
//! (Okabe and Ito's, readable for colour-blind readers and in greyscale print), the stage kinds'
//! identity colours (the window's theme takes them from here), and the paper, ink, grid and axis
//! colours of exported SVG/PNG charts. Call sites name a colour from here, never a hex code.

use super::Rgb;

/// Blue.
pub const BLUE: Rgb = Rgb(0, 114, 178);
/// Orange.
pub const ORANGE: Rgb = Rgb(230, 159, 0);
/// Bluish green.
pub const GREEN: Rgb = Rgb(0, 158, 115);
/// Bluish green darkened for text on white paper (4.5:1 contrast and more).
pub const GREEN_TEXT: Rgb = Rgb(0, 112, 80);
/// Vermillion.
pub const VERMILLION: Rgb = Rgb(213, 94, 0);
/// Sky blue.
pub const SKY: Rgb = Rgb(86, 180, 233);
/// Reddish purple.
pub const PURPLE: Rgb = Rgb(204, 121, 167);
/// Yellow.
pub const YELLOW: Rgb = Rgb(240, 228, 66);
/// Neutral grey.
pub const GREY: Rgb = Rgb(140, 140, 140);
/// Near black, for totals and text.
pub const INK: Rgb = Rgb(34, 34, 34);

/// Background of an exported chart.
pub const PAPER: Rgb = Rgb(255, 255, 255);
/// Grid lines of an exported chart.
pub const GRID: Rgb = Rgb(0xe3, 0xe3, 0xe3);
/// Axis lines and the zero line of an exported chart.
pub const AXIS: Rgb = Rgb(0x55, 0x55, 0x55);
/// Secondary text of an exported chart: subtitle, tick labels, source line.
pub const MUTED: Rgb = Rgb(0x5f, 0x5f, 0x5f);
/// Pure black: the darker of the two alternating phase shades (drawn nearly transparent).
pub const BLACK: Rgb = Rgb(0, 0, 0);

/// Identity colour of a stage kind: Paul Tol's muted palette, the same as the canvas
/// boxes (the window's theme takes it from here), so a kind looks alike everywhere.
pub fn kind(kind: crate::model::StageKind) -> Rgb {
    use crate::model::StageKind;
    match kind {
        StageKind::Mining => Rgb(0xDD, 0xCC, 0x77),
        StageKind::Concentration => Rgb(0x88, 0xCC, 0xEE),
        StageKind::Refining => Rgb(0x44, 0xAA, 0x99),
        StageKind::Manufacturing => Rgb(0xAA, 0x44, 0x99),
        StageKind::Other => Rgb(0xAA, 0xAA, 0xAA),
    }
}
