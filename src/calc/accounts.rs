//! The 41 figures of a stage's accounts in a year ([`Accounts`]) and the one set of formulas
//! that works them out from the stage's flows and terms (`StageTerms::ledger_into`), at the
//! width of one year or of four side by side (`Ledger`). The calculation writes a stage's
//! figures or adds them straight into the national sums (`Entry`); readers of the results
//! work a year's accounts out again from the stored flows with the same function, so the two
//! can never disagree.

use serde::Serialize;

use crate::model::{CarbonPricing, Destination};

use super::lanes::{Figure, Lanes};
use super::prices::ByProductValues;
use super::terms::StageTerms;

/// Below this share of a stage's quantity, what its links leave unsold is a rounding residue
/// of the feed arithmetic, not a sale, and counts as none (`docs/METHOD.md` 3.5).
pub const SOLD_RESIDUE_SHARE: f64 = 1e-9;

/// Defines [`Accounts`] once, so the list of additive fields and the code that sums them can
/// never drift apart.
macro_rules! additive_accounts {
    ($( $(#[$doc:meta])* $field:ident ),* $(,)?) => {
        /// Flows of one stage (or of a set of stages) over one year or a period.
        /// Every field is additive: the accounts of a period are the sum of its years, and the
        /// national accounts are the sum of the domestic stages.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
        pub struct Accounts {
            $( $(#[$doc])* pub $field: f64, )*
        }

        impl Accounts {
            /// Adds every field of `other` to `self`.
            pub(crate) fn accumulate(&mut self, other: &Self) {
                $( self.$field += other.$field; )*
            }

            /// Every field with its name, in declaration order (for CSV and JSON reports).
            pub fn fields(&self) -> Vec<(&'static str, f64)> {
                vec![$( (stringify!($field), self.$field), )*]
            }
        }

        /// The fields of [`Accounts`] in one year (`F` = `f64`) or four ([`Lanes`]), as the
        /// one set of formulas ([`StageTerms::ledger`]) works them out.
        #[derive(Clone, Copy, Debug, Default)]
        pub(super) struct Ledger<F> {
            $( pub(super) $field: F, )*
        }

        impl From<Ledger<f64>> for Accounts {
            #[inline]
            fn from(ledger: Ledger<f64>) -> Self {
                Self { $( $field: ledger.$field, )* }
            }
        }

        impl Ledger<Lanes> {
            /// Adds every field of `other` to `self`, lane by lane (as [`Accounts::accumulate`]).
            #[inline]
            pub(super) fn accumulate(&mut self, other: &Self) {
                $( self.$field += other.$field; )*
            }

            /// The accounts of lane `lane`.
            #[inline]
            pub(super) fn lane(&self, lane: usize) -> Accounts {
                Accounts { $( $field: self.$field.0[lane], )* }
            }
        }
    };
}

additive_accounts! {
    /// Units of product made.
    quantity,
    /// Units of product the stage could have made at its scheduled utilisation.
    planned_quantity,
    /// Units of linked feed material consumed.
    feed_used,
    /// Units of product sold to the market (output no link takes, plus feed a downstream stage
    /// could not use).
    sold_quantity,
    /// Quantity x price.
    product_value,
    /// Value of by-product credits.
    by_product_value,
    /// Product value + by-product value - border carbon adjustment (which lowers the price
    /// the exporter receives).
    output_value,
    /// Feed bought from upstream stages, at their price.
    material_cost,
    /// Part of `material_cost` bought from stages abroad.
    material_from_abroad,
    /// Transport on feed received.
    transport_cost,
    /// Part of `transport_cost` on feed from stages abroad: freight bought abroad, an import
    /// of services.
    transport_from_abroad,
    /// Other purchased inputs.
    purchased_inputs,
    /// Imported part of the other purchased inputs.
    purchased_imported,
    /// Energy at the stage's energy tariff (a domestic purchased input).
    energy_cost,
    /// Border carbon adjustment charged abroad on the CO2 of exported output: it lowers the
    /// price the exporter receives, so it is deducted from output and exports.
    carbon_border_cost,
    /// Intermediate consumption: material + transport + purchased inputs + energy at the
    /// tariff.
    intermediate_consumption,
    /// Direct value added: output value - intermediate consumption.
    value_added,
    /// Wage bill.
    wages,
    /// Royalties.
    royalties,
    /// Other taxes on production.
    other_taxes,
    /// Export taxes (percent of export value and per unit exported).
    export_taxes,
    /// Domestic carbon tax.
    carbon_tax,
    /// Units of product exported (sold abroad or to stages abroad; domestic stages only).
    exported_quantity,
    /// Subsidies received.
    subsidies,
    /// Consumption of fixed capital: capex / economic life.
    depreciation,
    /// Net operating surplus: VA - wages - net taxes - depreciation.
    operating_surplus,
    /// Indirect value added in domestic suppliers of purchased inputs, energy and transport:
    /// θ x their value (domestic stages only).
    indirect_va,
    /// Indirect imports: the imported content of those domestic supplies, (1 - θ) x their
    /// value (domestic stages only).
    indirect_imports,
    /// Value of output leaving the domestic chain: sales to markets, by-products, and feed sold
    /// to stages abroad, less the border carbon adjustment (domestic stages only).
    final_output_value,
    /// Exports: product and by-products sold abroad, less the border carbon adjustment
    /// (domestic stages only).
    exports,
    /// Imports: imported inputs, feed and freight from stages abroad, indirect imports,
    /// imported capex and the imported content of domestic capex (domestic stages only).
    imports,
    /// Jobs (full-time equivalents).
    jobs,
    /// Investment spent.
    capex,
    /// Imported part of the investment.
    capex_imported,
    /// Construction value added: θ x domestic capex (capex - imported capex), in the
    /// contractors and suppliers building the plant (domestic stages only).
    construction_va,
    /// Imported content of domestic capex: (1 - θ) x domestic capex (domestic stages only).
    construction_imports,
    /// Construction jobs: domestic capex x jobs per million / 1,000,000 (domestic stages
    /// only), full-time equivalents in the year.
    construction_jobs,
    /// Cash flow: operating surplus + depreciation - capex.
    cash_flow,
    /// Energy used, megawatt-hours.
    energy_mwh,
    /// CO2 emitted, tonnes.
    co2_t,
    /// Water used, cubic metres.
    water_m3,
}

impl Accounts {
    /// Royalties + other taxes + export taxes + carbon tax - subsidies.
    pub fn net_taxes(&self) -> f64 {
        self.royalties + self.other_taxes + self.export_taxes + self.carbon_tax - self.subsidies
    }

    /// Public revenue: the net taxes (royalties + other taxes + export taxes + domestic
    /// carbon tax - subsidies).
    pub fn public_revenue(&self) -> f64 {
        self.net_taxes()
    }

    /// Direct + indirect value added.
    pub fn total_va(&self) -> f64 {
        self.value_added + self.indirect_va
    }

    /// Exports - imports.
    pub fn net_fx(&self) -> f64 {
        self.exports - self.imports
    }

    /// Direct imports of operation: imported purchased inputs, feed and freight from stages
    /// abroad (what VCA4D calls direct imports; imported capex is not among them).
    pub fn direct_imports(&self) -> f64 {
        self.purchased_imported + self.material_from_abroad + self.transport_from_abroad
    }

    /// Total VA / value of final output (VCA4D rate of integration), when there is output
    /// leaving the chain. A stage's own rate is its total VA over its own final output (what it
    /// sells outside the domestic chain): none for a stage that sells only to domestic stages.
    pub fn integration_rate(&self) -> Option<f64> {
        ratio(self.total_va(), self.final_output_value)
    }

    /// Output value / value of the feed it used: how many times the stage multiplies the value
    /// of the material it transforms. `None` for stages without feed.
    pub fn value_uplift(&self) -> Option<f64> {
        ratio(self.output_value, self.material_cost)
    }

    /// Output value - value of the feed used.
    pub fn value_uplift_absolute(&self) -> f64 {
        self.output_value - self.material_cost
    }
}

/// `numerator / denominator`, or `None` when the denominator is (nearly) zero.
pub(super) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator.abs() > f64::EPSILON).then(|| numerator / denominator)
}

/// What one stage moved in one year (`F` = `f64`) or four ([`Lanes`]): its utilisation and
/// output, and the feed and deliveries along its links. With the stage's [`StageTerms`],
/// every figure of its [`Accounts`] follows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct StageFlows<F> {
    pub(super) utilisation: F,
    pub(super) quantity: F,
    /// Feed used, summed over the inbound links.
    pub(super) feed_used: F,
    /// Feed used x its upstream price, summed over the inbound links.
    pub(super) material_cost: F,
    /// The part of `material_cost` bought from stages abroad.
    pub(super) material_from_abroad: F,
    /// Feed used x transport cost, summed over the inbound links.
    pub(super) transport_cost: F,
    /// The part of `transport_cost` on links from stages abroad.
    pub(super) transport_from_abroad: F,
    /// Output the downstream stages used, summed over the outbound links.
    pub(super) delivered: F,
    /// The part of `delivered` used by stages abroad.
    pub(super) delivered_abroad: F,
    /// Value of `delivered_abroad` at the stage's price, summed link by link.
    pub(super) sold_to_abroad_value: F,
    /// The stage's price per unit (typed, or from the deck in that year).
    pub(super) price: F,
    /// By-product value per unit of product by destination (typed, or from the deck in that
    /// year).
    pub(super) by_products: ByProductValues<F>,
    /// Royalty rate (0-1): the stage's royalty %, or its sliding scale's rate that year.
    pub(super) royalty_rate: F,
    /// What a gross royalty base adds to the output value per unit of product (0 on the net
    /// smelter return).
    pub(super) royalty_base_extra_per_unit: F,
}

impl StageFlows<Lanes> {
    /// The flows of lane `lane`.
    #[inline]
    pub(super) fn lane(&self, lane: usize) -> StageFlows<f64> {
        StageFlows {
            utilisation: self.utilisation.0[lane],
            quantity: self.quantity.0[lane],
            feed_used: self.feed_used.0[lane],
            material_cost: self.material_cost.0[lane],
            material_from_abroad: self.material_from_abroad.0[lane],
            transport_cost: self.transport_cost.0[lane],
            transport_from_abroad: self.transport_from_abroad.0[lane],
            delivered: self.delivered.0[lane],
            delivered_abroad: self.delivered_abroad.0[lane],
            sold_to_abroad_value: self.sold_to_abroad_value.0[lane],
            price: self.price.0[lane],
            by_products: ByProductValues {
                follows: self.by_products.follows.0[lane],
                exported: self.by_products.exported.0[lane],
                at_home: self.by_products.at_home.0[lane],
            },
            royalty_rate: self.royalty_rate.0[lane],
            royalty_base_extra_per_unit: self.royalty_base_extra_per_unit.0[lane],
        }
    }
}

/// How [`StageTerms::ledger_into`] enters a figure into its ledger.
pub(super) trait Entry {
    fn enter<F: Figure>(slot: &mut F, value: F);
}

/// Writes each figure over what the ledger held (one stage's accounts).
pub(super) struct Write;

impl Entry for Write {
    #[inline]
    fn enter<F: Figure>(slot: &mut F, value: F) {
        *slot = value;
    }
}

/// Adds each figure to what the ledger held (the national sums).
pub(super) struct Add;

impl Entry for Add {
    #[inline]
    fn enter<F: Figure>(slot: &mut F, value: F) {
        *slot = *slot + value;
    }
}

impl StageTerms {
    /// The accounts of `year` from that year's flows.
    pub(super) fn accounts(&self, flows: &StageFlows<f64>, year: i32) -> Accounts {
        if !self.plan.active {
            // A switched-off stage makes, spends and invests nothing.
            return Accounts::default();
        }
        let schedule = &self.schedule;
        self.ledger(
            flows,
            schedule.capex_in(year),
            schedule.depreciation_in(year),
        )
        .into()
    }

    /// The accounts of an active stage in one year, or four side by side, from their flows,
    /// capex and depreciation: every formula of `docs/METHOD.md` sections 4-7 and 14, in the
    /// same order of operations at either width.
    #[inline]
    pub(super) fn ledger<F: Figure>(
        &self,
        flows: &StageFlows<F>,
        capex: F,
        depreciation: F,
    ) -> Ledger<F> {
        let mut ledger = Ledger::default();
        let _ = self.ledger_into::<F, Write>(flows, capex, depreciation, &mut ledger);
        ledger
    }

    /// [`StageTerms::ledger`], each figure entered into `out` by `E` (written, or added to a
    /// sum) as soon as it is worked out; returns the cash flow and the figures the fiscal
    /// split reads ([`Kept`]). Entering each figure where it
    /// is made keeps few of the 41 alive at once, so at width 4 they stay in registers rather
    /// than going to memory and back before being summed.
    #[expect(
        clippy::inline_always,
        reason = "inlined into the loop that sums the national accounts, the sums are added as the figures are made"
    )]
    #[inline(always)]
    pub(super) fn ledger_into<F: Figure, E: Entry>(
        &self,
        flows: &StageFlows<F>,
        capex: F,
        depreciation: F,
        out: &mut Ledger<F>,
    ) -> Kept<F> {
        let domestic = self.domestic;
        let zero = F::default();
        let StageFlows {
            utilisation,
            quantity,
            feed_used,
            material_cost,
            material_from_abroad,
            transport_cost,
            transport_from_abroad,
            delivered,
            price,
            by_products,
            royalty_rate,
            royalty_base_extra_per_unit,
            ..
        } = *flows;
        E::enter(&mut out.quantity, quantity);
        E::enter(&mut out.planned_quantity, utilisation * self.plan.capacity);
        E::enter(&mut out.feed_used, feed_used);
        E::enter(&mut out.material_cost, material_cost);
        E::enter(&mut out.material_from_abroad, material_from_abroad);
        E::enter(&mut out.transport_cost, transport_cost);
        E::enter(&mut out.transport_from_abroad, transport_from_abroad);
        E::enter(&mut out.jobs, quantity * self.jobs_per_unit);
        E::enter(&mut out.energy_mwh, quantity * self.energy_mwh_per_unit);
        E::enter(&mut out.co2_t, quantity * self.co2_t_per_unit);
        E::enter(&mut out.water_m3, quantity * self.water_m3_per_unit);
        E::enter(&mut out.capex, capex);
        E::enter(&mut out.depreciation, depreciation);

        let product_value = quantity * price;
        E::enter(&mut out.product_value, product_value);
        let by_product_value =
            quantity * (by_products.follows + by_products.exported + by_products.at_home);
        E::enter(&mut out.by_product_value, by_product_value);
        // Whatever no link uses is sold by this stage: nothing vanishes. A remainder within
        // rounding of the quantity is a residue of the feed arithmetic, not a sale.
        let sold_quantity = (quantity - delivered).above_or_zero(quantity * SOLD_RESIDUE_SHARE);
        E::enter(&mut out.sold_quantity, sold_quantity);

        let purchased_inputs = quantity * self.inputs_per_unit;
        E::enter(&mut out.purchased_inputs, purchased_inputs);
        let purchased_imported = quantity * self.imported_inputs_per_unit;
        E::enter(&mut out.purchased_imported, purchased_imported);
        let energy_cost = quantity * self.energy_mwh_per_unit * self.energy_tariff_per_mwh;
        E::enter(&mut out.energy_cost, energy_cost);
        let trade = self.trade(flows, sold_quantity);
        E::enter(&mut out.exported_quantity, trade.exported_quantity);
        E::enter(&mut out.carbon_border_cost, trade.carbon_border_cost);
        // The border adjustment lowers the price the exporter receives (D20).
        let output_value = product_value + by_product_value - trade.carbon_border_cost;
        E::enter(&mut out.output_value, output_value);
        let intermediate_consumption =
            material_cost + transport_cost + purchased_inputs + energy_cost;
        E::enter(&mut out.intermediate_consumption, intermediate_consumption);
        let value_added = output_value - intermediate_consumption;
        E::enter(&mut out.value_added, value_added);

        let wages = quantity * self.wages_per_unit;
        E::enter(&mut out.wages, wages);
        // On the output value (net smelter return), or on the gross value of the payable
        // metals: what a gross base adds is 0 on the net smelter return, so the sum is the
        // output value itself there.
        let royalties = (output_value + quantity * royalty_base_extra_per_unit) * royalty_rate;
        E::enter(&mut out.royalties, royalties);
        let other_taxes = quantity * self.other_taxes_per_unit;
        E::enter(&mut out.other_taxes, other_taxes);
        let subsidies = quantity.where_positive(F::splat(self.subsidies_per_year));
        E::enter(&mut out.subsidies, subsidies);
        let (export_taxes, carbon_tax) = if domestic {
            (
                trade.exports * self.export_tax_rate
                    + trade.exported_quantity * self.export_tax_per_unit,
                if self.carbon_pricing == CarbonPricing::DomesticTax {
                    quantity * self.carbon_price * self.co2_t_per_unit
                } else {
                    zero
                },
            )
        } else {
            (zero, zero)
        };
        E::enter(&mut out.export_taxes, export_taxes);
        E::enter(&mut out.carbon_tax, carbon_tax);
        // As `Accounts::net_taxes`, term for term.
        let net_taxes = royalties + other_taxes + export_taxes + carbon_tax - subsidies;
        let operating_surplus = value_added - wages - net_taxes - depreciation;
        E::enter(&mut out.operating_surplus, operating_surplus);
        let cash_flow = operating_surplus + depreciation - capex;
        E::enter(&mut out.cash_flow, cash_flow);
        let capex_imported = capex * self.capex_imported_rate;
        E::enter(&mut out.capex_imported, capex_imported);

        if domestic {
            // Domestically supplied: θ of their value is VA at home, the rest imported content.
            let domestic_inputs = purchased_inputs - purchased_imported
                + (transport_cost - transport_from_abroad)
                + energy_cost;
            let indirect_va = domestic_inputs * self.va_content_rate;
            let indirect_imports = domestic_inputs - indirect_va;
            let domestic_capex = capex - capex_imported;
            let construction_va = domestic_capex * self.va_content_rate;
            let construction_imports = domestic_capex - construction_va;
            E::enter(&mut out.indirect_va, indirect_va);
            E::enter(&mut out.indirect_imports, indirect_imports);
            E::enter(&mut out.construction_va, construction_va);
            E::enter(&mut out.construction_imports, construction_imports);
            E::enter(
                &mut out.construction_jobs,
                domestic_capex * self.construction_jobs_per_capex,
            );
            E::enter(&mut out.final_output_value, trade.final_output_value);
            E::enter(&mut out.exports, trade.exports);
            E::enter(
                &mut out.imports,
                purchased_imported
                    + material_from_abroad
                    + transport_from_abroad
                    + indirect_imports
                    + capex_imported
                    + construction_imports,
            );
        } else {
            for slot in [
                &mut out.indirect_va,
                &mut out.indirect_imports,
                &mut out.construction_va,
                &mut out.construction_imports,
                &mut out.construction_jobs,
                &mut out.final_output_value,
                &mut out.exports,
                &mut out.imports,
            ] {
                E::enter(slot, zero);
            }
        }
        Kept {
            cash_flow,
            capex,
            royalties,
            other_net_taxes: other_taxes + export_taxes + carbon_tax - subsidies,
            operating_surplus,
            depreciation,
            output_value,
        }
    }

    /// What a stage sells abroad and outside the chain in a year, given what it sells to the
    /// market (`sold_quantity`): the units exported, the border carbon adjustment on them, the
    /// value of exports (product and by-products) and of final output, both net of that
    /// adjustment (`docs/METHOD.md` 5.4, 5.7, 14.5). All 0 for a stage abroad, whose trade is
    /// not the country's (D11).
    #[expect(
        clippy::inline_always,
        reason = "part of the loop that sums the national accounts, like `ledger_into`"
    )]
    #[inline(always)]
    fn trade<F: Figure>(&self, flows: &StageFlows<F>, sold_quantity: F) -> Trade<F> {
        let zero = F::default();
        if !self.domestic {
            return Trade::default();
        }
        let StageFlows {
            quantity,
            delivered_abroad,
            sold_to_abroad_value,
            price,
            by_products,
            ..
        } = *flows;
        let exports_unlinked = self.unlinked == Destination::Export;
        // What it delivers abroad, plus its market sales when they are exported.
        let exported_quantity = delivered_abroad
            + if exports_unlinked {
                sold_quantity
            } else {
                zero
            };
        // Charged on the CO2 of the exported units, in years it produces.
        let carbon_border_cost = if self.carbon_pricing == CarbonPricing::BorderAdjustment {
            quantity.where_positive(exported_quantity * (self.carbon_price * self.co2_t_per_unit))
        } else {
            zero
        };
        // By-products that follow the product leave with its exported units; the others go
        // where they are sold whatever the product does (D5).
        let by_products_exported =
            exported_quantity * by_products.follows + quantity * by_products.exported;
        let market_sales = sold_quantity * price;
        let products_exported =
            sold_to_abroad_value + if exports_unlinked { market_sales } else { zero };
        let by_product_value =
            quantity * (by_products.follows + by_products.exported + by_products.at_home);
        Trade {
            exported_quantity,
            carbon_border_cost,
            exports: products_exported + by_products_exported - carbon_border_cost,
            final_output_value: market_sales + by_product_value + sold_to_abroad_value
                - carbon_border_cost,
        }
    }
}

