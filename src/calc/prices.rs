//! Prices from the deck, year by year: each commodity's path worked out once per year, then
//! the price (and by-product value per unit) of every stage that a pricing rule or a deck
//! by-product prices, four years to a row. Every rule is affine in the deck's prices (a
//! constant plus a coefficient times each commodity's price), so a stage's coefficients are
//! read once and its yearly prices cost one multiply-add per commodity and row
//! (`docs/METHOD.md` section 16). Stages with a typed price and typed by-products have no
//! row here: their price is the same every year.

use crate::model::fiscal::RoyaltyBase;
use crate::model::pricing::{MassUnit, PriceDeck, PricingRule};
use crate::model::{ByProductDestination, Project, Stage};

use super::lanes::{LANES, Lanes};

/// Marks a stage priced by its typed figures.
const TYPED: u32 = u32::MAX;

/// The yearly prices of the stages a rule prices.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Prices {
    /// Rows of four years.
    rows: usize,
    /// Every commodity's price, commodity by commodity (deck order), row by row.
    deck: Vec<Lanes>,
    /// For each priced stage, its price in every row, then its by-product value per unit in
    /// every row for each destination ([`DESTINATIONS`] order).
    table: Vec<Lanes>,
    /// Where each stage's rows start in `table` ([`TYPED`] for a typed price), by stage.
    at: Vec<u32>,
    /// Working memory for a stage's coefficients.
    price: Affine,
    by_products: [Affine; 3],
    /// The royalty of each stage whose regime slides it with a deck price or levies it on the
    /// gross value of a concentrate: where its rows start in `royalty_rates` ([`TYPED`]: its
    /// rate is its royalty % every year), and what the gross base adds per unit of product.
    royalty_at: Vec<(u32, f64)>,
    /// Royalty rates (0-1), row by row, of the stages with a sliding royalty.
    royalty_rates: Vec<Lanes>,
}

/// A stage's by-product value per unit of its product, by where the by-products are sold
/// (`docs/METHOD.md` D5), in one year (`F` = `f64`) or four ([`Lanes`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct ByProductValues<F> {
    /// Those that go where the product goes.
    pub(super) follows: F,
    /// Those exported whatever the product does.
    pub(super) exported: F,
    /// Those sold at home whatever the product does.
    pub(super) at_home: F,
}

impl ByProductValues<f64> {
    /// The typed by-products' values of `stage` (deck-priced ones count 0 here).
    pub(super) fn typed(stage: &Stage) -> Self {
        let of = |destination| {
            stage
                .by_products
                .iter()
                .filter(|b| b.destination == destination && b.commodity.is_none())
                .map(|b| b.quantity_per_unit * b.price)
                .sum::<f64>()
        };
        Self {
            follows: of(ByProductDestination::FollowsProduct),
            exported: of(ByProductDestination::Export),
            at_home: of(ByProductDestination::DomesticMarket),
        }
    }
}

impl Prices {
    /// Works out the deck's prices for the years of `rows` and the yearly prices of every
    /// stage of `project` that the deck prices (the memory of the last calculation reused).
    pub(super) fn refresh(&mut self, project: &Project, rows: &[[i32; LANES]]) {
        self.rows = rows.len();
        self.deck.clear();
        self.table.clear();
        self.at.clear();
        let index = DeckIndex::of(&project.prices);
        for commodity in project.prices.values() {
            self.deck.extend(
                rows.iter()
                    .map(|years| Lanes::from_fn(|lane| commodity.price_in(years[lane]))),
            );
        }
        self.royalty_at.clear();
        self.royalty_rates.clear();
        // Only when some regime slides the royalty or levies it on a gross base does any
        // stage's royalty differ from its royalty % on its output value.
        let royalty_terms = project
            .fiscal
            .iter()
            .chain(project.stages.iter().filter_map(|s| s.fiscal.as_ref()))
            .any(|regime| {
                regime.sliding_royalty.is_some() || regime.royalty_base == RoyaltyBase::Gross
            });
        for stage in &project.stages {
            let priced =
                stage.pricing.is_some() || stage.by_products.iter().any(|b| b.commodity.is_some());
            if priced {
                Affine::price_of(stage, &index, &mut self.price);
            }
            if royalty_terms {
                self.royalty_of(project, stage, &index);
            }
            if !priced {
                self.at.push(TYPED);
                continue;
            }
            self.at
                .push(u32::try_from(self.table.len()).unwrap_or(TYPED));
            for (affine, destination) in self.by_products.iter_mut().zip(DESTINATIONS) {
                Affine::by_products_of(stage, destination, &index, affine);
            }
            let [follows, exported, at_home] = &self.by_products;
            for affine in [&self.price, follows, exported, at_home] {
                for row in 0..self.rows {
                    let mut value = Lanes::splat(affine.constant);
                    for &(commodity, coefficient) in &affine.terms {
                        value += Lanes::splat(coefficient) * self.deck[commodity * self.rows + row];
                    }
                    self.table.push(value);
                }
            }
        }
    }

