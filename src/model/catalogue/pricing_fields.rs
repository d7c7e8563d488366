//! The catalogue entries of the price deck and of a stage's pricing rule and grade and
//! recovery, and how each numeric one ([`PricingField`]) is read from and written to a
//! [`Stage`]. A field of a rule the stage does not use reads as `None`, like a by-product the
//! stage lacks.

use crate::model::chain::Stage;
use crate::model::params::PricingField;
use crate::model::pricing::{GradeRecovery, PriceDeck, PricingRule};

use super::{Field, Rule, Section, money, number, plain};

/// A commodity's price level (a parameter: [`crate::model::params::Param::Deck`]).
pub const DECK_PRICE: Field = money(
    "prices.path.price",
    "{item} price",
    "{money}/{item_unit}",
    Section::PriceDeck,
    "Price of {item} per {item_unit} in the first year of its path; a lever, scenario or random draw on it moves the whole path in proportion. Copper about 9,000-10,000 USD/t (LME 2025), gold 2,000-3,000 USD/oz.",
);
/// A commodity's unit.
pub const DECK_UNIT: Field = plain(
    "prices.unit",
    "Priced per",
    "",
    Section::PriceDeck,
    Rule::Choice,
    "The mass one price is per: t for base metals and acid, kg for rare-earth oxides, oz for gold and silver.",
);
/// A point of a commodity's path: its year.
pub const DECK_YEAR: Field = plain(
    "prices.path.year",
    "Year",
    "year",
    Section::PriceDeck,
    Rule::Year,
    "A year of the path, inside the horizon and after the point before it. Between points the price follows a straight line; before the first and after the last it stays flat.",
);
/// A point of a commodity's path: its price.
pub const DECK_POINT_PRICE: Field = plain(
    "prices.path.point",
    "Price",
    "{money}/{item_unit}",
    Section::PriceDeck,
    Rule::NonNegative,
    "Price of {item} in that year.",
);
/// Where a commodity's prices come from.
pub const DECK_SOURCE: Field = plain(
    "prices.source",
    "Source",
    "",
    Section::PriceDeck,
    Rule::Text,
    "Where the prices come from, e.g. \"LME cash settlement, 2025 average\" or \"World Bank Pink Sheet, October 2026 forecast\".",
);
/// The rule a stage is priced by.
pub const RULE: Field = plain(
    "pricing",
    "Priced by",
    "",
    Section::Prices,
    Rule::Choice,
    "A typed price, or a rule that builds it from the price deck each year: a concentrate at its net smelter return, refined metal at the deck price plus a premium, a fabricated product at its metal content plus a conversion premium.",
);
/// The commodity a rule pays on.
pub const COMMODITY: Field = plain(
    "pricing.commodity",
    "Paid on",
    "",
    Section::Prices,
    Rule::Choice,
    "The deck commodity the product's metal is paid on, e.g. copper.",
);
/// A concentrate's grade.
pub const GRADE: Field = number(
    "pricing.grade_pct",
    "Metal grade",
    "%",
    Section::Prices,
    Rule::Percent,
    "Metal in the dry concentrate, percent of its mass: copper concentrate 22-35% (Reko Diq's 2010 study implies about 33%).",
);
/// A concentrate's payable share.
pub const PAYABLE: Field = number(
    "pricing.payable_pct",
    "Payable share",
    "%",
    Section::Prices,
    Rule::Percent,
    "Share of the contained metal the smelter pays for: 96-96.5% for copper concentrate of 25-30%.",
);
/// A concentrate's minimum deduction.
pub const MIN_DEDUCTION: Field = number(
    "pricing.min_deduction_pct",
    "Minimum deduction",
    "units",
    Section::Prices,
    Rule::Percent,
    "At most the grade less this many units (percentage points) is paid for: 1 unit is usual for copper; 0 for none.",
);
/// A concentrate's treatment charge.
pub const TREATMENT_CHARGE: Field = Field {
    money: true,
    ..number(
        "pricing.treatment_charge_per_dmt",
        "Treatment charge",
        "{money}/dmt",
        Section::Prices,
        Rule::Signed,
        "Charged per dry tonne of concentrate: the copper benchmark was 80 USD/dmt in 2024 and 0 for 2026 (spot charges went below zero in 2025).",
    )
};
/// A concentrate's refining charge.
pub const REFINING_CHARGE: Field = Field {
    money: true,
    ..number(
        "pricing.refining_charge",
        "Refining charge",
        "{money}/{item_unit} payable",
        Section::Prices,
        Rule::Signed,
        "Charged per unit of payable metal: the copper benchmark was 8 US cents/lb (0.08) in 2024 and 0 for 2026.",
    )
};
/// What a concentrate's refining charge is per.
pub const REFINING_CHARGE_UNIT: Field = plain(
    "pricing.refining_charge_unit",
    "Refining charge per",
    "",
    Section::Prices,
    Rule::Choice,
    "The mass of payable metal the refining charge is quoted per: copper's benchmark is per pound (8 c/lb = 0.08 per lb); some contracts quote per tonne.",
);
/// A concentrate's penalties.
pub const PENALTIES: Field = money(
    "pricing.penalties_per_dmt",
    "Penalties",
    "{money}/dmt",
    Section::Prices,
    "Penalties for impurities (arsenic, bismuth, …) per dry tonne; 0 for a clean concentrate.",
);
/// A concentrate's moisture.
pub const MOISTURE: Field = number(
    "pricing.moisture_pct",
    "Moisture",
    "%",
    Section::Prices,
    Rule::Percent,
    "Water in the shipped concentrate, percent of the wet mass: 8-10% is usual. Freight is paid on wet tonnes.",
);
/// A concentrate's freight.
pub const FREIGHT: Field = money(
    "pricing.freight_per_wmt",
    "Freight",
    "{money}/wmt",
    Section::Prices,
    "Freight, insurance and handling to the smelter per wet tonne: inland haulage, port and ocean freight together, e.g. 60-120 USD/wmt from Balochistan to China.",
);
/// Refined metal's premium or a fabricated product's conversion premium.
pub const PREMIUM: Field = Field {
    money: true,
    ..number(
        "pricing.premium_per_unit",
        "Premium",
        "{money}/{unit}",
        Section::Prices,
        Rule::Signed,
        "Added to the deck price per unit of product (negative for a discount): cathode premiums were about 100-200 USD/t in 2025; rod and wire conversion premiums are several hundred USD/t.",
    )
};
/// A fabricated product's metal content.
pub const METAL_PER_UNIT: Field = number(
    "pricing.metal_per_unit",
    "Metal per unit",
    "{item_unit}/{unit}",
    Section::Prices,
    Rule::NonNegative,
    "Metal in one unit of product, in the commodity's unit: copper rod is about 0.999 t of copper per t.",
);
/// A payable by-metal's content.
pub const BY_METAL_CONTENT: Field = number(
    "pricing.by_metals.content_g_per_t",
    "{item} content",
    "g/dmt",
    Section::Prices,
    Rule::NonNegative,
    "Grams of {item} per dry tonne of concentrate; Reko Diq's copper concentrate carries about 10-15 g/t of gold.",
);
/// A payable by-metal's payable share.
pub const BY_METAL_PAYABLE: Field = number(
    "pricing.by_metals.payable_pct",
    "{item} payable",
    "%",
    Section::Prices,
    Rule::Percent,
    "Share of the contained {item} the smelter pays for: 90-97% for gold above 1 g/t.",
);
/// A payable by-metal's refining charge.
pub const BY_METAL_REFINING: Field = money(
    "pricing.by_metals.refining_charge_per_unit",
    "{item} refining charge",
    "{money}/{item_unit}",
    Section::Prices,
    "Refining charge per unit of payable {item}: about 5 USD/oz for gold.",
);
/// Grade and recovery: the feed's grade.
pub const FEED_GRADE: Field = number(
    "grade_recovery.feed_grade_pct",
    "Feed grade",
    "%",
    Section::Production,
    Rule::Percent,
    "Metal in the feed, percent of its mass: Reko Diq ore about 0.4-0.5% copper. Empty: the grade of the product of the stage feeding this one.",
);
/// Grade and recovery: the recovery.
pub const RECOVERY: Field = number(
    "grade_recovery.recovery_pct",
    "Recovery",
    "%",
    Section::Production,
    Rule::Percent,
    "Share of the metal in the feed that reaches the product: flotation 85-92%, smelting and refining 97-98%. With the grades it sets the feed per unit.",
);
/// Grade and recovery: the product's grade.
pub const PRODUCT_GRADE: Field = number(
    "grade_recovery.product_grade_pct",
    "Product grade",
    "%",
    Section::Production,
    Rule::Percent,
    "Metal in the product, percent of its mass. Empty: the grade the pricing rule says (a concentrate's grade, 100% for refined metal).",
);

