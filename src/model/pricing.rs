//! The price deck and pricing rules: how a stage's price is built the way the market builds it.
//!
//! A project's deck ([`Commodity`] by name) gives each commodity a price for every year, as one
//! flat price or a path of (year, price) points joined by straight lines. A stage may set its
//! price by a [`PricingRule`] instead of a typed number: a concentrate at its net smelter
//! return ([`ConcentrateTerms`]), refined metal at the deck price plus a premium
//! ([`MetalTerms`]), a fabricated product at its metal content plus a conversion premium
//! ([`FabricatedTerms`]). [`GradeRecovery`] derives a fed stage's feed per unit from grades and
//! a recovery. Every formula here is in `docs/METHOD.md`, section 16; all of it is pure and
//! plain data, so the calculation, the window and the reports call the same functions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Grams in a troy ounce (exact by definition).
pub const GRAMS_PER_TROY_OUNCE: f64 = 31.103_476_8;
/// Kilograms in an avoirdupois pound (exact by definition).
pub const KILOGRAMS_PER_POUND: f64 = 0.453_592_37;

/// A unit of mass a commodity is priced in, or a charge is quoted per.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum MassUnit {
    /// Metric tonne (1,000 kg): base metals, acid.
    #[default]
    Tonne,
    /// Kilogram: rare-earth oxides.
    Kilogram,
    /// Avoirdupois pound: copper refining charges.
    Pound,
    /// Troy ounce: gold, silver.
    TroyOunce,
    /// Gram.
    Gram,
}

impl MassUnit {
    /// Every unit, for choices.
    pub const ALL: [Self; 5] = [
        Self::Tonne,
        Self::Kilogram,
        Self::Pound,
        Self::TroyOunce,
        Self::Gram,
    ];

    /// Kilograms in one unit.
    pub fn kilograms(self) -> f64 {
        match self {
            Self::Tonne => 1000.0,
            Self::Kilogram => 1.0,
            Self::Pound => KILOGRAMS_PER_POUND,
            Self::TroyOunce => GRAMS_PER_TROY_OUNCE / 1000.0,
            Self::Gram => 0.001,
        }
    }

    /// Units in one tonne.
    pub fn per_tonne(self) -> f64 {
        1000.0 / self.kilograms()
    }

    /// The short name shown after a price ("t", "lb", "oz").
    pub fn label(self) -> &'static str {
        match self {
            Self::Tonne => "t",
            Self::Kilogram => "kg",
            Self::Pound => "lb",
            Self::TroyOunce => "oz",
            Self::Gram => "g",
        }
    }

    /// The unit a stage's product unit names, when it is a mass ("t", "dmt", "kg", "lb", "oz",
    /// "g", any case); `None` for "kt", "m3", "units" and the like.
    pub fn parse(unit: &str) -> Option<Self> {
        match unit.trim().to_ascii_lowercase().as_str() {
            "t" | "tonne" | "tonnes" | "dmt" | "mt" => Some(Self::Tonne),
            "kg" => Some(Self::Kilogram),
            "lb" | "lbs" => Some(Self::Pound),
            "oz" | "ozt" | "troy oz" => Some(Self::TroyOunce),
            "g" => Some(Self::Gram),
            _ => None,
        }
    }
}

/// One point of a price path: the price in a year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePoint {
    /// The year.
    pub year: i32,
    /// Price per unit of the commodity in that year, in the project currency.
    pub price: f64,
}

/// A commodity of the deck: its unit, its price path and where the prices come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commodity {
    /// What one price is per.
    pub unit: MassUnit,
    /// The price path, years in increasing order: one point is a flat price for every year;
    /// between points the price follows a straight line, and before the first (after the
    /// last) it stays at the first (last) point's price.
    pub path: Vec<PricePoint>,
    /// Where the prices come from.
    #[serde(default)]
    pub source: String,
}

impl Commodity {
    /// A flat price for every year (one point, in `year`).
    pub fn flat(unit: MassUnit, year: i32, price: f64, source: &str) -> Self {
        Self {
            unit,
            path: vec![PricePoint { year, price }],
            source: source.to_owned(),
        }
    }

    /// The price in `year` (0 for an empty path, which validation refuses).
    pub fn price_in(&self, year: i32) -> f64 {
        let path = &self.path;
        let (Some(first), Some(last)) = (path.first(), path.last()) else {
            return 0.0;
        };
        if year <= first.year {
            return first.price;
        }
        if year >= last.year {
            return last.price;
        }
        // The first point after `year`; the one before it is at or before `year`.
        let after = path.partition_point(|point| point.year <= year);
        match (path.get(after.wrapping_sub(1)), path.get(after)) {
            (Some(a), Some(b)) if b.year > a.year => {
                let t = f64::from(year - a.year) / f64::from(b.year - a.year);
                a.price + (b.price - a.price) * t
            }
            (Some(a), _) => a.price,
            _ => last.price,
        }
    }

