//! The flows through the chain as a Sankey diagram: its description and its geometry.
//!
//! No Sankey crate exists for egui, and the exporter needs the same picture, so the layout is
//! computed here once, in plain numbers, and both the window and the SVG writer draw it.

use serde::Serialize;

use super::{Rgb, ValueFormat, palette};
use crate::model::StageKind;

/// What a node stands for, which sets its colour and legend entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NodeGroup {
    /// A stage of this kind.
    Stage(StageKind),
    /// A market where output leaves the chain.
    Market,
}

impl NodeGroup {
    /// Legend text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stage(kind) => kind.label(),
            Self::Market => "Market",
        }
    }

    /// Fill colour.
    pub fn color(self) -> Rgb {
        match self {
            Self::Stage(kind) => palette::kind(kind),
            Self::Market => palette::GREY,
        }
    }
}

/// A box in the diagram: a stage or a market.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SankeyNode {
    /// Name written beside the box.
    pub label: String,
    /// Column, left to right (a stage's depth in the chain; markets last).
    pub column: usize,
    /// Colour group.
    pub group: NodeGroup,
}

/// A band from one node to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SankeyFlow {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// Quantity (in `format`'s unit) or value moved.
    pub amount: f64,
    /// What the band's width stands for: the flow's value at the selling stage's price, in
    /// both measures. Tonnes of ore and tonnes of copper rod share no scale (one scale
    /// squashes everything after the mine into hairlines), while value does; so the quantity
    /// Sankey draws value and writes the quantities on it (see [`Sankey::note`]).
    pub drawn: f64,
    /// How the amount reads: the source's product unit, or money.
    pub format: ValueFormat,
    /// `amount` / everything leaving the source (0-1).
    pub share_of_source: f64,
}

impl SankeyFlow {
    /// "4.10 M t (62%)": the absolute figure with the flow's share of its source.
    pub fn label(&self) -> String {
        format!(
            "{} ({})",
            self.format.value(self.amount),
            crate::report::format::percent(self.share_of_source)
        )
    }
}

/// Flows through the chain over a period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sankey {
    /// Quantity or value.
    pub measure: super::SankeyMeasure,
    /// Stages and markets.
    pub nodes: Vec<SankeyNode>,
    /// Bands with a positive amount.
    pub flows: Vec<SankeyFlow>,
    /// How the bands' widths read (money): what each stage adds is labelled in it.
    pub value_format: ValueFormat,
    /// What the reader must know to read the widths (the quantity Sankey's); empty if nothing.
    pub note: String,
}

impl Sankey {
    /// Sum of the flows leaving node `index`.
    pub fn outflow(&self, index: usize) -> f64 {
        self.flows
            .iter()
            .filter(|flow| flow.from == index)
            .map(|flow| flow.amount)
            .sum()
    }

    /// Sum of the flows entering node `index`.
    pub fn inflow(&self, index: usize) -> f64 {
        self.flows
            .iter()
            .filter(|flow| flow.to == index)
            .map(|flow| flow.amount)
            .sum()
    }

    /// True when some stage fed by the chain sells for more than it was fed: the diagram
    /// then shows where value rises ([`Rise`]).
    pub fn has_rises(&self) -> bool {
        (0..self.nodes.len()).any(|i| {
            matches!(self.nodes[i].group, NodeGroup::Stage(_)) && {
                let fed = self.drawn_in(i);
                fed > 0.0 && self.drawn_out(i) > fed
            }
        })
    }

    /// Drawn width (value) of everything leaving node `index`.
    pub fn drawn_out(&self, index: usize) -> f64 {
        self.flows
            .iter()
            .filter(|flow| flow.from == index)
            .map(|flow| flow.drawn)
            .sum()
    }

    /// Drawn width (value) of everything entering node `index`.
    pub fn drawn_in(&self, index: usize) -> f64 {
        self.flows
            .iter()
            .filter(|flow| flow.to == index)
            .map(|flow| flow.drawn)
            .sum()
    }
}

/// A rectangle in layout coordinates (origin top left, y down).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Where one flow's band leaves its source and meets its target.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Band {
    /// Right edge of the source node.
    pub x0: f64,
    /// Top of the band at the source.
    pub y0: f64,
    /// Left edge of the target node.
    pub x1: f64,
    /// Top of the band at the target.
    pub y1: f64,
    /// Thickness.
    pub width: f64,
}

impl Band {
    /// Points along the centre line of the band (a cubic curve with horizontal tangents),
    /// from source to target. Both drawings sample it the same way.
    pub fn centre_line(&self, segments: usize) -> Vec<(f64, f64)> {
        let half = self.width / 2.0;
        let (ya, yb) = (self.y0 + half, self.y1 + half);
        let mid = f64::midpoint(self.x0, self.x1);
        (0..=segments)
            .map(|i| {
                let t = i as f64 / segments.max(1) as f64;
                let u = 1.0 - t;
                // Control points (mid, ya) and (mid, yb): horizontal at both ends.
                let x = u * u * u * self.x0
                    + 3.0 * u * u * t * mid
                    + 3.0 * u * t * t * mid
                    + t * t * t * self.x1;
                let y =
                    u * u * u * ya + 3.0 * u * u * t * ya + 3.0 * u * t * t * yb + t * t * t * yb;
                (x, y)
            })
            .collect()
    }
}