/// Every entry of the price deck, a pricing rule and grade and recovery, in the order the
/// window shows them.
pub const ALL: [&Field; 25] = [
    &DECK_UNIT,
    &DECK_YEAR,
    &DECK_PRICE,
    &DECK_POINT_PRICE,
    &DECK_SOURCE,
    &RULE,
    &COMMODITY,
    &GRADE,
    &PAYABLE,
    &MIN_DEDUCTION,
    &TREATMENT_CHARGE,
    &REFINING_CHARGE,
    &REFINING_CHARGE_UNIT,
    &PENALTIES,
    &MOISTURE,
    &FREIGHT,
    &PREMIUM,
    &METAL_PER_UNIT,
    &BY_METAL_CONTENT,
    &BY_METAL_PAYABLE,
    &BY_METAL_REFINING,
    &RECOVERY,
    &FEED_GRADE,
    &PRODUCT_GRADE,
    &BY_PRODUCT_COMMODITY,
];

/// A by-product priced from the deck: the commodity (none: its typed price).
pub const BY_PRODUCT_COMMODITY: Field = plain(
    "by_products.commodity",
    "Priced from deck",
    "",
    Section::Prices,
    Rule::Choice,
    "A deck commodity the by-product is priced at, per its unit (which must then be a mass: t, kg, lb, oz or g); None keeps its typed price.",
);