    /// The commodity's price level: its first point's price. A lever, a scenario or a random
    /// draw on the commodity sets this level, and the whole path moves in proportion.
    pub fn level(&self) -> f64 {
        self.path.first().map_or(0.0, |point| point.price)
    }

    /// Moves the whole path in proportion so that its first point's price is `level`. A path
    /// whose first price is 0 cannot be scaled: every point takes `level`.
    pub fn set_level(&mut self, level: f64) {
        let current = self.level();
        if current == 0.0 {
            for point in &mut self.path {
                point.price = level;
            }
        } else {
            let factor = level / current;
            for point in &mut self.path {
                point.price *= factor;
            }
        }
    }
}

/// The project's price deck: commodities by name ("copper", "gold").
pub type PriceDeck = BTreeMap<String, Commodity>;

/// How a stage's price is set instead of the typed `price_per_unit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PricingRule {
    /// A concentrate at its net smelter return.
    Concentrate(ConcentrateTerms),
    /// Refined metal at the deck price plus a premium.
    RefinedMetal(MetalTerms),
    /// A fabricated product: metal content at the deck price plus a conversion premium.
    Fabricated(FabricatedTerms),
}

impl PricingRule {
    /// The rule's name as shown in the window.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Concentrate(_) => "Concentrate (net smelter return)",
            Self::RefinedMetal(_) => "Refined metal (deck price + premium)",
            Self::Fabricated(_) => "Fabricated product (metal content + conversion)",
        }
    }

    /// The commodity the rule pays on.
    pub fn commodity(&self) -> &str {
        match self {
            Self::Concentrate(terms) => &terms.commodity,
            Self::RefinedMetal(terms) => &terms.commodity,
            Self::Fabricated(terms) => &terms.commodity,
        }
    }

    /// Every commodity the rule reads from the deck (the paid metal, then by-metals).
    pub fn commodities(&self) -> impl Iterator<Item = &str> {
        let by_metals: &[PayableMetal] = match self {
            Self::Concentrate(terms) => &terms.by_metals,
            _ => &[],
        };
        std::iter::once(self.commodity()).chain(by_metals.iter().map(|m| m.commodity.as_str()))
    }

    /// Share (0-1) of the stage's product that is the paid metal, by mass: a concentrate's
    /// grade, 1 for refined metal, the metal content of a fabricated product (per unit of
    /// product, both in tonnes). `None` when the units do not say.
    pub fn metal_content(&self, product_unit: &str, deck: &PriceDeck) -> Option<f64> {
        match self {
            Self::Concentrate(terms) => Some(terms.grade_pct / 100.0),
            Self::RefinedMetal(_) => Some(1.0),
            Self::Fabricated(terms) => {
                let metal_unit = deck.get(&terms.commodity)?.unit;
                let product = MassUnit::parse(product_unit)?;
                Some(terms.metal_per_unit * metal_unit.kilograms() / product.kilograms())
            }
        }
    }
}

/// The terms a concentrate is sold on (the smelter's contract): what is paid for, what is
/// charged. Per dry metric tonne of concentrate unless said otherwise; the stage's quantity
/// is in dry tonnes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcentrateTerms {
    /// The deck commodity the metal is paid on, e.g. "copper".
    pub commodity: String,
    /// Metal grade, percent of the dry concentrate's mass (e.g. 28).
    pub grade_pct: f64,
    /// Payable share of the contained metal, percent (e.g. 96.5).
    pub payable_pct: f64,
    /// Minimum deduction, in units (percentage points of grade): at most
    /// `grade - min_deduction` is paid for (e.g. 1.0). 0 = none.
    #[serde(default)]
    pub min_deduction_pct: f64,
    /// Treatment charge per dry tonne (e.g. 80 in 2024, 0 in 2026).
    #[serde(default)]
    pub treatment_charge_per_dmt: f64,
    /// Refining charge per `refining_charge_unit` of payable metal (e.g. 0.08 per lb).
    #[serde(default)]
    pub refining_charge: f64,
    /// What the refining charge is per.
    #[serde(default = "pound")]
    pub refining_charge_unit: MassUnit,
    /// Penalties for impurities (arsenic, …) per dry tonne.
    #[serde(default)]
    pub penalties_per_dmt: f64,
    /// Moisture, percent of the wet mass (e.g. 9): freight is paid on wet tonnes.
    #[serde(default)]
    pub moisture_pct: f64,
    /// Freight and handling to the smelter per wet tonne.
    #[serde(default)]
    pub freight_per_wmt: f64,
    /// By-metals the smelter pays for (gold, silver).
    #[serde(default)]
    pub by_metals: Vec<PayableMetal>,
}

