//! The report as PDF: the brief laid out page by page as SVG (text, tables and the charts),
//! each page converted by svg2pdf and the pages joined with pdf-writer. Pages are 595 x 792
//! points, the width of A4 and the height of Letter, so the PDF prints on both unscaled.

use std::collections::HashMap;
use std::fmt::Write as _;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

use super::brief::{Brief, REPORT_CHART, TableSection};
use super::pdf::PdfError;
use super::png;
use super::svg_parts::{text_width, wrap};

const PAGE_WIDTH: f64 = 595.0;
const PAGE_HEIGHT: f64 = 792.0;
const MARGIN: f64 = 42.0;
const CONTENT_WIDTH: f64 = PAGE_WIDTH - 2.0 * MARGIN;
/// How far a table's sub-line (a first cell starting with a space) is set in, in points.
const SUB_LINE_INDENT: f64 = 10.0;

/// Pages being laid out, as SVG bodies.
struct Pages {
    done: Vec<String>,
    body: String,
    y: f64,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Pages {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            body: String::new(),
            y: MARGIN,
        }
    }

    fn break_page(&mut self) {
        if !self.body.is_empty() {
            self.done.push(std::mem::take(&mut self.body));
        }
        self.y = MARGIN;
    }

    /// Room for `height` more points on this page, or a new page.
    fn room(&mut self, height: f64) {
        if self.y + height > PAGE_HEIGHT - MARGIN {
            self.break_page();
        }
    }

    fn text_at(&mut self, x: f64, y: f64, size: f64, bold: bool, anchor: &str, text: &str) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = write!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\"{weight}>{}</text>",
            escape(text)
        );
    }

    /// A paragraph wrapped to the page's width.
    fn paragraph(&mut self, text: &str, size: f64, bold: bool) {
        let chars = (CONTENT_WIDTH / text_width("x", size)) as usize;
        for line in wrap(text, chars, 40) {
            self.room(size * 1.45);
            self.y += size * 1.45;
            let y = self.y;
            self.text_at(MARGIN, y, size, bold, "start", &line);
        }
    }

    fn gap(&mut self, height: f64) {
        self.y += height;
    }

    /// A table: the first column takes what the others leave; numbers align right; a first
    /// cell that starts with a space is a sub-line of the row above, set in.
    fn table(&mut self, headers: &[String], rows: &[Vec<String>], size: f64) {
        let columns = headers.len().max(1);
        let first = if columns > 3 {
            CONTENT_WIDTH * 0.28
        } else {
            CONTENT_WIDTH * 0.5
        };
        let other = (CONTENT_WIDTH - first) / (columns - 1).max(1) as f64;
        let chars_other = (other / text_width("x", size)) as usize;
        let draw_row = |pages: &mut Self, cells: &[String], bold: bool| {
            let indent = if cells.first().is_some_and(|c| c.starts_with(' ')) {
                SUB_LINE_INDENT
            } else {
                0.0
            };
            let chars_first = ((first - indent) / text_width("x", size)) as usize;
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| wrap(c, if i == 0 { chars_first } else { chars_other }, 3))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f64 * size * 1.3 + 4.0;
            pages.room(height);
            for (i, cell) in wrapped.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    let y = pages.y + (k as f64 + 1.0) * size * 1.3;
                    if i == 0 {
                        pages.text_at(MARGIN + indent, y, size, bold, "start", line);
                    } else {
                        let x = MARGIN + first + other * i as f64 - 3.0;
                        pages.text_at(x, y, size, bold, "end", line);
                    }
                }
            }
            pages.y += height;
            let _ = write!(
                pages.body,
                "<line x1=\"{MARGIN}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#dddddd\" stroke-width=\"0.5\"/>",
                MARGIN + CONTENT_WIDTH,
                pages.y - 2.0,
                pages.y - 2.0
            );
        };
        draw_row(self, headers, true);
        for row in rows {
            draw_row(self, row, false);
        }
    }

    /// A section of the brief that is a table, numbered `number`: its heading, its note, the
    /// table in `size` point text, and the lines under it.
    fn table_section(&mut self, number: usize, section: &TableSection, size: f64) {
        // The heading and its note stay on the page of the table's first rows.
        self.room(160.0);
        self.paragraph(&format!("{number}. {}", section.title), 15.0, true);
        self.gap(4.0);
        self.paragraph(&section.note, 8.0, false);
        self.gap(6.0);
        self.table(&section.table.headers, &section.table.rows, size);
        self.gap(4.0);
        for line in &section.after {
            self.paragraph(line, 8.5, false);
        }
        self.gap(14.0);
    }

    /// A chart's SVG scaled to the page's width.
    fn figure(&mut self, svg: &str, caption: &str) {
        let scale = CONTENT_WIDTH / REPORT_CHART.width;
        let height = REPORT_CHART.height * scale;
        self.room(height + 30.0);
        let inner = svg
            .split_once('>')
            .and_then(|(_, rest)| rest.rsplit_once("</svg>"))
            .map_or("", |(inner, _)| inner);
        let _ = write!(
            self.body,
            "<g transform=\"translate({MARGIN} {:.1}) scale({scale:.4})\">{inner}</g>",
            self.y
        );
        self.y += height;
        self.paragraph(caption, 7.5, false);
        self.gap(10.0);
    }

    fn finish(mut self) -> Vec<String> {
        self.break_page();
        let total = self.done.len();
        self.done
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PAGE_WIDTH}\" height=\"{PAGE_HEIGHT}\" viewBox=\"0 0 {PAGE_WIDTH} {PAGE_HEIGHT}\"><rect width=\"{PAGE_WIDTH}\" height=\"{PAGE_HEIGHT}\" fill=\"#ffffff\"/><g font-family=\"DejaVu Sans\" fill=\"#222222\">{body}<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"7\" text-anchor=\"end\" fill=\"#666666\">{} of {total}</text></g></svg>",
                    PAGE_WIDTH - MARGIN,
                    PAGE_HEIGHT - 20.0,
                    i + 1
                )
            })
            .collect()
    }
}

