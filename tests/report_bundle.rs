//! `uplift report-bundle` (issue #18, item 2): the HTML page holds every chart (each a valid
//! SVG), every scenario asked for and every source note; the PDF parses, with pages that fit
//! both A4 and Letter; the workbook reads back. The brief carries who gets the value and the
//! Policy Analysis Matrix (the fiscal and method issues' figures), its sections read in order,
//! and every link to METHOD.md names one of its headings.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use calamine::{Reader, Xlsx, open_workbook};
use uplift::calc::{Period, compute};
use uplift::chart::ChartKind;
use uplift::io::examples::EXAMPLES;
use uplift::report::format::MoneyDisplay;
use uplift::report::meta::heading_anchor;
use uplift::report::{fiscal_table, pam_table};

const SCENARIOS: [&str; 2] = ["Refine and make rod and wire", "Smelt and refine at home"];

/// Text of an HTML page with the entities the template engine writes turned back.
fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Writes the example whose file name starts with `prefix` into `dir`, runs
/// `uplift report-bundle` on it with `args` into `dir/bundle`, checks it succeeded, and
/// returns the example and the bundle's folder.
fn bundle_of(
    dir: &std::path::Path,
    prefix: &str,
    args: &[&str],
) -> (&'static uplift::io::examples::Example, std::path::PathBuf) {
    let example = EXAMPLES
        .iter()
        .find(|e| e.file_name.starts_with(prefix))
        .unwrap();
    let file = dir.join(example.file_name);
    std::fs::write(&file, example.text).unwrap();
    let out = dir.join("bundle");
    let output = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .arg("report-bundle")
        .arg(&file)
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (example, out)
}

#[test]
fn the_bundle_holds_every_chart_scenario_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<&str> = SCENARIOS
        .iter()
        .flat_map(|scenario| ["--scenario", scenario])
        .collect();
    let (example, out) = bundle_of(dir.path(), "reko", &args);

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let text = unescaped(&html);
    let project = example.project().unwrap();
    for scenario in SCENARIOS {
        assert!(text.contains(scenario), "scenario {scenario}");
    }
    for source in &project.sources {
        assert!(text.contains(source.as_str()), "source {source}");
    }
    for stage in &project.stages {
        for note in stage.sources.values() {
            assert!(text.contains(note.as_str()), "source note {note}");
        }
    }
    assert!(text.contains(uplift::report::meta::UPLIFT_VERSION));
    assert!(text.contains("METHOD.md#5-national-view"));
    // Every chart, inline and well-formed; the comparison too.
    let svgs: Vec<&str> = html
        .match_indices("<svg")
        .map(|(start, _)| {
            let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
            &html[start..end]
        })
        .collect();
    assert_eq!(
        svgs.len(),
        ChartKind::ALL.len() + 2,
        "seven charts, the quantity Sankey and the comparison"
    );
    for svg in svgs {
        roxmltree::Document::parse(svg).unwrap();
    }
    assert!(!html.contains("<script"), "self-contained and static");

    let pdf = lopdf::Document::load(out.join("report.pdf")).unwrap();
    let pages = pdf.get_pages();
    assert!(pages.len() >= 10, "{} pages", pages.len());
    for (_, page) in pages {
        let page = pdf.get_dictionary(page).unwrap();
        let media: Vec<f32> = page
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        // No wider than A4 (595 pt) and no taller than Letter (792 pt).
        assert_eq!(media, [0.0, 0.0, 595.0, 792.0]);
    }

    let workbook: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    assert!(workbook.sheet_names().iter().any(|s| s == "Assumptions"));
}