    /// How `stage`'s royalty is levied (`docs/METHOD.md` 18.2): the rate of each row when its
    /// regime slides it with a deck price, and, when the regime levies it on the gross value of
    /// a concentrate, the deductions its price nets out (the negative of its constant term,
    /// read from `self.price`, which holds the stage's price when a rule prices it).
    fn royalty_of(&mut self, project: &Project, stage: &Stage, index: &DeckIndex<'_>) {
        let Some(regime) = project.regime_of(stage) else {
            self.royalty_at.push((TYPED, 0.0));
            return;
        };
        let gross_extra = match (&stage.pricing, regime.royalty_base) {
            (Some(PricingRule::Concentrate(_)), RoyaltyBase::Gross) => -self.price.constant,
            _ => 0.0,
        };
        let sliding = regime
            .sliding_royalty
            .as_ref()
            .and_then(|sliding| Some((sliding, index.find(&sliding.commodity)?.0)));
        let Some((sliding, commodity)) = sliding else {
            self.royalty_at.push((TYPED, gross_extra));
            return;
        };
        let at = u32::try_from(self.royalty_rates.len()).unwrap_or(TYPED);
        self.royalty_at.push((at, gross_extra));
        let prices = &self.deck[commodity * self.rows..(commodity + 1) * self.rows];
        self.royalty_rates.extend(
            prices
                .iter()
                .map(|price| Lanes::from_fn(|lane| sliding.rate_at(price.0[lane]))),
        );
    }

    /// Stage `stage`'s royalty rate (0-1) in the four years of row `row`, or `typed` (its
    /// royalty %, as a share) when no sliding scale sets it; and what a gross base adds to its
    /// output value per unit of product.
    #[inline]
    pub(super) fn royalty(&self, stage: usize, row: usize, typed: f64) -> (Lanes, f64) {
        // Empty when no regime sets royalty terms: every stage's rate is its own.
        match self.royalty_at.get(stage) {
            Some(&(at, extra)) if at != TYPED => (self.royalty_rates[at as usize + row], extra),
            Some(&(_, extra)) => (Lanes::splat(typed), extra),
            None => (Lanes::splat(typed), 0.0),
        }
    }

    /// Stage `stage`'s price and by-product values per unit in row `row`, or `typed` (its
    /// typed price and by-product values) in every year when no rule prices it.
    #[inline]
    pub(super) fn of(
        &self,
        stage: usize,
        row: usize,
        typed: (f64, ByProductValues<f64>),
    ) -> (Lanes, ByProductValues<Lanes>) {
        match self.at.get(stage) {
            Some(&at) if at != TYPED => {
                let at = at as usize;
                let rows = self.rows;
                (
                    self.table[at + row],
                    ByProductValues {
                        follows: self.table[at + rows + row],
                        exported: self.table[at + 2 * rows + row],
                        at_home: self.table[at + 3 * rows + row],
                    },
                )
            }
            _ => {
                let (price, by) = typed;
                (
                    Lanes::splat(price),
                    ByProductValues {
                        follows: Lanes::splat(by.follows),
                        exported: Lanes::splat(by.exported),
                        at_home: Lanes::splat(by.at_home),
                    },
                )
            }
        }
    }

    /// Stage `stage`'s price in row `row`, or `typed` in every year when no rule prices it.
    #[inline]
    pub(super) fn price_of(&self, stage: usize, row: usize, typed: f64) -> Lanes {
        match self.at.get(stage) {
            Some(&at) if at != TYPED => self.table[at as usize + row],
            _ => Lanes::splat(typed),
        }
    }

    /// True when no rule prices stage `stage`: its price is its typed one every year.
    pub(super) fn is_typed(&self, stage: usize) -> bool {
        self.at.get(stage).is_none_or(|&at| at == TYPED)
    }

    /// Stage `stage`'s price in year `k` of the horizon, or `typed` when no rule prices it.
    pub(super) fn price_in(&self, stage: usize, k: usize, typed: f64) -> f64 {
        self.price_of(stage, k / LANES, typed).0[k % LANES]
    }
}

