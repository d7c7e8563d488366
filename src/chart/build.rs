//! Builds each chart's description from a project and its results.

use serde::Serialize;

use super::many_stages::{self, Combine};
use super::sankey::{NodeGroup, Sankey, SankeyFlow, SankeyNode};
use super::{
    Axis, Band, BarPanel, Chart, ChartBody, ChartKind, LinePanel, Rgb, Series, ValueFormat,
    Waterfall, WaterfallStep, missing, palette,
};
use crate::calc::{Accounts, Period, Results};
use crate::model::validate::topological_order;
use crate::model::{Destination, Location, Project, StageId};
use crate::report::{meta, period_label, years_in};

/// Whether the Sankey measures material or money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum SankeyMeasure {
    /// Units of each stage's product (each flow in its source's unit).
    Quantity,
    /// Value at the selling stage's price: comparable across the whole chain, so the default.
    #[default]
    Value,
}

/// Choices that shape the charts: the period, the final product of the build-up, and the
/// words of the subtitle and source line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions {
    /// Year or period the by-stage charts read (the horizon charts mark the year).
    pub period: Period,
    /// Final product of the value build-up; `None` picks [`default_final_stage`].
    pub final_stage: Option<StageId>,
    /// Quantity or value Sankey.
    pub sankey_measure: SankeyMeasure,
    /// Scenario name for the subtitle.
    pub scenario: String,
    /// File the project came from, for the source line; `None` when unsaved.
    pub file_name: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            period: Period::Horizon,
            final_stage: None,
            sankey_measure: SankeyMeasure::Value,
            scenario: crate::model::scenario::BASE_LABEL.to_owned(),
            file_name: None,
        }
    }
}

/// Builds chart `kind`.
pub fn build(
    kind: ChartKind,
    project: &Project,
    results: &Results,
    options: &ChartOptions,
) -> Chart {
    let (title, body) = match kind {
        ChartKind::ValueAdded => (
            "Value added by stage",
            value_added(project, results, options),
        ),
        ChartKind::ValueBuildUp => (
            "Value of one unit of final product, built up along the chain",
            value_build_up(project, results, options),
        ),
        ChartKind::GdpShare => (
            "Share of GDP, direct and total",
            gdp_share(project, results, options),
        ),
        ChartKind::ForeignExchange => (
            "Exports, imports and net foreign-exchange earnings",
            foreign_exchange(project, results, options),
        ),
        ChartKind::JobsRevenue => (
            "Jobs and public revenue by stage",
            jobs_revenue(project, results, options),
        ),
        ChartKind::Footprint => (
            "Environmental footprint by stage",
            footprint(project, results, options),
        ),
        ChartKind::WhoGetsWhat => (
            "Who gets the domestic chain's pre-tax cash flow",
            super::who_gets::who_gets_what(project, results, options.period),
        ),
        ChartKind::DrcByStage => (
            "Does processing at home pay? Domestic resource cost ratio by stage",
            super::drc::drc_by_stage(project, results, options.period),
        ),
        ChartKind::Comparison
        | ChartKind::Tornado
        | ChartKind::MonteCarloFan
        | ChartKind::NpvHistogram => (
            kind.label(),
            ChartBody::Empty(
                "This chart is built from several runs; open it from the Analysis view.".to_owned(),
            ),
        ),
        ChartKind::Sankey => (
            match options.sankey_measure {
                SankeyMeasure::Quantity => "Material flows through the chain",
                SankeyMeasure::Value => "Value flows through the chain",
            },
            ChartBody::Sankey(sankey(project, results, options)),
        ),
    };
    let body = match body {
        ChartBody::Bars { panels, .. } if project.stages.is_empty() || panels.is_empty() => {
            ChartBody::Empty("No stages yet".to_owned())
        }
        other => other,
    };
    let period = match (kind, options.period) {
        // Horizon charts show every year; the selected year is only marked.
        (ChartKind::GdpShare | ChartKind::ForeignExchange, _) => {
            period_label(project, Period::Horizon)
        }
        (_, period) => period_label(project, period),
    };
    missing::cleaned(Chart {
        kind,
        title: title.to_owned(),
        subtitle: format!("{} · {} · {period}", project.name, options.scenario),
        scenario: options.scenario.clone(),
        source: source_line(
            project,
            options.file_name.as_deref(),
            &options.scenario,
            "calculation",
        ),
        body,
    })
}

