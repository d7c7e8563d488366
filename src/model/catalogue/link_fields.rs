//! The catalogue entries of a link's fields, and how each numeric one ([`LinkField`]) is read
//! from and written to a [`Link`].

use crate::model::chain::Link;
use crate::model::params::LinkField;

use super::{Field, Rule, Section, money, number, plain};

/// Share of the upstream output.
pub const SHARE: Field = number(
    "share_pct",
    "Share",
    "%",
    Section::Link,
    Rule::Percent,
    "Share of {from}'s output sent along this link. The shares of all links leaving a stage add up to 100% or less; the rest is sold on the market.",
);
/// Transport cost per unit moved.
pub const TRANSPORT_COST: Field = money(
    "transport_cost_per_unit",
    "Transport cost",
    "{money}/{unit}",
    Section::Link,
    "Cost of moving one {unit} of {from}'s product to {to}, paid by {to}: a domestic service when {from} is at home, freight bought abroad (an import) when it is abroad. Road and rail in Pakistan cost roughly 0.03-0.08 USD per t-km; e.g. Reko Diq to Gwadar port (about 700 km) by road about 30-50 USD/t.",
);
/// The upstream stage (drawn on the canvas, shown read-only).
pub const FROM: Field = plain(
    "from",
    "From",
    "",
    Section::Link,
    Rule::Text,
    "The upstream stage that sends material.",
);
/// The downstream stage (drawn on the canvas, shown read-only).
pub const TO: Field = plain(
    "to",
    "To",
    "",
    Section::Link,
    Rule::Text,
    "The downstream stage that receives it.",
);

/// Every field of a link, in the order the inspector shows them.
pub const ALL: [&Field; 4] = [&FROM, &TO, &SHARE, &TRANSPORT_COST];

impl LinkField {
    /// Every field of a link.
    pub const ALL: [Self; 2] = [Self::SharePct, Self::TransportCostPerUnit];

    /// Its catalogue entry.
    pub fn field(self) -> &'static Field {
        match self {
            Self::SharePct => &SHARE,
            Self::TransportCostPerUnit => &TRANSPORT_COST,
        }
    }

    /// The field's value in `link`.
    pub fn get(self, link: &Link) -> f64 {
        match self {
            Self::SharePct => link.share_pct,
            Self::TransportCostPerUnit => link.transport_cost_per_unit,
        }
    }

    /// Sets the field in `link`.
    pub fn set(self, link: &mut Link, value: f64) {
        match self {
            Self::SharePct => link.share_pct = value,
            Self::TransportCostPerUnit => link.transport_cost_per_unit = value,
        }
    }
}