/// The by-products' destinations in the order of the price table's rows.
const DESTINATIONS: [ByProductDestination; 3] = [
    ByProductDestination::FollowsProduct,
    ByProductDestination::Export,
    ByProductDestination::DomesticMarket,
];

/// Where each commodity of a deck sits in its (name) order, with its unit: what the
/// calculation's price table is indexed by.
pub(super) struct DeckIndex<'a> {
    names: Vec<&'a str>,
    units: Vec<MassUnit>,
}

impl<'a> DeckIndex<'a> {
    /// The index of `deck`.
    pub(super) fn of(deck: &'a PriceDeck) -> Self {
        Self {
            names: deck.keys().map(String::as_str).collect(),
            units: deck.values().map(|commodity| commodity.unit).collect(),
        }
    }

    /// Position and unit of `commodity`; `None` when the deck lacks it.
    pub(super) fn find(&self, commodity: &str) -> Option<(usize, MassUnit)> {
        let at = self.names.binary_search(&commodity).ok()?;
        Some((at, self.units[at]))
    }
}

/// A price that is a constant plus a coefficient times each of some deck prices: every rule
/// is of this form, so the calculation reads a stage's coefficients once and works out its
/// yearly prices with one multiply-add per commodity (`docs/METHOD.md` section 16).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Affine {
    /// The part that does not move with the deck.
    pub(super) constant: f64,
    /// (Commodity position in the [`DeckIndex`], coefficient) pairs.
    pub(super) terms: Vec<(usize, f64)>,
}

impl Affine {
    /// The price of one unit of `stage`'s product: its typed price, or its rule's
    /// coefficients, into `out`. A commodity missing from the deck, or a refined metal whose
    /// unit is not a mass, adds no term (validation refuses both).
    pub(super) fn price_of(stage: &Stage, index: &DeckIndex<'_>, out: &mut Self) {
        out.constant = 0.0;
        out.terms.clear();
        let Some(rule) = &stage.pricing else {
            out.constant = stage.price_per_unit;
            return;
        };
        match rule {
            PricingRule::Concentrate(terms) => {
                let payable = terms.payable_share();
                let wet_per_dry = 1.0 / (1.0 - terms.moisture_pct / 100.0);
                out.constant = -terms.treatment_charge_per_dmt
                    - payable * terms.refining_charge * terms.refining_charge_unit.per_tonne()
                    - terms.penalties_per_dmt
                    - terms.freight_per_wmt * wet_per_dry;
                if let Some((at, unit)) = index.find(&terms.commodity) {
                    out.terms.push((at, payable * unit.per_tonne()));
                }
                for metal in &terms.by_metals {
                    if let Some((at, unit)) = index.find(&metal.commodity) {
                        let paid = metal.content_g_per_t / (unit.kilograms() * 1000.0)
                            * metal.payable_pct
                            / 100.0;
                        out.terms.push((at, paid));
                        out.constant -= paid * metal.refining_charge_per_unit;
                    }
                }
            }
            PricingRule::RefinedMetal(terms) => {
                out.constant = terms.premium_per_unit;
                if let (Some((at, unit)), Some(product)) =
                    (index.find(&terms.commodity), MassUnit::parse(&stage.unit))
                {
                    out.terms.push((at, product.kilograms() / unit.kilograms()));
                }
            }
            PricingRule::Fabricated(terms) => {
                out.constant = terms.conversion_premium_per_unit;
                if let Some((at, _)) = index.find(&terms.commodity) {
                    out.terms.push((at, terms.metal_per_unit));
                }
            }
        }
    }

    /// The value per unit of `stage`'s product of its by-products sold to `destination`:
    /// typed prices in the constant, deck-priced ones as terms, into `out`.
    pub(super) fn by_products_of(
        stage: &Stage,
        destination: ByProductDestination,
        index: &DeckIndex<'_>,
        out: &mut Self,
    ) {
        out.constant = 0.0;
        out.terms.clear();
        for by_product in stage
            .by_products
            .iter()
            .filter(|b| b.destination == destination)
        {
            match &by_product.commodity {
                None => out.constant += by_product.quantity_per_unit * by_product.price,
                Some(commodity) => {
                    if let (Some((at, unit)), Some(own)) =
                        (index.find(commodity), MassUnit::parse(&by_product.unit))
                    {
                        out.terms.push((
                            at,
                            by_product.quantity_per_unit * own.kilograms() / unit.kilograms(),
                        ));
                    }
                }
            }
        }
    }
}
