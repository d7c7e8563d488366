//! The link inspector: the link's rows drawn from the field catalogue
//! ([`crate::model::catalogue::link_fields`]), and how much of the upstream stage's output
//! its links take.

use egui::{Label, RichText, Ui};

use crate::model::catalogue::Units;
use crate::model::catalogue::link_fields::{FROM, TO};
use crate::model::edit::Edit;
use crate::model::scenario::LinkField;
use crate::model::validate::{Problem, Subject};
use crate::model::{Destination, Link, Project, Stage};
use crate::report::format::{self, MoneyDisplay};

use crate::app::action::Action;

use super::form::{Form, InspectorState, Spec, severity_color, severity_word};

pub(super) fn link_ui(
    ui: &mut Ui,
    inspector: &mut InspectorState,
    project: &Project,
    index: usize,
    link: &Link,
    problems: &[Problem],
    actions: &mut Vec<Action>,
) {
    let code = project.currency.money_unit();
    let from = project.stage(&link.from);
    let to = project.stage(&link.to);
    let name_of = |stage: Option<&Stage>, id: &crate::model::StageId| {
        stage.map_or_else(|| format!("missing stage '{id}'"), |s| s.name.clone())
    };
    let from_name = name_of(from, &link.from);
    let to_name = name_of(to, &link.to);
    let upstream_unit = from
        .map(|s| s.unit.trim())
        .filter(|u| !u.is_empty())
        .unwrap_or("unit");

    ui.heading("Link");
    if let Some(from) = from {
        ui.weak(format!("Carries {} ({})", from.product, from.unit));
    }
    let subject = Subject::Link(index);
    let link_problems: Vec<&Problem> = problems.iter().filter(|p| p.subject == subject).collect();
    for problem in link_problems.iter().filter(|p| {
        p.field
            .is_none_or(|f| LinkField::ALL.iter().all(|field| field.field().key != f))
    }) {
        ui.add(
            Label::new(
                RichText::new(format!(
                    "{}: {}",
                    severity_word(problem.severity),
                    problem.message
                ))
                .color(severity_color(ui, problem.severity)),
            )
            .wrap(),
        );
    }
    ui.add_space(4.0);

    let mut form = Form::new(
        ui,
        inspector,
        actions,
        link_problems,
        key_prefix(link),
        &project.currency,
        &MoneyDisplay::local_or_base(&project.currency),
    );
    form.read_only_ui(ui, FROM.label, FROM.help, &from_name);
    form.read_only_ui(ui, TO.label, TO.help, &to_name);
    let link_edit = |change: &dyn Fn(&mut Link)| {
        let mut changed = link.clone();
        change(&mut changed);
        Edit::SetLink {
            index,
            link: changed,
        }
    };
    let units = Units {
        unit: upstream_unit,
        money: code,
        from: &from_name,
        to: &to_name,
        ..Units::default()
    };
    for field in LinkField::ALL {
        form.number_ui(ui, &Spec::of(field.field(), &units), field.get(link), |v| {
            link_edit(&|l| field.set(l, v))
        });
    }

    let sent: f64 = project
        .links
        .iter()
        .filter(|l| l.from == link.from && l.share_pct.is_finite())
        .map(|l| l.share_pct)
        .sum();
    if let Some(from) = from {
        let rest = (100.0 - sent).max(0.0);
        let destination = match from.unlinked_output {
            Destination::Export => "exported",
            Destination::DomesticMarket => "sold on the domestic market",
            Destination::NotSold => "not made (no buyer outside the chain)",
        };
        form.message_ui(
            ui,
            &format!(
                "Links from {from_name} take {} of its output; the rest ({}) is {destination}.",
                format::percent(sent / 100.0),
                format::percent(rest / 100.0)
            ),
            ui.visuals().weak_text_color(),
        );
    }
}

/// The start of the merge key of every field of `link` ("link:mine->mill:").
pub(super) fn key_prefix(link: &Link) -> String {
    format!("link:{}->{}:", link.from, link.to)
}
