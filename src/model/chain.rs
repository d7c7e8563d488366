//! The parts a project is made of: stages, links, the economy, the currency, the horizon and
//! phases, and the project-wide policy. Plain data that serialises to the RON project file;
//! [`crate::model::Project`] holds them, and the parameter records of
//! [`crate::model::params`] name them by [`StageId`] without needing the project itself.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::fiscal::{Financing, FiscalRegime, Ownership};
use crate::model::pricing::{GradeRecovery, PriceDeck, PricingRule};

/// How a carbon price is charged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CarbonPricing {
    /// A domestic carbon tax on every domestic stage's emissions: public revenue at home.
    #[default]
    #[serde(alias = "domestic_tax", alias = "domestic tax")]
    DomesticTax,
    /// A border carbon adjustment levied abroad on the emissions of the exported part of a
    /// domestic stage's output: a cost paid abroad, no public revenue at home.
    #[serde(alias = "border_adjustment", alias = "border adjustment")]
    BorderAdjustment,
}

/// Project-wide policy settings. Everything defaults to "no policy".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Carbon price per tonne of CO2, in the project currency (0 = none).
    #[serde(default)]
    pub carbon_price_per_t_co2: f64,
    /// Whether the carbon price is a domestic tax or a border adjustment abroad.
    #[serde(default)]
    pub carbon_pricing: CarbonPricing,
}

/// Money is entered and computed in `code`; `local` only changes how figures are displayed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    /// ISO code of the currency every money field is in (e.g. "USD").
    pub code: String,
    /// The unit money figures are entered in, as every label writes it, when it is not one
    /// unit of `code`: "million XOF" for a study whose tables are in millions of CFA francs.
    /// Empty (and not written) when unset: labels then write the code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub money_unit: String,
    /// A local currency for display, with its exchange rate.
    #[serde(default)]
    pub local: Option<LocalCurrency>,
}

impl Default for Currency {
    fn default() -> Self {
        Self {
            code: "USD".to_owned(),
            money_unit: String::new(),
            local: None,
        }
    }
}

impl Currency {
    /// The unit every display and export labels the project's money with: the money unit
    /// when one is stated ("million XOF"), else the currency code ("USD").
    pub fn money_unit(&self) -> &str {
        match self.money_unit.trim() {
            "" => &self.code,
            unit => unit,
        }
    }
}

/// A display currency and its rate against the base currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalCurrency {
    /// ISO code, e.g. "PKR".
    pub code: String,
    /// Units of local currency per one unit of the base currency (e.g. 281.0 PKR per USD).
    pub per_base_unit: f64,
}

/// First and last year of the calculation, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First year computed.
    pub first_year: i32,
    /// Last year computed (inclusive).
    pub last_year: i32,
}

impl Horizon {
    /// Every year of the horizon, in order. Empty when the horizon is reversed.
    pub fn years(self) -> impl Iterator<Item = i32> {
        self.first_year..=self.last_year
    }

    /// Number of years covered (0 when reversed).
    pub fn len(self) -> usize {
        // In i64: years straight from a file may span more than an i32 can hold.
        usize::try_from(i64::from(self.last_year) - i64::from(self.first_year) + 1).unwrap_or(0)
    }

    /// True when the horizon covers no year.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// True when `year` lies inside the horizon.
    pub fn contains(self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year)
    }
}