fn pound() -> MassUnit {
    MassUnit::Pound
}

/// A by-metal paid for in a concentrate, e.g. gold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayableMetal {
    /// The deck commodity, e.g. "gold".
    pub commodity: String,
    /// Content, grams per dry tonne of concentrate.
    pub content_g_per_t: f64,
    /// Payable share, percent.
    pub payable_pct: f64,
    /// Refining charge per unit of the commodity (per oz for gold).
    #[serde(default)]
    pub refining_charge_per_unit: f64,
}

/// Refined metal priced off the deck.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetalTerms {
    /// The deck commodity, e.g. "copper".
    pub commodity: String,
    /// Premium per unit of product over the deck price (negative for a discount).
    #[serde(default)]
    pub premium_per_unit: f64,
}

/// A fabricated product priced off its metal content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FabricatedTerms {
    /// The deck commodity, e.g. "copper".
    pub commodity: String,
    /// Metal per unit of product, in the commodity's unit (e.g. 1.0 t of copper per t of rod).
    pub metal_per_unit: f64,
    /// Conversion premium per unit of product.
    #[serde(default)]
    pub conversion_premium_per_unit: f64,
}

/// Grade and recovery of a fed stage: its feed per unit of product follows from them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRecovery {
    /// Metal grade of the feed, percent; `None` takes it from the upstream stage's product
    /// (its pricing rule's metal content).
    #[serde(default)]
    pub feed_grade_pct: Option<f64>,
    /// Share of the metal in the feed that reaches the product, percent (e.g. 91).
    pub recovery_pct: f64,
    /// Metal grade of the stage's own product, percent; `None` takes it from its pricing rule.
    #[serde(default)]
    pub product_grade_pct: Option<f64>,
}

impl GradeRecovery {
    /// Feed per unit of product: product grade / (feed grade × recovery), every grade a share
    /// of mass in the same unit. `None` when a grade is unknown or the result is not finite.
    pub fn input_per_unit(&self, product_grade: f64, feed_grade: f64) -> Option<f64> {
        let per_unit = product_grade / (feed_grade * self.recovery_pct / 100.0);
        (per_unit.is_finite() && per_unit > 0.0).then_some(per_unit)
    }
}

/// How one unit's price is built in one year: each part, in the order the window's waterfall
/// shows them. Parts are per unit of the stage's product; charges are positive numbers that are
/// taken off.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PriceBuild {
    /// Payable metal at the deck price (or the deck price itself for refined metal, the metal
    /// content for a fabricated product).
    pub metal_value: f64,
    /// Treatment charge.
    pub treatment_charge: f64,
    /// Refining charge on the payable metal.
    pub refining_charge: f64,
    /// Penalties.
    pub penalties: f64,
    /// Freight on the wet mass.
    pub freight: f64,
    /// Payable by-metals net of their refining charges.
    pub by_metals: f64,
    /// Premium (refined metal) or conversion premium (fabricated product); negative for a
    /// discount.
    pub premium: f64,
}

impl PriceBuild {
    /// The parts as the steps of a waterfall, in order: what each adds to the price per unit
    /// (charges negative), named as the window shows them.
    pub fn steps(&self) -> [(&'static str, f64); 7] {
        [
            ("Payable metal", self.metal_value),
            ("Treatment charge", -self.treatment_charge),
            ("Refining charge", -self.refining_charge),
            ("Penalties", -self.penalties),
            ("Freight", -self.freight),
            ("By-metals", self.by_metals),
            ("Premium", self.premium),
        ]
    }

    /// The price: metal value, less the charges, plus by-metals and premium.
    pub fn price(&self) -> f64 {
        self.metal_value
            - self.treatment_charge
            - self.refining_charge
            - self.penalties
            - self.freight
            + self.by_metals
            + self.premium
    }
}

/// Deck prices of one year by commodity name, looked up by the rules.
pub trait DeckPrices {
    /// Price per unit of `commodity` and its unit; `None` for a commodity not in the deck.
    fn get(&self, commodity: &str) -> Option<(f64, MassUnit)>;
}

/// The deck's prices in one year.
pub struct DeckInYear<'a> {
    /// The deck.
    pub deck: &'a PriceDeck,
    /// The year.
    pub year: i32,
}

