//! Tool-bar icons, drawn as vector strokes in the button's text colour. Drawing them avoids
//! depending on an emoji font being installed, and keeps them crisp at any zoom.

use std::f32::consts::{PI, TAU};

use egui::{Atom, Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2};

/// Side of an icon, in points.
const ICON_SIZE: f32 = 16.0;

/// The tool bar's icons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    /// A blank page.
    New,
    /// A folder.
    Open,
    /// A floppy disk.
    Save,
    /// An arrow turning back.
    Undo,
    /// An arrow turning forward.
    Redo,
    /// Four corners: fit to view.
    Fit,
    /// Boxes in columns: arrange.
    Arrange,
    /// A sun: switch to the light theme.
    Sun,
    /// A crescent: switch to the dark theme.
    Moon,
}

/// `icon` as a button atom, e.g. `Button::new((icon_atom(Icon::Save), "Save"))`.
pub fn icon_atom<'a>(icon: Icon) -> Atom<'a> {
    Atom::paint(Vec2::splat(ICON_SIZE), move |ui, args| {
        paint_icon(ui.painter(), args.rect, icon, args.fallback_text_color);
    })
}

/// Draws `icon` into `rect` in `color`.
pub fn paint_icon(painter: &Painter, rect: Rect, icon: Icon, color: Color32) {
    let stroke = Stroke::new(1.4, color);
    // Icons are designed on a unit square.
    let at = |x: f32, y: f32| rect.min + Vec2::new(x * rect.width(), y * rect.height());
    let line = |points: &[(f32, f32)]| {
        painter.add(Shape::line(
            points.iter().map(|&(x, y)| at(x, y)).collect(),
            stroke,
        ));
    };
    let closed = |points: &[(f32, f32)]| {
        painter.add(Shape::closed_line(
            points.iter().map(|&(x, y)| at(x, y)).collect(),
            stroke,
        ));
    };
    match icon {
        Icon::New => {
            closed(&[
                (0.2, 0.06),
                (0.6, 0.06),
                (0.82, 0.28),
                (0.82, 0.94),
                (0.2, 0.94),
            ]);
            line(&[(0.6, 0.06), (0.6, 0.28), (0.82, 0.28)]);
        }
        Icon::Open => {
            closed(&[
                (0.06, 0.84),
                (0.06, 0.16),
                (0.38, 0.16),
                (0.48, 0.28),
                (0.9, 0.28),
                (0.9, 0.84),
            ]);
            line(&[(0.06, 0.42), (0.9, 0.42)]);
        }
        Icon::Save => {
            closed(&[(0.1, 0.1), (0.72, 0.1), (0.9, 0.28), (0.9, 0.9), (0.1, 0.9)]);
            closed(&[(0.3, 0.1), (0.64, 0.1), (0.64, 0.34), (0.3, 0.34)]);
            closed(&[(0.26, 0.56), (0.74, 0.56), (0.74, 0.9), (0.26, 0.9)]);
        }
        Icon::Undo | Icon::Redo => {
            let mirror = |x: f32| if icon == Icon::Redo { 1.0 - x } else { x };
            // A hook: left along the top, round on the right, back along the bottom.
            let (cx, cy, r) = (0.6, 0.55, 0.26);
            let mut points = vec![(mirror(0.14), cy - r)];
            for step in 0..=12 {
                let angle = -PI / 2.0 + PI * step as f32 / 12.0;
                points.push((mirror(cx + r * angle.cos()), cy + r * angle.sin()));
            }
            points.push((mirror(0.36), cy + r));
            line(&points);
            line(&[
                (mirror(0.3), cy - r - 0.16),
                (mirror(0.14), cy - r),
                (mirror(0.3), cy - r + 0.16),
            ]);
        }
        Icon::Fit => {
            let (a, b, l) = (0.1, 0.9, 0.3);
            line(&[(a, a + l), (a, a), (a + l, a)]);
            line(&[(b - l, a), (b, a), (b, a + l)]);
            line(&[(b, b - l), (b, b), (b - l, b)]);
            line(&[(a + l, b), (a, b), (a, b - l)]);
            closed(&[(0.38, 0.38), (0.62, 0.38), (0.62, 0.62), (0.38, 0.62)]);
        }
        Icon::Arrange => {
            let cell = |x: f32, y: f32| {
                closed(&[(x, y), (x + 0.24, y), (x + 0.24, y + 0.2), (x, y + 0.2)]);
            };
            cell(0.04, 0.4);
            cell(0.38, 0.14);
            cell(0.38, 0.66);
            cell(0.72, 0.4);
            line(&[(0.28, 0.5), (0.38, 0.24)]);
            line(&[(0.28, 0.5), (0.38, 0.76)]);
            line(&[(0.62, 0.24), (0.72, 0.5)]);
            line(&[(0.62, 0.76), (0.72, 0.5)]);
        }
        Icon::Sun => {
            painter.circle_stroke(rect.center(), rect.width() * 0.2, stroke);
            for ray in 0..8 {
                let angle = TAU * ray as f32 / 8.0;
                let direction = Vec2::angled(angle);
                let center: Pos2 = rect.center();
                painter.line_segment(
                    [
                        center + direction * rect.width() * 0.32,
                        center + direction * rect.width() * 0.46,
                    ],
                    stroke,
                );
            }
        }
        Icon::Moon => {
            // A crescent: the part of the outer disc that a second, offset disc leaves.
            let (outer_center, outer_r) = (Vec2::new(0.5, 0.5), 0.4_f32);
            let (inner_center, inner_r) = (Vec2::new(0.7, 0.36), 0.32_f32);
            let between = inner_center - outer_center;
            let distance = between.length();
            let toward_inner = between.angle();
            // Where the circles cross, as angles seen from each centre.
            let along =
                (outer_r * outer_r - inner_r * inner_r + distance * distance) / (2.0 * distance);
            let outer_half = (along / outer_r).clamp(-1.0, 1.0).acos();
            let inner_half = ((distance - along) / inner_r).clamp(-1.0, 1.0).acos();
            let mut points = Vec::new();
            for step in 0..=20 {
                let angle =
                    toward_inner + outer_half + (TAU - 2.0 * outer_half) * step as f32 / 20.0;
                let point = outer_center + Vec2::angled(angle) * outer_r;
                points.push((point.x, point.y));
            }
            let toward_outer = toward_inner + PI;
            for step in 0..=20 {
                let angle = toward_outer + inner_half - 2.0 * inner_half * step as f32 / 20.0;
                let point = inner_center + Vec2::angled(angle) * inner_r;
                points.push((point.x, point.y));
            }
            closed(&points);
        }
    }
}