/// The national economy: what shares of GDP and discounting are measured against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economy {
    /// Gross domestic product in the base year, in the project currency.
    pub gdp_base_year: f64,
    /// Real GDP growth per year, in percent (e.g. 2.68).
    pub gdp_growth_pct: f64,
    /// Discount rate for NPVs, in percent per year (e.g. 8).
    pub discount_rate_pct: f64,
    /// θ: the share of the value of domestically supplied inputs (purchased inputs, energy at
    /// a tariff, transport on domestic links, and the domestic part of capex) that is domestic
    /// value added in the suppliers and their own domestic suppliers, all rounds together; the
    /// rest, 1 - θ, is their imported content (indirect imports), in percent
    /// (`docs/METHOD.md` 5.2).
    pub domestic_va_content_pct: f64,
    /// Construction jobs per million of domestic capex (capex less its imported part) spent in
    /// a year, in the project currency: job-years per million (`docs/METHOD.md` 5.8).
    #[serde(default = "default_construction_jobs_per_million")]
    pub construction_jobs_per_million: f64,
    /// Shadow exchange rate factor: the social value of a unit of foreign exchange over its
    /// official value (1 = the official rate is right). It scales tradables at border prices
    /// in the Policy Analysis Matrix (`docs/METHOD.md` section 19). Not written when 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub shadow_exchange_rate_factor: f64,
    /// Shadow wage factor: the social cost of labour over the wage paid (1 = wages are its
    /// cost to the economy; below 1 where labour is underemployed). It scales wages at social
    /// prices in the Policy Analysis Matrix. Not written when 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub shadow_wage_factor: f64,
}

/// Construction jobs per million of domestic capex a year when a file gives none: Reko Diq's
/// 7,500 jobs at the construction peak over its phase 1 domestic capex a year (USD 1.79 bn over
/// 2025-2027, the example's figures), about 12.5 (`docs/METHOD.md` 5.8).
pub const DEFAULT_CONSTRUCTION_JOBS_PER_MILLION: f64 = 12.5;

fn default_construction_jobs_per_million() -> f64 {
    DEFAULT_CONSTRUCTION_JOBS_PER_MILLION
}

/// The neutral shadow-price factor, for serde.
fn one() -> f64 {
    1.0
}

/// True for the neutral shadow-price factor, which files leave out.
// Exactly 1 is the default a file leaves out; any other value, however close, is written.
#[allow(clippy::float_cmp, clippy::trivially_copy_pass_by_ref)]
fn is_one(value: &f64) -> bool {
    *value == 1.0
}

/// A named range of years, used to read results by phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Name shown in charts and reports, e.g. "Demonstration".
    pub name: String,
    /// First year of the phase.
    pub first_year: i32,
    /// Last year of the phase (inclusive).
    pub last_year: i32,
}

/// A stable identifier for a stage, used by links. Human-readable in the file (e.g. "mine").
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StageId(pub String);

impl std::fmt::Display for StageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for StageId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

/// What a stage does; decides its colour and its column when the chain is arranged. Files may
/// spell a kind in lower case (`mining`); a chain outside minerals uses `Other` for its
/// producers, collectors, traders and processors (`docs/FORMAT.md`, "Entering a published
/// study"): the kind changes only the colour and the column, never a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StageKind {
    /// Extracting ore.
    #[serde(alias = "mining")]
    Mining,
    /// Beneficiation: crushing, grinding, flotation into a concentrate.
    #[serde(alias = "concentration")]
    Concentration,
    /// Smelting and refining into metal or chemicals.
    #[serde(alias = "refining")]
    Refining,
    /// Turning metal into products: rod, wire, magnets.
    #[serde(alias = "manufacturing")]
    Manufacturing,
    /// Anything else (logistics hub, recycling, …).
    #[serde(alias = "other")]
    Other,
}

impl StageKind {
    /// Every kind, in chain order.
    pub const ALL: [Self; 5] = [
        Self::Mining,
        Self::Concentration,
        Self::Refining,
        Self::Manufacturing,
        Self::Other,
    ];

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Mining => "Mining",
            Self::Concentration => "Concentration",
            Self::Refining => "Refining",
            Self::Manufacturing => "Manufacturing",
            Self::Other => "Other",
        }
    }

    /// Every kind with its label, as a choice offers them.
    pub fn choices() -> [(Self, &'static str); 5] {
        Self::ALL.map(|kind| (kind, kind.label()))
    }

    /// Column index when the chain is arranged left to right.
    pub fn column(self) -> usize {
        match self {
            Self::Mining => 0,
            Self::Concentration => 1,
            Self::Refining => 2,
            Self::Manufacturing => 3,
            Self::Other => 4,
        }
    }
}