/// Where value rises at a stage: what leaves it is worth more than what the chain fed it,
/// by its value added and the inputs it buys from outside the chain. Drawn as a short band
/// entering the stage's box below its feed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rise {
    /// The stub, left of the box, level with the part of the box no feed fills.
    pub rect: Rect,
    /// Value out minus value in, in the Sankey's value format.
    pub amount: f64,
}

/// The geometry of a Sankey inside a `width` x `height` box.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// One rectangle per node.
    pub nodes: Vec<Rect>,
    /// One band per flow.
    pub bands: Vec<Band>,
    /// Per node, where value rises at it (only stages fed by the chain that sell for more).
    pub rises: Vec<Option<Rise>>,
    /// Horizontal distance from one column to the next.
    pub column_step: f64,
}

/// The legend's words for the stubs where value rises at a stage.
pub const RISE_LEGEND: &str = "Value added at the stage (with inputs from outside the chain)";

/// Vertical room between two boxes of a column: two lines of a box's label.
pub const NODE_GAP: f64 = 38.0;

/// Width of a node's box, in layout units.
pub const NODE_WIDTH: f64 = 14.0;

/// Lays the diagram out in a `width` x `height` box. Node heights are proportional to the
/// larger of the value that enters and the value that leaves them, on one scale for the
/// whole diagram, so band widths compare across the picture.
pub fn layout(sankey: &Sankey, width: f64, height: f64) -> Layout {
    let count = sankey.nodes.len();
    let columns = sankey
        .nodes
        .iter()
        .map(|node| node.column)
        .max()
        .map_or(0, |c| c + 1);
    if count == 0 || columns == 0 || width <= 0.0 || height <= 0.0 {
        return Layout::default();
    }
    let size: Vec<f64> = (0..count)
        .map(|i| sankey.drawn_in(i).max(sankey.drawn_out(i)))
        .collect();
    // Room between boxes for the label above each one.
    let gap = NODE_GAP;
    let mut scale = f64::INFINITY;
    for column in 0..columns {
        let members: Vec<usize> = (0..count)
            .filter(|&i| sankey.nodes[i].column == column)
            .collect();
        let total: f64 = members.iter().map(|&i| size[i]).sum();
        if total > 0.0 {
            let room = (height - gap * (members.len() as f64 - 1.0)).max(height * 0.2);
            scale = scale.min(room / total);
        }
    }
    if !scale.is_finite() {
        scale = 0.0;
    }

    let step = if columns > 1 {
        (width - NODE_WIDTH) / (columns - 1) as f64
    } else {
        0.0
    };
    let mut nodes = vec![Rect::default(); count];
    for column in 0..columns {
        let members: Vec<usize> = (0..count)
            .filter(|&i| sankey.nodes[i].column == column)
            .collect();
        let heights: Vec<f64> = members
            .iter()
            .map(|&i| (size[i] * scale).max(2.0))
            .collect();
        let content: f64 = heights.iter().sum::<f64>() + gap * (members.len() as f64 - 1.0);
        let mut y = ((height - content) / 2.0).max(0.0);
        for (&i, &h) in members.iter().zip(&heights) {
            nodes[i] = Rect {
                x: column as f64 * step,
                y,
                width: NODE_WIDTH,
                height: h,
            };
            y += h + gap;
        }
    }

    // Bands leave a source in the order of their targets' height, and enter a target in the
    // order of their sources' height, so they do not cross at the nodes.
    let mut bands = vec![Band::default(); sankey.flows.len()];
    let mut out_order: Vec<usize> = (0..sankey.flows.len()).collect();
    out_order.sort_by(|&a, &b| {
        let key = |f: usize| nodes.get(sankey.flows[f].to).map_or(0.0, |r| r.y);
        key(a).total_cmp(&key(b))
    });
    let mut next_out: Vec<f64> = nodes.iter().map(|r| r.y).collect();
    for &f in &out_order {
        let flow = &sankey.flows[f];
        let (Some(source), Some(offset)) = (nodes.get(flow.from), next_out.get_mut(flow.from))
        else {
            continue;
        };
        let width = flow.drawn * scale;
        bands[f].x0 = source.x + source.width;
        bands[f].y0 = *offset;
        bands[f].width = width;
        *offset += width;
    }
    let mut in_order: Vec<usize> = (0..sankey.flows.len()).collect();
    in_order.sort_by(|&a, &b| {
        let key = |f: usize| nodes.get(sankey.flows[f].from).map_or(0.0, |r| r.y);
        key(a).total_cmp(&key(b))
    });
    let mut next_in: Vec<f64> = nodes.iter().map(|r| r.y).collect();
    for &f in &in_order {
        let flow = &sankey.flows[f];
        let (Some(target), Some(offset)) = (nodes.get(flow.to), next_in.get_mut(flow.to)) else {
            continue;
        };
        bands[f].x1 = target.x;
        bands[f].y1 = *offset;
        *offset += bands[f].width;
    }
    let stub = (step * 0.18).clamp(6.0, 28.0);
    let rises = (0..count)
        .map(|i| {
            let (fed, sold) = (sankey.drawn_in(i), sankey.drawn_out(i));
            let node = nodes[i];
            let filled = next_in.get(i).copied().unwrap_or(node.y);
            (fed > 0.0 && sold > fed && matches!(sankey.nodes[i].group, NodeGroup::Stage(_))).then(
                || Rise {
                    rect: Rect {
                        x: node.x - stub,
                        y: filled,
                        width: stub,
                        height: (node.y + node.height - filled).max(0.0),
                    },
                    amount: sold - fed,
                },
            )
        })
        .collect();
    Layout {
        nodes,
        bands,
        rises,
        column_step: step,
    }
}