#[test]
fn a_print_style_bundle_hatches_its_bars_and_keeps_every_hatch_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = bundle_of(dir.path(), "rare", &["--style", "print"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // Several charts share the page: each hatch is defined once, under its own id.
    let ids: Vec<&str> = html
        .match_indices("<pattern ")
        .map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            let rest = &tag[tag.find("id=\"").unwrap() + 4..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for id in &ids {
        assert!(html.contains(&format!("url(#{id})")), "{id} used");
    }
    assert!(html.contains("stroke-dasharray=\"10 4\""), "dashed lines");
    lopdf::Document::load(out.join("report.pdf")).unwrap();
}

#[test]
fn the_bundle_says_who_gets_the_value_and_whether_processing_at_home_pays() {
    let dir = tempfile::tempdir().unwrap();
    let (example, out) = bundle_of(dir.path(), "reko", &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let text = unescaped(&html);

    // The sections read 1, 2, 3, … in order, the two new ones after the figures by stage.
    let numbers: Vec<usize> = text
        .match_indices("<h2 id=")
        .map(|(at, _)| {
            let heading = &text[at + text[at..].find('>').unwrap() + 1..];
            heading[..heading.find('.').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    assert!(text.contains(">4. Who gets the value</h2>"));
    assert!(text.contains(">5. Does processing at home pay? Policy Analysis Matrix</h2>"));
    assert!(text.contains("undiscounted totals over the period unless the label says otherwise"));

    // Every line of the CLI report's and the window's "Who gets the value", federal and
    // province among them, and the break-even price of the deck's copper.
    let project = example.project().unwrap();
    let results = compute(&project).unwrap();
    let report = uplift::report::build(&project, &results, Period::Horizon);
    let money = MoneyDisplay::base(&project.currency);
    let who_gets = fiscal_table::lines(&report.who_gets, &money);
    for label in ["Government take", "  federal", "  province"] {
        assert!(who_gets.iter().any(|(l, _)| *l == label), "{label}");
    }
    for (label, value) in who_gets {
        let class = if label.starts_with(' ') {
            " class=\"sub\""
        } else {
            ""
        };
        let row = format!(
            "<td{class}>{}</td><td class=\"n\">{value}</td>",
            label.trim()
        );
        assert!(text.contains(&row), "{row}");
    }
    let found = uplift::analysis::break_even::break_even(&project, "copper")
        .map_err(|error| error.to_string());
    let break_even = format!(
        "<li>Break-even price of copper: {}</li>",
        fiscal_table::break_even_text(&project, &found)
    );
    assert!(text.contains(&break_even), "{break_even}");

    // The chain's row of the matrix ends with its NPC, EPC and DRC.
    let chain = report.pam.lines.last().unwrap();
    assert_eq!(chain.name, pam_table::CHAIN);
    assert!(chain.drc.is_some());
    let at = text
        .find(&format!("<tr><td>{}</td>", pam_table::CHAIN))
        .unwrap();
    let row = &text[at..at + text[at..].find("</tr>").unwrap()];
    let ratios: String = [chain.npc, chain.epc, chain.drc]
        .map(|ratio| format!("<td class=\"n\">{}</td>", pam_table::ratio_text(ratio)))
        .concat();
    assert!(row.ends_with(&ratios), "{row}");
    assert!(text.contains("<td class=\"sub\">at social prices</td>"));

    // Every link to the method names a heading of docs/METHOD.md, the two new sections too.
    let anchors: Vec<String> = include_str!("../docs/METHOD.md")
        .lines()
        .filter(|line| line.starts_with('#'))
        .map(|line| heading_anchor(line.trim_start_matches('#').trim()))
        .collect();
    let links: Vec<&str> = text
        .match_indices("METHOD.md#")
        .map(|(at, link)| {
            let rest = &text[at + link.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(links.contains(&"18-who-gets-the-value-taxes-owners-and-lenders"));
    assert!(links.contains(&"19-does-processing-at-home-pay-the-policy-analysis-matrix"));
    for link in links {
        assert!(anchors.iter().any(|a| a == link), "METHOD.md#{link}");
    }

    lopdf::Document::load(out.join("report.pdf")).unwrap();
}