/// What [`StageTerms::trade`] works out.
#[derive(Clone, Copy, Debug, Default)]
struct Trade<F> {
    exported_quantity: F,
    carbon_border_cost: F,
    exports: F,
    final_output_value: F,
}

impl Kept<Lanes> {
    /// The figures of lane `lane`.
    #[inline]
    pub(super) fn lane(&self, lane: usize) -> Kept<f64> {
        Kept {
            cash_flow: self.cash_flow.0[lane],
            capex: self.capex.0[lane],
            royalties: self.royalties.0[lane],
            other_net_taxes: self.other_net_taxes.0[lane],
            operating_surplus: self.operating_surplus.0[lane],
            depreciation: self.depreciation.0[lane],
            output_value: self.output_value.0[lane],
        }
    }
}

impl From<&Accounts> for Kept<f64> {
    /// The figures of a year's accounts, as the ledger would have handed them back.
    fn from(a: &Accounts) -> Self {
        Self {
            capex: a.capex,
            cash_flow: a.cash_flow,
            royalties: a.royalties,
            other_net_taxes: a.other_taxes + a.export_taxes + a.carbon_tax - a.subsidies,
            operating_surplus: a.operating_surplus,
            depreciation: a.depreciation,
            output_value: a.output_value,
        }
    }
}

/// The figures of a stage's year that [`StageTerms::ledger_into`] hands back besides entering
/// them: its cash flow, and what the fiscal split reads (`calc/split.rs`), so that a taxed
/// stage's figures are added to the national sums in registers like any other's.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Kept<F> {
    pub(super) cash_flow: F,
    pub(super) capex: F,
    pub(super) royalties: F,
    /// Other taxes + export taxes + domestic carbon tax − subsidies.
    pub(super) other_net_taxes: F,
    pub(super) operating_surplus: F,
    pub(super) depreciation: F,
    pub(super) output_value: F,
}