/// Whether a stage's value added counts for the national economy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// In the country: its value added, jobs and taxes are national.
    #[serde(alias = "domestic", alias = "national")]
    Domestic,
    /// Abroad: material sold to it is an export, material bought from it an import.
    #[serde(alias = "abroad", alias = "foreign")]
    Abroad,
}

impl Location {
    /// Each location with the word a choice offers it by.
    pub const CHOICES: [(Self, &'static str); 2] =
        [(Self::Domestic, "Domestic"), (Self::Abroad, "Abroad")];
}

/// Where output that no link takes is sold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// Sold abroad (counts as exports for a domestic stage).
    #[default]
    #[serde(alias = "export", alias = "exported", alias = "Exported")]
    Export,
    /// Sold on the domestic market.
    #[serde(
        alias = "domestic",
        alias = "Domestic",
        alias = "domestic_market",
        alias = "domestic market"
    )]
    DomesticMarket,
    /// Not sold: nobody outside the chain buys it (ore without a concentrator, a concentrate
    /// without a smelter). The stage offers all its output to its links, in proportion to
    /// their shares, and makes only what they take (`docs/METHOD.md` D14).
    #[serde(alias = "not_sold", alias = "not sold")]
    NotSold,
}

/// The name in a choice's words: what comes before a colon ("Not sold" of "Not sold: made
/// only as links take it"), which is what a spreadsheet cell types.
pub fn choice_name(words: &str) -> &str {
    words.split_once(':').map_or(words, |(name, _)| name)
}

impl Destination {
    /// Each destination with the words a choice offers it by: its name, then after a colon
    /// what it means where that is not plain ([`choice_name`]).
    pub const CHOICES: [(Self, &'static str); 3] = [
        (Self::Export, "Export"),
        (Self::DomesticMarket, "Domestic market"),
        (Self::NotSold, "Not sold: made only as links take it"),
    ];
}

/// A purchased input other than chain material: energy, reagents, consumables, services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasedInput {
    /// What is bought, e.g. "Electricity".
    pub name: String,
    /// Cost per unit of the stage's product, in the project currency.
    pub cost_per_unit: f64,
    /// Share of this input that is imported, in percent (0-100); 0 when left out: bought at
    /// home.
    #[serde(default)]
    pub imported_pct: f64,
}

/// A co-product sold alongside the main product, e.g. gold in copper concentrate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByProduct {
    /// Name, e.g. "Payable gold".
    pub name: String,
    /// Unit of the by-product, e.g. "oz".
    #[serde(default)]
    pub unit: String,
    /// Quantity per unit of the stage's main product.
    pub quantity_per_unit: f64,
    /// Price per unit of by-product, in the project currency (ignored when `commodity` is set);
    /// 0 when left out, as a by-product priced from the deck needs none.
    #[serde(default)]
    pub price: f64,
    /// A deck commodity the by-product is priced at instead (its price per `unit`, which must
    /// then be a mass such as oz or t). Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
    /// Where the by-product is sold: with the product (exported in the share of the product
    /// that is exported), or abroad or at home whatever the product does. Not written when it
    /// follows the product.
    #[serde(default, skip_serializing_if = "ByProductDestination::follows_product")]
    pub destination: ByProductDestination,
}

/// Where a by-product is sold (`docs/METHOD.md` D5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ByProductDestination {
    /// Where the product goes: exported in the share of the product the stage exports, sold
    /// at home in the rest (gold paid for in a concentrate goes where the concentrate goes).
    #[default]
    FollowsProduct,
    /// Exported, whatever the product does (gold doré shipped from a smelter).
    Export,
    /// Sold on the domestic market, whatever the product does (acid sold to local users).
    DomesticMarket,
}

impl ByProductDestination {
    /// True for [`ByProductDestination::FollowsProduct`].
    pub fn follows_product(&self) -> bool {
        *self == Self::FollowsProduct
    }
}

/// Position of a stage's box on the chain canvas (canvas units, not pixels).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanvasPos {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
}

