//! What validation reports: a [`Problem`], its [`Severity`] and the [`Subject`] it concerns,
//! with the words that say where it is.

use std::fmt;

use crate::model::{Project, StageId};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The project can still be computed, but a result may not mean what the planner expects.
    Warning,
    /// The project cannot be computed until this is fixed.
    Error,
}

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A project-wide setting (economy, horizon, currency).
    Project,
    /// A named phase, by index.
    Phase(usize),
    /// A stage, by id.
    Stage(StageId),
    /// A link, by index in `Project::links`.
    Link(usize),
}

/// One thing wrong with a project.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What it concerns.
    pub subject: Subject,
    /// The field concerned, as named in the project file, when there is one.
    pub field: Option<&'static str>,
    /// What is wrong and what to do, in one or two sentences.
    pub message: String,
}

impl Problem {
    pub(crate) fn error(
        subject: Subject,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            subject,
            field,
            message: message.into(),
        }
    }

    pub(crate) fn warning(
        subject: Subject,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            subject,
            field,
            message: message.into(),
        }
    }

    /// True for errors that stop the calculation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the problem is, in words a planner recognises ("stage 'mine'", "link from 'mine' to 'mill'").
    pub fn location(&self, project: &Project) -> String {
        let place = match &self.subject {
            Subject::Project => "project settings".to_owned(),
            Subject::Phase(index) => match project.phases.get(*index) {
                Some(phase) => format!("phase '{}'", phase.name),
                None => format!("phase {}", index + 1),
            },
            Subject::Stage(id) => format!("stage '{id}'"),
            Subject::Link(index) => match project.links.get(*index) {
                Some(link) => format!("link from '{}' to '{}'", link.from, link.to),
                None => format!("link {}", index + 1),
            },
        };
        match self.field {
            Some(field) => format!("{place}, {field}"),
            None => place,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}
