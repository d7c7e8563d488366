//! A chart as a one-page vector PDF, for Word, `LibreOffice` and LaTeX: the SVG the SVG export
//! writes, converted by svg2pdf with the embedded fonts subset into the file (text stays text,
//! lines stay lines at any zoom). One layout pixel is 1/96 inch, as in the PNG.

use super::{Chart, ChartStyle, SvgSize, png, to_svg_styled};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The SVG could not be read back (a bug in the SVG writer).
    #[error("could not read the chart's drawing: {0}")]
    Render(String),
    /// svg2pdf refused the drawing.
    #[error("could not convert the chart to PDF: {0}")]
    Convert(String),
}

/// `svg` as a one-page PDF of the same size (96 layout pixels to the inch).
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, PdfError> {
    let tree = png::parsed(svg).map_err(PdfError::Render)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(|error| PdfError::Convert(error.to_string()))
}

/// The chart as PDF bytes, laid out at `size`.
pub fn to_pdf(chart: &Chart, size: SvgSize) -> Result<Vec<u8>, PdfError> {
    to_pdf_styled(chart, size, ChartStyle::Screen)
}

/// The chart as PDF bytes, laid out at `size`, in `style`.
pub fn to_pdf_styled(chart: &Chart, size: SvgSize, style: ChartStyle) -> Result<Vec<u8>, PdfError> {
    svg_to_pdf(&to_svg_styled(chart, size, style))
}