/// One step of the chain: a mine, a plant, a factory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable identifier that links refer to.
    pub id: StageId,
    /// Name shown on the canvas.
    pub name: String,
    /// What the stage does.
    pub kind: StageKind,
    /// Domestic or abroad.
    pub location: Location,
    /// The product it makes, e.g. "Copper concentrate".
    pub product: String,
    /// Unit of the product, e.g. "t".
    pub unit: String,
    /// Units of product per year at full utilisation.
    pub capacity_per_year: f64,
    /// Units of linked feed material needed per unit of product (ignored without inbound links).
    /// This is where grade and recovery enter: 1 / (grade × recovery) for a concentrator.
    #[serde(default)]
    pub input_per_unit: f64,
    /// Price per unit of product, in the project currency (ignored when `pricing` is set).
    pub price_per_unit: f64,
    /// A rule that builds the price from the project's price deck each year instead of the
    /// typed `price_per_unit` (`docs/METHOD.md` section 16). Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingRule>,
    /// Grade and recovery, from which the feed per unit follows instead of the typed
    /// `input_per_unit`. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_recovery: Option<GradeRecovery>,
    /// Other purchased inputs, per unit of product.
    #[serde(default)]
    pub purchased_inputs: Vec<PurchasedInput>,
    /// By-product credits.
    #[serde(default)]
    pub by_products: Vec<ByProduct>,
    /// Wage bill per year at full capacity, in the project currency.
    #[serde(default)]
    pub wages_per_year: f64,
    /// Jobs at full capacity.
    #[serde(default)]
    pub jobs: f64,
    /// Royalty, percent of output value.
    #[serde(default)]
    pub royalty_pct: f64,
    /// Other taxes on production per unit of product.
    #[serde(default)]
    pub other_taxes_per_unit: f64,
    /// Subsidies received per year of operation.
    #[serde(default)]
    pub subsidies_per_year: f64,
    /// Total investment, in the project currency.
    #[serde(default)]
    pub capex: f64,
    /// Imported share of the investment, percent.
    #[serde(default)]
    pub capex_imported_pct: f64,
    /// Years of construction immediately before the first production year (capex spread evenly).
    #[serde(default)]
    pub construction_years: u32,
    /// Years over which capex is depreciated, from the first production year.
    #[serde(default = "default_economic_life")]
    pub economic_life_years: u32,
    /// First year with any production.
    pub first_production_year: i32,
    /// Years to ramp linearly from 0 to full utilisation.
    #[serde(default)]
    pub ramp_up_years: u32,
    /// Energy used per unit of product, megawatt-hours.
    #[serde(default)]
    pub energy_mwh_per_unit: f64,
    /// CO2 emitted per unit of product, tonnes.
    #[serde(default)]
    pub co2_t_per_unit: f64,
    /// Water used per unit of product, cubic metres.
    #[serde(default)]
    pub water_m3_per_unit: f64,
    /// Where output that no link takes is sold.
    pub unlinked_output: Destination,
    /// Export tax, percent of the value of what the stage exports (including by-products).
    #[serde(default)]
    pub export_tax_pct: f64,
    /// Export tax per unit of product exported, in the project currency.
    #[serde(default)]
    pub export_tax_per_unit: f64,
    /// Export ban: nothing of this stage's product may leave the country. Links to stages
    /// abroad carry nothing, and output that would have been exported is not made (see
    /// `docs/METHOD.md`, export ban).
    #[serde(default)]
    pub export_ban: bool,
    /// Energy tariff per megawatt-hour of the stage's energy use, in the project currency,
    /// charged as a domestic purchased input (0 = energy is costed in `purchased_inputs`).
    #[serde(default)]
    pub energy_tariff_per_mwh: f64,
    /// The stage's own fiscal regime (a processing zone, a negotiated agreement) instead of
    /// the project's. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal: Option<FiscalRegime>,
    /// Who owns the stage; unset: one domestic private owner. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<Ownership>,
    /// Debt financing of its capex; unset: none. Not written when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financing: Option<Financing>,
    /// False when the stage is switched off: it makes nothing, invests nothing, and its links
    /// carry nothing (stages it fed run without that feed).
    #[serde(default = "default_active")]
    pub active: bool,
    /// Source notes keyed by field name (e.g. `price_per_unit` → "LME 2025 average").
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Where the stage's box sits on the canvas.
    #[serde(default)]
    pub position: CanvasPos,
}