impl DeckPrices for DeckInYear<'_> {
    fn get(&self, commodity: &str) -> Option<(f64, MassUnit)> {
        self.deck
            .get(commodity)
            .map(|c| (c.price_in(self.year), c.unit))
    }
}

impl PricingRule {
    /// How the price of one unit of a product in `product_unit` is built from `prices`;
    /// `None` when a commodity is missing from the deck or a refined metal's unit is not a
    /// mass (validation refuses both, with where and what to do).
    pub fn build(&self, product_unit: &str, prices: &impl DeckPrices) -> Option<PriceBuild> {
        match self {
            Self::Concentrate(terms) => {
                let (price, unit) = prices.get(&terms.commodity)?;
                let by_metals = terms
                    .by_metals
                    .iter()
                    .map(|metal| {
                        let (price, unit) = prices.get(&metal.commodity)?;
                        let units = metal.content_g_per_t / (unit.kilograms() * 1000.0);
                        Some(
                            units * metal.payable_pct / 100.0
                                * (price - metal.refining_charge_per_unit),
                        )
                    })
                    .sum::<Option<f64>>()?;
                Some(terms.build(price * unit.per_tonne(), by_metals))
            }
            Self::RefinedMetal(terms) => {
                let (price, unit) = prices.get(&terms.commodity)?;
                let product = MassUnit::parse(product_unit)?;
                Some(PriceBuild {
                    metal_value: price * product.kilograms() / unit.kilograms(),
                    premium: terms.premium_per_unit,
                    ..PriceBuild::default()
                })
            }
            Self::Fabricated(terms) => {
                let (price, _) = prices.get(&terms.commodity)?;
                Some(PriceBuild {
                    metal_value: terms.metal_per_unit * price,
                    premium: terms.conversion_premium_per_unit,
                    ..PriceBuild::default()
                })
            }
        }
    }
}

impl ConcentrateTerms {
    /// Terms a planner starts from when a stage is first priced as a concentrate of
    /// `commodity`: a 28% copper concentrate, 96.5% payable with a one-unit minimum
    /// deduction, 9% moisture, and no charges until they are typed (the 2026 benchmark TC/RC
    /// was 0).
    pub fn typical(commodity: &str) -> Self {
        Self {
            commodity: commodity.to_owned(),
            grade_pct: 28.0,
            payable_pct: 96.5,
            min_deduction_pct: 1.0,
            treatment_charge_per_dmt: 0.0,
            refining_charge: 0.0,
            refining_charge_unit: MassUnit::Pound,
            penalties_per_dmt: 0.0,
            moisture_pct: 9.0,
            freight_per_wmt: 0.0,
            by_metals: Vec::new(),
        }
    }

    /// Payable metal per dry tonne, as a share of its mass: the payable share of the grade,
    /// but never more than the grade less the minimum deduction (and never below zero).
    pub fn payable_share(&self) -> f64 {
        let grade = self.grade_pct / 100.0;
        let by_share = grade * self.payable_pct / 100.0;
        let by_deduction = if self.min_deduction_pct > 0.0 {
            grade - self.min_deduction_pct / 100.0
        } else {
            by_share
        };
        by_share.min(by_deduction).max(0.0)
    }