/// The pages of `brief` as SVG documents.
fn pages(brief: &Brief) -> Vec<String> {
    let mut pages = Pages::new();
    pages.gap(120.0);
    pages.paragraph(&brief.project, 24.0, true);
    pages.paragraph(
        "Value-chain analysis: value added, share of GDP, foreign exchange, jobs and public revenue",
        11.0,
        false,
    );
    pages.gap(12.0);
    pages.paragraph(&brief.description, 10.0, false);
    pages.gap(12.0);
    let facts = [
        ("Scenarios", brief.scenarios.join(", ")),
        ("Period", brief.period.clone()),
        ("Currency", brief.currency.clone()),
        ("Project file", brief.file.clone()),
        ("Date", brief.date.clone()),
        (
            "Made with",
            format!(
                "Uplift {}; method as in METHOD.md of this version",
                brief.version
            ),
        ),
    ];
    for (name, value) in facts {
        pages.paragraph(&format!("{name}: {value}"), 10.0, false);
    }
    pages.break_page();

    pages.paragraph("1. Headline figures", 15.0, true);
    let mut headers = vec!["Figure".to_owned()];
    headers.extend(brief.scenarios.iter().cloned());
    let rows: Vec<Vec<String>> = brief
        .headline
        .iter()
        .map(|row| {
            std::iter::once(row.label.clone())
                .chain(row.cells.iter().cloned())
                .collect()
        })
        .collect();
    pages.gap(6.0);
    pages.table(&headers, &rows, 8.0);
    pages.gap(14.0);

    pages.paragraph(&format!("2. Charts ({})", brief.scenarios[0]), 15.0, true);
    pages.gap(6.0);
    for (index, chart) in brief.charts.iter().enumerate() {
        pages.figure(
            &chart.svg,
            &format!("Figure {}. {}. {}", index + 1, chart.title, chart.note),
        );
    }

    pages.break_page();
    pages.paragraph(
        &format!(
            "3. Figures by stage ({}, {})",
            brief.scenarios[0], brief.period
        ),
        15.0,
        true,
    );
    pages.gap(6.0);
    pages.table(&brief.stages.headers, &brief.stages.rows, 6.5);
    pages.gap(14.0);

    pages.table_section(4, &brief.who_gets, 8.0);
    pages.table_section(5, &brief.pam, 7.0);

    pages.paragraph("6. Scenarios compared with the baseline", 15.0, true);
    for scenario in &brief.differences {
        pages.gap(6.0);
        pages.paragraph(&scenario.name, 11.0, true);
        let headers = vec![
            "Input".to_owned(),
            brief.scenarios[0].clone(),
            scenario.name.clone(),
        ];
        let rows: Vec<Vec<String>> = scenario.rows.iter().map(|r| r.to_vec()).collect();
        pages.table(&headers, &rows, 7.5);
    }
    if brief.differences.is_empty() {
        pages.paragraph("No scenario was chosen besides the baseline.", 9.0, false);
    }
    pages.gap(14.0);

    pages.paragraph("7. Assumptions and sources", 15.0, true);
    pages.gap(6.0);
    let headers: Vec<String> = ["Where and input", "Value", "Source"]
        .map(str::to_owned)
        .to_vec();
    let rows: Vec<Vec<String>> = brief
        .assumptions
        .iter()
        .map(|a| {
            vec![
                format!("{}: {}", a.owner, a.input),
                format!("{} {}", a.value, a.unit).trim().to_owned(),
                a.source.clone(),
            ]
        })
        .collect();
    pages.table(&headers, &rows, 7.0);
    pages.gap(10.0);
    pages.paragraph("Data sources", 11.0, true);
    for (i, source) in brief.sources.iter().enumerate() {
        pages.paragraph(&format!("{}. {source}", i + 1), 8.0, false);
    }
    pages.gap(14.0);
    pages.paragraph("8. Method", 15.0, true);
    pages.paragraph(
        &format!("Figures were computed by Uplift {}. The method is set out in METHOD.md of that version, sections:", brief.version),
        9.0,
        false,
    );
    for section in &brief.method {
        pages.paragraph(
            &format!("{} (METHOD.md#{})", section.title, section.anchor),
            8.5,
            false,
        );
    }
    pages.finish()
}

