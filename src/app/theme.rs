//! Colours and sizes of the window, in one place; call sites never hard-code a colour.
//!
//! Stage kinds use Paul Tol's "muted" palette: calm, readable on a projector, and designed to
//! stay distinct for the common forms of colour blindness. Kinds are always named in text next
//! to their colour as well, so colour is never the only cue. Red and amber are kept out of the
//! kind palette because they mean "error" and "warning" everywhere in the window.
//!
//! Colours that depend on the light or dark theme take the current [`egui::Visuals`].

use egui::{Color32, Visuals};

use crate::chart::{Rgb, palette};
use crate::model::StageKind;

/// Identity colour of a stage of `kind` (palette swatches, chart series, the band at the top of
/// a stage box). Mid-tone, so it reads on both light and dark backgrounds.
pub fn kind_color(kind: StageKind) -> Color32 {
    // One table for the window and the exported charts: see `chart::palette::kind`.
    let Rgb(r, g, b) = palette::kind(kind);
    Color32::from_rgb(r, g, b)
}

/// A chart colour on screen. Near-black ink (totals, net lines) turns light in the dark theme,
/// where black would vanish; the other palette colours read on both backgrounds.
pub fn chart_color(color: Rgb, visuals: &Visuals) -> Color32 {
    if color == palette::INK {
        return visuals.strong_text_color();
    }
    let Rgb(r, g, b) = color;
    Color32::from_rgb(r, g, b)
}

/// Shading of a phase band on a chart, alternating so neighbouring phases stay apart.
pub fn chart_band_fill(index: usize, visuals: &Visuals) -> Color32 {
    let base = if index.is_multiple_of(2) {
        visuals.text_color()
    } else {
        chart_color(palette::BLUE, visuals)
    };
    base.gamma_multiply(0.07)
}

/// Fill of the name band at the top of a stage box: the kind colour softened towards the box
/// fill, so the name in [`Visuals::strong_text_color`] stays readable in either theme.
pub fn kind_band_fill(kind: StageKind, visuals: &Visuals) -> Color32 {
    let softening = if visuals.dark_mode { 0.55 } else { 0.45 };
    kind_color(kind).lerp_to_gamma(stage_box_fill(visuals), softening)
}

/// Background of a stage box: slightly lifted from the canvas in either theme.
pub fn stage_box_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x2B, 0x2D, 0x31)
    } else {
        Color32::WHITE
    }
}

/// Outline of a stage box without problems (problems use [`error_color`] or [`warning_color`]).
pub fn stage_box_stroke(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x6B, 0x70, 0x79)
    } else {
        Color32::from_rgb(0x8A, 0x8F, 0x98)
    }
}

/// Outline of selected boxes and links; egui's own selection colour, so selection looks the
/// same on the canvas as in lists and text fields.
pub fn selection_color(visuals: &Visuals) -> Color32 {
    visuals.selection.stroke.color
}

/// Soft fill around selected items, behind the [`selection_color`] outline.
pub fn selection_halo(visuals: &Visuals) -> Color32 {
    visuals.selection.bg_fill.gamma_multiply(0.45)
}

/// Problems that stop the calculation.
pub fn error_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xFF, 0x6B, 0x5B)
    } else {
        Color32::from_rgb(0xC6, 0x28, 0x28)
    }
}

/// Problems that let the calculation run but deserve a look.
pub fn warning_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xFF, 0xB7, 0x4D)
    } else {
        Color32::from_rgb(0xB2, 0x6A, 0x00)
    }
}

/// Makes egui's own error and warning text (its widgets' messages) the theme's colours, so a
/// problem reads alike everywhere in the window.
pub fn use_status_colors(visuals: &mut Visuals) {
    visuals.error_fg_color = error_color(visuals);
    visuals.warn_fg_color = warning_color(visuals);
}

/// Link arrows and output handles.
pub fn link_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x9A, 0xA3, 0xAE)
    } else {
        Color32::from_rgb(0x6B, 0x72, 0x80)
    }
}

/// Background behind link labels, so figures stay readable where arrows cross.
pub fn link_label_fill(visuals: &Visuals) -> Color32 {
    visuals.panel_fill.gamma_multiply(0.9)
}

/// Marks stages abroad: the "Abroad" badge and the dashed outline (Tol's indigo, far from every
/// kind colour).
pub fn abroad_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xA9, 0x9C, 0xF0)
    } else {
        Color32::from_rgb(0x33, 0x22, 0x88)
    }
}

/// Text on an [`abroad_color`] badge.
pub fn abroad_text_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x1A, 0x14, 0x40)
    } else {
        Color32::WHITE
    }
}

/// The rubber-band arrow while connecting, when releasing would create a link.
pub fn connect_ok_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x5C, 0xC5, 0x9A)
    } else {
        Color32::from_rgb(0x11, 0x77, 0x33)
    }
}

/// Dots of the canvas grid: just enough to show that the canvas pans.
pub fn canvas_grid_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_white_alpha(16)
    } else {
        Color32::from_black_alpha(22)
    }
}

/// Background of the small toolbar and hint floating over the canvas.
pub fn canvas_overlay_fill(visuals: &Visuals) -> Color32 {
    visuals.panel_fill.gamma_multiply(0.92)
}

/// The high-contrast look of presentation mode: pure black or white backgrounds, full-strength
/// text and thicker outlines, so a washed-out projector still shows every line.
pub fn high_contrast(visuals: &mut Visuals) {
    let (background, text) = if visuals.dark_mode {
        (Color32::BLACK, Color32::WHITE)
    } else {
        (Color32::WHITE, Color32::BLACK)
    };
    visuals.panel_fill = background;
    visuals.window_fill = background;
    visuals.extreme_bg_color = background;
    visuals.override_text_color = Some(text);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
    ] {
        widget.fg_stroke.color = text;
        widget.bg_stroke.width = widget.bg_stroke.width.max(1.5);
    }
}

/// Adds `DejaVu Sans` behind egui's own font, for the symbols the method and the glossary write
/// (→, ≤, Σ, τ, subscripts) that egui's font does not have; the exports use the same font.
pub fn add_symbol_font(ctx: &egui::Context) {
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    let families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(
        "DejaVu Sans",
        egui::FontData::from_static(crate::chart::DEJAVU_SANS),
        families,
    ));
}