/// The source line every chart ends with: what Uplift (which version, on which day) ran, on
/// which project, file and scenario, and the data sources the project names.
pub(super) fn source_line(
    project: &Project,
    file_name: Option<&str>,
    scenario: &str,
    what: &str,
) -> String {
    let file = file_name.map_or_else(
        || "unsaved project".to_owned(),
        |name| format!("file {name}"),
    );
    format!(
        "Source: Uplift {} {what}, {}; project \"{}\" ({file}), scenario \"{scenario}\". \
         Data: {}.",
        meta::UPLIFT_VERSION,
        meta::today(),
        project.name,
        meta::sources_in_brief(project, 4),
    )
}

/// Money in the project's currency.
pub(super) fn money(project: &Project) -> ValueFormat {
    ValueFormat::Money(project.currency.money_unit().to_owned())
}

/// Stage names for category axes; stages abroad are marked, as their value added is not
/// national.
fn categories(project: &Project) -> Vec<String> {
    project
        .stages
        .iter()
        .map(|stage| match stage.location {
            Location::Domestic => stage.name.clone(),
            Location::Abroad => format!("{} (abroad)", stage.name),
        })
        .collect()
}

fn per_stage(results: &Results, period: Period, f: impl Fn(&Accounts) -> f64) -> Vec<f64> {
    (0..results.stages.len())
        .map(|index| f(&results.stage(index, period)))
        .collect()
}