fn default_economic_life() -> u32 {
    20
}

fn default_active() -> bool {
    true
}

fn full_share() -> f64 {
    100.0
}

/// A flow of material from one stage to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Upstream stage.
    pub from: StageId,
    /// Downstream stage.
    pub to: StageId,
    /// Share of the upstream stage's output sent along this link, percent (0-100); 100 when
    /// left out (a link takes all of its stage's output unless it says otherwise).
    #[serde(default = "full_share")]
    pub share_pct: f64,
    /// Transport cost per unit of material moved, paid by the downstream stage.
    #[serde(default)]
    pub transport_cost_per_unit: f64,
}

impl Stage {
    /// A new stage of `kind` with neutral defaults, for the palette.
    pub fn new(id: StageId, kind: StageKind, first_production_year: i32) -> Self {
        let (product, unit) = match kind {
            StageKind::Mining => ("Ore", "t"),
            StageKind::Concentration => ("Concentrate", "t"),
            StageKind::Refining => ("Refined metal", "t"),
            StageKind::Manufacturing => ("Product", "t"),
            StageKind::Other => ("Output", "t"),
        };
        Self {
            id,
            name: kind.label().to_owned(),
            kind,
            location: Location::Domestic,
            product: product.to_owned(),
            unit: unit.to_owned(),
            capacity_per_year: 0.0,
            input_per_unit: if kind == StageKind::Mining { 0.0 } else { 1.0 },
            price_per_unit: 0.0,
            pricing: None,
            grade_recovery: None,
            purchased_inputs: Vec::new(),
            by_products: Vec::new(),
            wages_per_year: 0.0,
            jobs: 0.0,
            royalty_pct: 0.0,
            other_taxes_per_unit: 0.0,
            subsidies_per_year: 0.0,
            capex: 0.0,
            capex_imported_pct: 0.0,
            construction_years: 0,
            economic_life_years: default_economic_life(),
            first_production_year,
            ramp_up_years: 0,
            energy_mwh_per_unit: 0.0,
            co2_t_per_unit: 0.0,
            water_m3_per_unit: 0.0,
            unlinked_output: Destination::Export,
            export_tax_pct: 0.0,
            export_tax_per_unit: 0.0,
            export_ban: false,
            energy_tariff_per_mwh: 0.0,
            fiscal: None,
            ownership: None,
            financing: None,
            active: true,
            sources: BTreeMap::new(),
            position: CanvasPos::default(),
        }
    }
}

impl Stage {
    /// Metal grade of the stage's product, as a share of its mass (0-1): the one its grade
    /// and recovery state, else its pricing rule's metal content; `None` when neither says.
    pub fn product_grade(&self, deck: &PriceDeck) -> Option<f64> {
        self.grade_recovery
            .as_ref()
            .and_then(|gr| gr.product_grade_pct)
            .map(|pct| pct / 100.0)
            .or_else(|| self.pricing.as_ref()?.metal_content(&self.unit, deck))
    }

    /// Feed per unit of product from grade and recovery, when the stage states them: its
    /// product grade over the feed grade (its own, else that of `upstream`, the stage feeding
    /// it) times the recovery. `None` without grade and recovery or when a grade is unknown.
    pub fn input_from_grades(&self, upstream: Option<&Self>, deck: &PriceDeck) -> Option<f64> {
        let gr = self.grade_recovery.as_ref()?;
        let feed = match gr.feed_grade_pct {
            Some(pct) => pct / 100.0,
            None => upstream?.product_grade(deck)?,
        };
        gr.input_per_unit(self.product_grade(deck)?, feed)
    }
}