/// `brief` as a PDF of A4-width, Letter-height pages.
pub(super) fn to_pdf(brief: &Brief) -> Result<Vec<u8>, PdfError> {
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let page_tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();
    for page in pages(brief) {
        let tree = png::parsed(&page).map_err(PdfError::Render)?;
        let (chunk, svg_id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|error| PdfError::Convert(error.to_string()))?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let Some(&svg_id) = map.get(&svg_id) else {
            return Err(PdfError::Convert(
                "the page's drawing went missing".to_owned(),
            ));
        };
        pdf.extend(&chunk);
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let name = Name(b"P1");
        let mut page_writer = pdf.page(page_id);
        page_writer
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH as f32, PAGE_HEIGHT as f32))
            .parent(page_tree_id)
            .contents(content_id);
        page_writer.resources().x_objects().pair(name, svg_id);
        page_writer.finish();
        let mut content = Content::new();
        content.transform([PAGE_WIDTH as f32, 0.0, 0.0, PAGE_HEIGHT as f32, 0.0, 0.0]);
        content.x_object(name);
        pdf.stream(content_id, &content.finish());
        page_ids.push(page_id);
    }
    pdf.pages(page_tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.catalog(catalog_id).pages(page_tree_id);
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartStyle;
    use crate::chart::bundle::{BundleRequest, brief};

    /// The brief of the built-in Reko Diq project and its pages' drawing, one after another.
    fn reko_diq_pages() -> (Brief, String) {
        let project = crate::io::examples::default_project().unwrap();
        let request = BundleRequest {
            project: &project,
            scenarios: &[],
            file_name: None,
            style: ChartStyle::Screen,
        };
        let (brief, _) = brief(&request).unwrap();
        let drawn = pages(&brief).concat();
        (brief, drawn)
    }

    #[test]
    fn the_pdf_draws_who_gets_the_value_and_the_policy_analysis_matrix() {
        let (brief, drawn) = reko_diq_pages();
        for heading in [
            "4. Who gets the value",
            "5. Does processing at home pay? Policy Analysis Matrix",
            "6. Scenarios compared with the baseline",
        ] {
            assert!(drawn.contains(&escape(heading)), "{heading}");
        }
        // Every cell of both tables, as the page shows it (sub-lines set in, not spaced).
        for section in [&brief.who_gets, &brief.pam] {
            for cell in section.table.rows.iter().flatten() {
                let text = format!(">{}</text>", escape(cell.trim()));
                assert!(cell.is_empty() || drawn.contains(&text), "{cell}");
            }
        }
        assert!(
            !brief.who_gets.after.is_empty(),
            "the deck's break-even prices"
        );
        for line in &brief.who_gets.after {
            let first_words: String = line
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(drawn.contains(&escape(&first_words)), "{line}");
        }
        assert!(
            brief
                .pam
                .table
                .rows
                .iter()
                .any(|row| row[0] == crate::report::pam_table::CHAIN && !row[7].is_empty()),
            "the chain's DRC"
        );
    }

    /// Every number of every table on the pages is whole: cut with an ellipsis, a column of
    /// billions ("12,287,250,0…") said nothing.
    #[test]
    fn no_table_cell_is_cut_on_the_page() {
        let (brief, drawn) = reko_diq_pages();
        for section in [&brief.stages, &brief.who_gets.table, &brief.pam.table] {
            for cell in section.rows.iter().flat_map(|row| row.iter().skip(1)) {
                let text = format!(">{}</text>", escape(cell.trim()));
                assert!(cell.is_empty() || drawn.contains(&text), "cut: {cell}");
            }
        }
    }
}