impl PricingField {
    /// Its catalogue entry.
    pub const fn field(self) -> &'static Field {
        match self {
            Self::GradePct => &GRADE,
            Self::PayablePct => &PAYABLE,
            Self::MinDeductionPct => &MIN_DEDUCTION,
            Self::TreatmentCharge => &TREATMENT_CHARGE,
            Self::RefiningCharge => &REFINING_CHARGE,
            Self::Penalties => &PENALTIES,
            Self::MoisturePct => &MOISTURE,
            Self::FreightPerWmt => &FREIGHT,
            Self::Premium => &PREMIUM,
            Self::MetalPerUnit => &METAL_PER_UNIT,
            Self::ByMetalContent(_) => &BY_METAL_CONTENT,
            Self::ByMetalPayablePct(_) => &BY_METAL_PAYABLE,
            Self::ByMetalRefiningCharge(_) => &BY_METAL_REFINING,
            Self::FeedGradePct => &FEED_GRADE,
            Self::RecoveryPct => &RECOVERY,
            Self::ProductGradePct => &PRODUCT_GRADE,
        }
    }

    /// The commodity this field of `rule` is about and the unit its `{item_unit}` stands for,
    /// read from `deck`: a by-metal's own commodity, the unit a refining charge is quoted in
    /// (per lb of copper), else the rule's commodity in its deck unit ("unit" when the deck
    /// lacks it).
    pub fn item<'a>(self, rule: &'a PricingRule, deck: &'a PriceDeck) -> (&'a str, &'a str) {
        let in_deck = |name: &'a str| (name, deck.get(name).map_or("unit", |c| c.unit.label()));
        match (self, rule) {
            (
                Self::ByMetalContent(n)
                | Self::ByMetalPayablePct(n)
                | Self::ByMetalRefiningCharge(n),
                PricingRule::Concentrate(terms),
            ) => terms
                .by_metals
                .get(n)
                .map_or(("", "unit"), |metal| in_deck(&metal.commodity)),
            (Self::RefiningCharge, PricingRule::Concentrate(terms)) => {
                (rule.commodity(), terms.refining_charge_unit.label())
            }
            _ => in_deck(rule.commodity()),
        }
    }

    /// Every field `stage` has, in the order the inspector shows them.
    pub fn of_stage(stage: &Stage) -> Vec<Self> {
        let mut fields = Vec::new();
        match &stage.pricing {
            Some(PricingRule::Concentrate(terms)) => {
                fields.extend([
                    Self::GradePct,
                    Self::PayablePct,
                    Self::MinDeductionPct,
                    Self::TreatmentCharge,
                    Self::RefiningCharge,
                    Self::Penalties,
                    Self::MoisturePct,
                    Self::FreightPerWmt,
                ]);
                for n in 0..terms.by_metals.len() {
                    fields.extend([
                        Self::ByMetalContent(n),
                        Self::ByMetalPayablePct(n),
                        Self::ByMetalRefiningCharge(n),
                    ]);
                }
            }
            Some(PricingRule::RefinedMetal(_)) => fields.push(Self::Premium),
            Some(PricingRule::Fabricated(_)) => fields.extend([Self::MetalPerUnit, Self::Premium]),
            None => {}
        }
        if let Some(gr) = &stage.grade_recovery {
            if gr.feed_grade_pct.is_some() {
                fields.push(Self::FeedGradePct);
            }
            fields.push(Self::RecoveryPct);
            if gr.product_grade_pct.is_some() {
                fields.push(Self::ProductGradePct);
            }
        }
        fields
    }

    /// The field's value in `stage`; `None` when the stage's rule has no such field.
    pub fn get(self, stage: &Stage) -> Option<f64> {
        if let Some(value) = stage
            .grade_recovery
            .as_ref()
            .and_then(|gr| self.grade_only(gr))
        {
            return Some(value);
        }
        match (self, stage.pricing.as_ref()?) {
            (Self::GradePct, PricingRule::Concentrate(t)) => Some(t.grade_pct),
            (Self::PayablePct, PricingRule::Concentrate(t)) => Some(t.payable_pct),
            (Self::MinDeductionPct, PricingRule::Concentrate(t)) => Some(t.min_deduction_pct),
            (Self::TreatmentCharge, PricingRule::Concentrate(t)) => {
                Some(t.treatment_charge_per_dmt)
            }
            (Self::RefiningCharge, PricingRule::Concentrate(t)) => Some(t.refining_charge),
            (Self::Penalties, PricingRule::Concentrate(t)) => Some(t.penalties_per_dmt),
            (Self::MoisturePct, PricingRule::Concentrate(t)) => Some(t.moisture_pct),
            (Self::FreightPerWmt, PricingRule::Concentrate(t)) => Some(t.freight_per_wmt),
            (Self::ByMetalContent(n), PricingRule::Concentrate(t)) => {
                Some(t.by_metals.get(n)?.content_g_per_t)
            }
            (Self::ByMetalPayablePct(n), PricingRule::Concentrate(t)) => {
                Some(t.by_metals.get(n)?.payable_pct)
            }
            (Self::ByMetalRefiningCharge(n), PricingRule::Concentrate(t)) => {
                Some(t.by_metals.get(n)?.refining_charge_per_unit)
            }
            (Self::Premium, PricingRule::RefinedMetal(t)) => Some(t.premium_per_unit),
            (Self::Premium, PricingRule::Fabricated(t)) => Some(t.conversion_premium_per_unit),
            (Self::MetalPerUnit, PricingRule::Fabricated(t)) => Some(t.metal_per_unit),
            _ => None,
        }
    }

    /// A grade-and-recovery field's value, when `self` is one and is set.
    fn grade_only(self, gr: &GradeRecovery) -> Option<f64> {
        match self {
            Self::FeedGradePct => gr.feed_grade_pct,
            Self::RecoveryPct => Some(gr.recovery_pct),
            Self::ProductGradePct => gr.product_grade_pct,
            _ => None,
        }
    }

    /// Sets the field in `stage`; `None` when the stage's rule has no such field (nothing is
    /// changed). Range checks are validation's, which names the field.
    pub fn set(self, stage: &mut Stage, value: f64) -> Option<()> {
        if let Some(gr) = stage.grade_recovery.as_mut() {
            match self {
                Self::FeedGradePct => return gr.feed_grade_pct.as_mut().map(|v| *v = value),
                Self::RecoveryPct => {
                    gr.recovery_pct = value;
                    return Some(());
                }
                Self::ProductGradePct => {
                    return gr.product_grade_pct.as_mut().map(|v| *v = value);
                }
                _ => {}
            }
        }
        let slot = match (self, stage.pricing.as_mut()?) {
            (Self::GradePct, PricingRule::Concentrate(t)) => &mut t.grade_pct,
            (Self::PayablePct, PricingRule::Concentrate(t)) => &mut t.payable_pct,
            (Self::MinDeductionPct, PricingRule::Concentrate(t)) => &mut t.min_deduction_pct,
            (Self::TreatmentCharge, PricingRule::Concentrate(t)) => &mut t.treatment_charge_per_dmt,
            (Self::RefiningCharge, PricingRule::Concentrate(t)) => &mut t.refining_charge,
            (Self::Penalties, PricingRule::Concentrate(t)) => &mut t.penalties_per_dmt,
            (Self::MoisturePct, PricingRule::Concentrate(t)) => &mut t.moisture_pct,
            (Self::FreightPerWmt, PricingRule::Concentrate(t)) => &mut t.freight_per_wmt,
            (Self::ByMetalContent(n), PricingRule::Concentrate(t)) => {
                &mut t.by_metals.get_mut(n)?.content_g_per_t
            }
            (Self::ByMetalPayablePct(n), PricingRule::Concentrate(t)) => {
                &mut t.by_metals.get_mut(n)?.payable_pct
            }
            (Self::ByMetalRefiningCharge(n), PricingRule::Concentrate(t)) => {
                &mut t.by_metals.get_mut(n)?.refining_charge_per_unit
            }
            (Self::Premium, PricingRule::RefinedMetal(t)) => &mut t.premium_per_unit,
            (Self::Premium, PricingRule::Fabricated(t)) => &mut t.conversion_premium_per_unit,
            (Self::MetalPerUnit, PricingRule::Fabricated(t)) => &mut t.metal_per_unit,
            _ => return None,
        };
        *slot = value;
        Some(())
    }
}