    /// The net smelter return per dry tonne, built from the metal's price per tonne and the
    /// by-metals' net value per dry tonne.
    fn build(&self, metal_price_per_t: f64, by_metals: f64) -> PriceBuild {
        let payable = self.payable_share();
        let wet_per_dry = 1.0 / (1.0 - self.moisture_pct / 100.0);
        PriceBuild {
            metal_value: payable * metal_price_per_t,
            treatment_charge: self.treatment_charge_per_dmt,
            refining_charge: payable * self.refining_charge * self.refining_charge_unit.per_tonne(),
            penalties: self.penalties_per_dmt,
            freight: self.freight_per_wmt * wet_per_dry,
            by_metals,
            premium: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck() -> PriceDeck {
        let mut deck = PriceDeck::new();
        deck.insert(
            "copper".into(),
            Commodity::flat(MassUnit::Tonne, 2030, 9950.0, ""),
        );
        deck.insert(
            "gold".into(),
            Commodity::flat(MassUnit::TroyOunce, 2030, 2000.0, ""),
        );
        deck
    }

    fn copper_terms() -> ConcentrateTerms {
        ConcentrateTerms {
            commodity: "copper".into(),
            grade_pct: 28.0,
            payable_pct: 96.5,
            min_deduction_pct: 0.0,
            treatment_charge_per_dmt: 21.25,
            refining_charge: 0.02125,
            refining_charge_unit: MassUnit::Pound,
            penalties_per_dmt: 0.0,
            moisture_pct: 0.0,
            freight_per_wmt: 0.0,
            by_metals: Vec::new(),
        }
    }

    fn price(rule: &PricingRule, unit: &str) -> f64 {
        let deck = deck();
        rule.build(
            unit,
            &DeckInYear {
                deck: &deck,
                year: 2030,
            },
        )
        .unwrap()
        .price()
    }

    #[test]
    fn the_hand_checked_net_smelter_return() {
        // 28% Cu, 96.5% payable, copper 9,950, TC 21.25/dmt, RC 2.125 c/lb: 2,654.58 per dmt.
        let mut terms = copper_terms();
        let nsr = price(&PricingRule::Concentrate(terms.clone()), "t");
        assert!((nsr - 2654.58).abs() < 0.005, "{nsr}");
        // With a one-unit minimum deduction, 27% is paid rather than 27.02%: 2,652.60.
        terms.min_deduction_pct = 1.0;
        let nsr = price(&PricingRule::Concentrate(terms.clone()), "t");
        assert!((nsr - 2652.60).abs() < 0.005, "{nsr}");
        // Freight 60 per wet tonne at 9% moisture takes 65.93 more.
        terms.freight_per_wmt = 60.0;
        terms.moisture_pct = 9.0;
        let with_freight = price(&PricingRule::Concentrate(terms), "t");
        assert!((nsr - with_freight - 65.93).abs() < 0.005, "{with_freight}");
    }

    #[test]
    fn gold_is_paid_by_the_ounce_net_of_its_refining_charge() {
        let mut terms = copper_terms();
        let without = price(&PricingRule::Concentrate(terms.clone()), "t");
        terms.by_metals.push(PayableMetal {
            commodity: "gold".into(),
            content_g_per_t: GRAMS_PER_TROY_OUNCE * 2.0,
            payable_pct: 90.0,
            refining_charge_per_unit: 5.0,
        });
        let with = price(&PricingRule::Concentrate(terms), "t");
        assert!((with - without - 2.0 * 0.9 * 1995.0).abs() < 1e-9);
    }

    #[test]
    fn refined_metal_and_fabricated_products_follow_the_deck() {
        let cathode = PricingRule::RefinedMetal(MetalTerms {
            commodity: "copper".into(),
            premium_per_unit: 150.0,
        });
        assert!((price(&cathode, "t") - 10_100.0).abs() < 1e-9);
        assert!((price(&cathode, "kg") - (9.95 + 150.0)).abs() < 1e-9);
        let rod = PricingRule::Fabricated(FabricatedTerms {
            commodity: "copper".into(),
            metal_per_unit: 0.999,
            conversion_premium_per_unit: 400.0,
        });
        assert!((price(&rod, "t") - (0.999 * 9950.0 + 400.0)).abs() < 1e-9);
        // A refined metal needs a product unit that is a mass.
        let deck = deck();
        assert!(
            cathode
                .build(
                    "m3",
                    &DeckInYear {
                        deck: &deck,
                        year: 2030
                    }
                )
                .is_none()
        );
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "the points and the midpoint are exact in binary"
    )]
    fn a_path_is_straight_between_its_points_and_flat_beyond() {
        let copper = Commodity {
            unit: MassUnit::Tonne,
            path: vec![
                PricePoint {
                    year: 2026,
                    price: 10_000.0,
                },
                PricePoint {
                    year: 2030,
                    price: 9_000.0,
                },
                PricePoint {
                    year: 2040,
                    price: 9_000.0,
                },
            ],
            source: String::new(),
        };
        assert_eq!(copper.price_in(2020), 10_000.0);
        assert_eq!(copper.price_in(2028), 9_500.0);
        assert_eq!(copper.price_in(2030), 9_000.0);
        assert_eq!(copper.price_in(2050), 9_000.0);
        let mut moved = copper.clone();
        moved.set_level(8_000.0);
        assert_eq!(moved.price_in(2028), 7_600.0);
    }

    #[test]
    fn grade_and_recovery_give_the_feed_per_unit() {
        let flotation = GradeRecovery {
            feed_grade_pct: Some(0.5),
            recovery_pct: 91.0,
            product_grade_pct: None,
        };
        let per_unit = flotation.input_per_unit(0.28, 0.005).unwrap();
        assert!((per_unit - 0.28 / (0.005 * 0.91)).abs() < 1e-9);
        assert!(flotation.input_per_unit(0.28, 0.0).is_none());
    }
}