/// The parts of value added, in stacking order: wages, taxes and royalties net of subsidies,
/// depreciation, operating surplus. They sum to value added by construction of the accounts.
pub fn parts_of_value_added(accounts: &Accounts) -> [(&'static str, f64); 4] {
    [
        ("Wages", accounts.wages),
        (
            "Taxes and royalties, net of subsidies",
            accounts.net_taxes(),
        ),
        ("Depreciation", accounts.depreciation),
        ("Operating surplus", accounts.operating_surplus),
    ]
}

fn value_added(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    let colors = [
        palette::BLUE,
        palette::ORANGE,
        palette::GREY,
        palette::GREEN,
    ];
    let accounts: Vec<Accounts> = (0..results.stages.len())
        .map(|index| results.stage(index, options.period))
        .collect();
    let series = colors
        .iter()
        .enumerate()
        .map(|(part, &color)| Series {
            name: parts_of_value_added(&Accounts::default())[part]
                .0
                .to_owned(),
            color,
            values: accounts
                .iter()
                .map(|a| parts_of_value_added(a)[part].1)
                .collect(),
        })
        .collect();
    let mut panels = vec![BarPanel {
        total: Some(Series {
            name: "Value added".to_owned(),
            color: palette::INK,
            values: accounts.iter().map(|a| a.value_added).collect(),
        }),
        ..BarPanel::new(
            Axis {
                title: "Value added".to_owned(),
                format: money(project),
            },
            categories(project),
            series,
        )
    }];
    many_stages::keep_top_rows(&mut panels, &[Combine::Sum]);
    ChartBody::Bars { panels, columns: 1 }
}

/// The final product the build-up follows when none is chosen: the domestic stage that sells
/// to a market at the end of the longest chain of links (ties go to the larger output value).
pub fn default_final_stage(project: &Project, results: &Results, period: Period) -> Option<usize> {
    let depth = depths(project);
    (0..project.stages.len())
        .filter(|&i| project.stages[i].location == Location::Domestic)
        .filter(|&i| results.stage(i, period).sold_quantity > 0.0)
        .max_by(|&a, &b| {
            depth[a].cmp(&depth[b]).then_with(|| {
                let value = |i| results.stage(i, period).output_value;
                value(a).total_cmp(&value(b))
            })
        })
}

/// Longest chain of links leading to each stage (0 for stages without feed).
fn depths(project: &Project) -> Vec<usize> {
    let mut depth = vec![0usize; project.stages.len()];
    let Some(order) = topological_order(project) else {
        return depth;
    };
    for index in order {
        let Some(id) = project.stages.get(index).map(|stage| &stage.id) else {
            continue;
        };
        for link in project.links.iter().filter(|link| &link.from == id) {
            if let Some(to) = project.stage_index(&link.to) {
                depth[to] = depth[to].max(depth[index] + 1);
            }
        }
    }
    depth
}

/// Follows the feed upstream from the final stage: at each stage, the inbound link that
/// carried the most value over the period (or, if none carried any, the largest share).
fn feed_path(project: &Project, results: &Results, period: Period, last: usize) -> Vec<usize> {
    let mut path = vec![last];
    let mut current = last;
    while path.len() <= project.stages.len() {
        let Some(id) = project.stages.get(current).map(|stage| &stage.id) else {
            break;
        };
        let upstream = project
            .links
            .iter()
            .enumerate()
            .filter(|(_, link)| &link.to == id)
            .max_by(|(a, link_a), (b, link_b)| {
                let value = |i| results.link(i, period).1;
                value(*a)
                    .total_cmp(&value(*b))
                    .then(link_a.share_pct.total_cmp(&link_b.share_pct))
            })
            .and_then(|(_, link)| project.stage_index(&link.from));
        let Some(previous) = upstream else { break };
        if path.contains(&previous) {
            break;
        }
        path.push(previous);
        current = previous;
    }
    path.reverse();
    path
}

fn value_build_up(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    let last = options
        .final_stage
        .as_ref()
        .and_then(|id| project.stage_index(id))
        .or_else(|| default_final_stage(project, results, options.period));
    let Some(last) = last else {
        return ChartBody::Empty(
            "No domestic stage sells to a market in this period, so there is no final product \
             to follow."
                .to_owned(),
        );
    };
    let path = feed_path(project, results, options.period, last);
    // Units of each path stage's product that go into one unit of the final product.
    let mut units = vec![1.0; path.len()];
    for k in (0..path.len().saturating_sub(1)).rev() {
        let feed = results
            .input_per_unit(path[k + 1])
            .unwrap_or(project.stages[path[k + 1]].input_per_unit);
        units[k] = units[k + 1] * feed;
    }
    let mut steps = Vec::with_capacity(path.len());
    let mut value_before: f64 = 0.0;
    for (&index, &units) in path.iter().zip(&units) {
        let stage = &project.stages[index];
        let embodied = results.average_price(index, options.period) * units;
        let multiple = (!steps.is_empty() && value_before.abs() > f64::EPSILON)
            .then(|| embodied / value_before);
        steps.push(WaterfallStep {
            label: stage.name.clone(),
            start: value_before,
            added: embodied - value_before,
            multiple,
        });
        value_before = embodied;
    }
    let final_stage = &project.stages[last];
    let steps = many_stages::merge_small_steps(steps);
    ChartBody::Waterfall(Waterfall {
        y_axis: Axis {
            title: format!("Value per {} of {}", final_stage.unit, final_stage.product),
            format: money(project),
        },
        steps,
        total_label: format!("{} ({})", final_stage.product, final_stage.unit),
        total: value_before,
    })
}

fn yearly(results: &Results, f: impl Fn(&crate::calc::National) -> f64) -> Vec<f64> {
    results
        .years
        .iter()
        .map(|&year| f(&results.national(Period::Year(year))))
        .collect()
}

/// The project's phases, for shading charts over the years.
pub(super) fn phase_bands(project: &Project) -> Vec<Band> {
    project
        .phases
        .iter()
        .map(|phase| Band {
            name: phase.name.clone(),
            first_year: phase.first_year,
            last_year: phase.last_year,
        })
        .collect()
}

fn marked_year(options: &ChartOptions) -> Option<i32> {
    match options.period {
        Period::Year(year) => Some(year),
        Period::Horizon | Period::Range(..) => None,
    }
}

fn gdp_share(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    ChartBody::Lines(LinePanel {
        y_axis: Axis {
            title: "Share of GDP".to_owned(),
            format: ValueFormat::Percent,
        },
        years: results.years.clone(),
        series: vec![
            Series {
                name: "Total (direct + indirect)".to_owned(),
                color: palette::BLUE,
                values: yearly(results, |n| n.share_of_gdp_total() * 100.0),
            },
            Series {
                name: "Direct".to_owned(),
                color: palette::ORANGE,
                values: yearly(results, |n| n.share_of_gdp_direct() * 100.0),
            },
            // Apart from the operating figures (docs/METHOD.md 5.8).
            Series {
                name: "Construction (not in the operating shares)".to_owned(),
                color: palette::GREEN,
                values: yearly(results, |n| n.share_of_gdp_construction() * 100.0),
            },
        ],
        bands: phase_bands(project),
        marked_year: marked_year(options),
        range: None,
    })
}

fn foreign_exchange(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    ChartBody::Lines(LinePanel {
        y_axis: Axis {
            title: "Foreign exchange per year".to_owned(),
            format: money(project),
        },
        years: results.years.clone(),
        series: vec![
            Series {
                name: "Exports".to_owned(),
                color: palette::GREEN,
                values: yearly(results, |n| n.accounts.exports),
            },
            Series {
                name: "Imports".to_owned(),
                color: palette::VERMILLION,
                values: yearly(results, |n| n.accounts.imports),
            },
            Series {
                name: "Net FX earnings".to_owned(),
                color: palette::INK,
                values: yearly(results, |n| n.accounts.net_fx()),
            },
        ],
        bands: phase_bands(project),
        marked_year: marked_year(options),
        range: None,
    })
}

/// A part of public revenue: name, colour and how to read it (signed) from the accounts.
type RevenuePart = (&'static str, Rgb, fn(&Accounts) -> f64);

fn jobs_revenue(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    let years = years_in(results, options.period).max(1) as f64;
    let period = options.period;
    let revenue_parts: [RevenuePart; 5] = [
        ("Royalties", palette::ORANGE, |a| a.royalties),
        ("Other taxes", palette::YELLOW, |a| a.other_taxes),
        ("Export taxes", palette::SKY, |a| a.export_taxes),
        ("Carbon tax", palette::GREEN, |a| a.carbon_tax),
        ("Subsidies (paid out)", palette::VERMILLION, |a| {
            -a.subsidies
        }),
    ];
    // Jobs are a level (people at work in a year): over several years the chart shows their
    // average per year. Revenue is a flow: over several years, the total.
    // Construction jobs have a panel of their own, never added to these (METHOD 5.8).
    let (jobs_name, construction_name, revenue_name) = match period {
        Period::Year(_) => (
            "Jobs in the year",
            "Construction jobs in the year",
            "Public revenue in the year",
        ),
        Period::Horizon | Period::Range(..) => (
            "Jobs, average per year",
            "Construction jobs, average per year",
            "Public revenue, total over the period",
        ),
    };
    // Operating and construction jobs: a panel each, in full-time equivalents per year.
    let jobs_panel = |name: &str, color, jobs: fn(&Accounts) -> f64| BarPanel {
        heading: name.to_owned(),
        ..BarPanel::new(
            Axis {
                title: name.to_owned(),
                format: ValueFormat::Quantity("FTE".to_owned()),
            },
            categories(project),
            vec![Series {
                name: name.to_owned(),
                color,
                values: per_stage(results, period, |a| jobs(a) / years),
            }],
        )
    };
    let jobs = jobs_panel(jobs_name, palette::BLUE, |a| a.jobs);
    let construction = jobs_panel(construction_name, palette::GREEN, |a| a.construction_jobs);
    let revenue = BarPanel {
        heading: revenue_name.to_owned(),
        total: Some(Series {
            name: revenue_name.to_owned(),
            color: palette::INK,
            values: per_stage(results, period, Accounts::public_revenue),
        }),
        ..BarPanel::new(
            Axis {
                title: revenue_name.to_owned(),
                format: money(project),
            },
            categories(project),
            revenue_parts
                .iter()
                .map(|&(name, color, amount)| Series {
                    name: name.to_owned(),
                    color,
                    values: per_stage(results, period, amount),
                })
                .collect(),
        )
    };
    let mut panels = vec![jobs, construction, revenue];
    many_stages::keep_top_rows(&mut panels, &[Combine::Sum, Combine::Sum, Combine::Sum]);
    ChartBody::Bars { panels, columns: 2 }
}

/// A footprint measure: name, unit, colour and how to read it from the accounts.
type Measure = (&'static str, &'static str, Rgb, fn(&Accounts) -> f64);

fn footprint(project: &Project, results: &Results, options: &ChartOptions) -> ChartBody {
    let period = options.period;
    let code = project.currency.money_unit();
    let measures: [Measure; 3] = [
        ("CO₂", "t", palette::VERMILLION, |a| a.co2_t),
        ("Energy", "MWh", palette::ORANGE, |a| a.energy_mwh),
        ("Water", "m³", palette::SKY, |a| a.water_m3),
    ];
    let mut panels = Vec::with_capacity(6);
    for (name, unit, color, amount) in measures {
        panels.push(BarPanel {
            heading: name.to_owned(),
            // The CSV header and the axis add the unit.
            ..BarPanel::new(
                Axis {
                    title: name.to_owned(),
                    format: ValueFormat::Quantity(unit.to_owned()),
                },
                categories(project),
                vec![Series {
                    name: name.to_owned(),
                    color,
                    values: per_stage(results, period, amount),
                }],
            )
        });
    }
    for (name, unit, color, amount) in measures {
        panels.push(BarPanel {
            heading: format!("{name} per value added"),
            // Intensity is only defined where the stage adds value; a stage with no or
            // negative value added shows no bar rather than a meaningless ratio.
            ..BarPanel::new(
                Axis {
                    title: format!("{name} per value added"),
                    format: ValueFormat::Quantity(format!("{unit} per M {code}")),
                },
                categories(project),
                vec![Series {
                    name: format!("{name} per value added"),
                    color,
                    values: per_stage(results, period, |a| {
                        if a.value_added > 0.0 {
                            amount(a) / (a.value_added / 1e6)
                        } else {
                            0.0
                        }
                    }),
                }],
            )
        });
    }
    // Intensities (the last three panels) do not add up across stages.
    let combine = [
        Combine::Sum,
        Combine::Sum,
        Combine::Sum,
        Combine::Missing,
        Combine::Missing,
        Combine::Missing,
    ];
    many_stages::keep_top_rows(&mut panels, &combine);
    ChartBody::Bars { panels, columns: 3 }
}

fn sankey(project: &Project, results: &Results, options: &ChartOptions) -> Sankey {
    let period = options.period;
    let depth = depths(project);
    let market_column = depth.iter().max().map_or(0, |d| d + 1);
    let mut nodes: Vec<SankeyNode> = project
        .stages
        .iter()
        .zip(&depth)
        .map(|(stage, &column)| SankeyNode {
            label: stage.name.clone(),
            column,
            group: NodeGroup::Stage(stage.kind),
        })
        .collect();
    let (market_abroad, market_home) = (nodes.len(), nodes.len() + 1);
    nodes.push(SankeyNode {
        label: "Sold abroad".to_owned(),
        column: market_column,
        group: NodeGroup::Market,
    });
    nodes.push(SankeyNode {
        label: "Sold at home".to_owned(),
        column: market_column,
        group: NodeGroup::Market,
    });

    let format_of = |index: usize| match options.sankey_measure {
        SankeyMeasure::Quantity => ValueFormat::Quantity(
            project
                .stages
                .get(index)
                .map_or_else(String::new, |s| s.unit.clone()),
        ),
        SankeyMeasure::Value => money(project),
    };
    let amount = |quantity: f64, value: f64| match options.sankey_measure {
        SankeyMeasure::Quantity => quantity,
        SankeyMeasure::Value => value,
    };
    let mut flows = Vec::new();
    for (index, link) in project.links.iter().enumerate() {
        let (Some(from), Some(to)) = (
            project.stage_index(&link.from),
            project.stage_index(&link.to),
        ) else {
            continue;
        };
        let (quantity, value) = results.link(index, period);
        flows.push(SankeyFlow {
            from,
            to,
            amount: amount(quantity, value),
            drawn: value,
            format: format_of(from),
            share_of_source: 0.0,
        });
    }
    for (index, stage) in project.stages.iter().enumerate() {
        let accounts = results.stage(index, period);
        // By-products leave with the product, so a stage's outflows add up to its output.
        let value = results.sold_value(index, period) + accounts.by_product_value;
        flows.push(SankeyFlow {
            from: index,
            to: match stage.unlinked_output {
                Destination::Export => market_abroad,
                // Unsold output is not made, so it never reaches a market (amount 0).
                Destination::DomesticMarket | Destination::NotSold => market_home,
            },
            amount: amount(accounts.sold_quantity, value),
            drawn: value,
            format: format_of(index),
            share_of_source: 0.0,
        });
    }
    let by_unit = options.sankey_measure == SankeyMeasure::Quantity;
    let (nodes, mut flows) = many_stages::group_by_kind(project, nodes, flows, by_unit);
    flows.retain(|flow| flow.amount > 0.0 && flow.amount.is_finite());
    let note = match options.sankey_measure {
        SankeyMeasure::Quantity => "Band widths are value at the selling stage's price, as \
            tonnes of ore and of metal share no scale; labels give the quantities."
            .to_owned(),
        SankeyMeasure::Value => String::new(),
    };
    let mut sankey = Sankey {
        measure: options.sankey_measure,
        nodes,
        flows,
        value_format: money(project),
        note,
    };
    let outflows: Vec<f64> = (0..sankey.nodes.len()).map(|i| sankey.outflow(i)).collect();
    for flow in &mut sankey.flows {
        let total = outflows.get(flow.from).copied().unwrap_or(0.0);
        flow.share_of_source = if total > 0.0 {
            flow.amount / total
        } else {
            0.0
        };
    }
    // A node nothing flows through (a market nothing reaches, a stage switched off in the
    // scenario shown or not yet producing) is left out rather than drawn as an empty box.
    let mut used = vec![false; sankey.nodes.len()];
    for flow in &sankey.flows {
        for node in [flow.from, flow.to] {
            if let Some(used) = used.get_mut(node) {
                *used = true;
            }
        }
    }
    let mut new_index = Vec::with_capacity(used.len());
    let mut kept = 0;
    for &used in &used {
        new_index.push(kept);
        kept += usize::from(used);
    }
    let mut node_used = used.iter();
    sankey
        .nodes
        .retain(|_| node_used.next().copied().unwrap_or(false));
    for flow in &mut sankey.flows {
        flow.from = new_index.get(flow.from).copied().unwrap_or(flow.from);
        flow.to = new_index.get(flow.to).copied().unwrap_or(flow.to);
    }
    sankey
}
