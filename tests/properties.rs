//! Property tests on random valid chains: the accounting identities hold, mass is conserved,
//! nothing is NaN, results do not depend on the order of stages, and files round-trip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use uplift::calc::{Period, Results, compute, compute_reusing};
use uplift::io::{project_from_json, project_from_ron, project_to_json, project_to_ron};
use uplift::model::{
    ByProduct, ByProductDestination, CarbonPricing, Destination, Link, Location, Project,
    PurchasedInput, Stage, StageId, StageKind,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// Whether `total` is the sum of `parts`, to the rounding of the largest of them: an identity
/// whose parts nearly cancel (depreciation of 3.4e9 against an operating surplus of -3.4e9
/// leave a value added of -1) can only be checked to the scale of its parts, not of its total.
fn adds_up(total: f64, parts: &[f64]) -> bool {
    let sum: f64 = parts.iter().sum();
    let scale = parts
        .iter()
        .fold(total.abs(), |scale, part| scale.max(part.abs()));
    (total - sum).abs() <= 1e-9 * (1.0 + scale)
}

prop_compose! {
    fn purchased_input()(cost in 0.0..500.0f64, imported in 0.0..=100.0f64) -> PurchasedInput {
        PurchasedInput { name: "input".into(), cost_per_unit: cost, imported_pct: imported }
    }
}

prop_compose! {
    fn by_product()(
        quantity in 0.0..2.0f64,
        price in 0.0..3000.0f64,
        destination in prop::sample::select(vec![
            ByProductDestination::FollowsProduct,
            ByProductDestination::Export,
            ByProductDestination::DomesticMarket,
        ]),
    ) -> ByProduct {
        ByProduct { name: "by-product".into(), unit: "oz".into(), quantity_per_unit: quantity, price, commodity: None, destination }
    }
}

prop_compose! {
    fn stage(index: usize)(
        kind in prop::sample::select(StageKind::ALL.to_vec()),
        abroad in prop::bool::weighted(0.2),
        capacity in 0.0..1e7f64,
        input_per_unit in 0.1..80.0f64,
        price in 0.0..20_000.0f64,
        inputs in prop::collection::vec(purchased_input(), 0..3),
        by_products in prop::collection::vec(by_product(), 0..2),
        wages in 0.0..1e8f64,
        jobs in 0.0..5000.0f64,
        royalty in 0.0..=10.0f64,
        taxes in 0.0..50.0f64,
        subsidies in 0.0..1e7f64,
        capex in 0.0..5e9f64,
        capex_imported in 0.0..=100.0f64,
        construction in 0u32..4,
        life in 1u32..40,
        first in 2024i32..2040,
        ramp in 0u32..5,
        export in any::<bool>(),
    ) -> Stage {
        let mut stage = Stage::new(StageId(format!("s{index}")), kind, first);
        stage.name = format!("Stage {index}");
        stage.location = if abroad { Location::Abroad } else { Location::Domestic };
        stage.capacity_per_year = capacity;
        stage.input_per_unit = input_per_unit;
        stage.price_per_unit = price;
        stage.purchased_inputs = inputs;
        stage.by_products = by_products;
        stage.wages_per_year = wages;
        stage.jobs = jobs;
        stage.royalty_pct = royalty;
        stage.other_taxes_per_unit = taxes;
        stage.subsidies_per_year = subsidies;
        stage.capex = capex;
        stage.capex_imported_pct = capex_imported;
        stage.construction_years = construction;
        stage.economic_life_years = life;
        stage.ramp_up_years = ramp;
        stage.unlinked_output = if export { Destination::Export } else { Destination::DomesticMarket };
        stage
    }
}

/// A random valid chain: links only go from a lower to a higher index (so there is no cycle),
/// and each stage's outgoing shares add up to at most 100%.
fn project() -> impl Strategy<Value = Project> {
    (1usize..8)
        .prop_flat_map(|count| {
            let stages: Vec<_> = (0..count).map(stage).collect();
            let pairs: Vec<(usize, usize)> = (0..count)
                .flat_map(|from| (from + 1..count).map(move |to| (from, to)))
                .collect();
            let pair_count = pairs.len();
            (
                stages,
                Just(pairs),
                prop::collection::vec((any::<bool>(), 0.0..=1.0f64, 0.0..40.0f64), pair_count),
                2030i32..2060,
            )
        })
        .prop_map(|(stages, pairs, choices, last_year)| {
            let mut project = Project::empty("Random chain", 2025);
            project.horizon.first_year = 2020;
            project.horizon.last_year = last_year;
            project.economy.gdp_base_year = 400e9;
            let mut remaining = vec![100.0; stages.len()];
            for ((from, to), (linked, fraction, transport)) in pairs.into_iter().zip(choices) {
                if linked {
                    let share = remaining[from] * fraction;
                    remaining[from] -= share;
                    project.links.push(Link {
                        from: stages[from].id.clone(),
                        to: stages[to].id.clone(),
                        share_pct: share,
                        transport_cost_per_unit: transport,
                    });
                }
            }
            project.stages = stages;
            project
        })
}

fn all_fields_finite(results: &Results) -> bool {
    results.stages.iter().enumerate().all(|(index, stage)| {
        results
            .stage_years(index)
            .all(|accounts| accounts.fields().iter().all(|(_, v)| v.is_finite()))
            && stage.investment.npv.is_finite()
    }) && results.chain_investment.npv.is_finite()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Sum of VA over all stages = value of what leaves the chain (sales to markets, by-products)
    /// - what the chain buys from outside (purchased inputs, transport), every year.
    #[test]
    fn value_added_sums_to_final_sales_minus_outside_purchases(project in project()) {
        let results = compute(&project).expect("generated projects are valid");
        for (year_index, _) in results.years.iter().enumerate() {
            let mut value_added = 0.0;
            let mut leaves = 0.0;
            let mut bought = 0.0;
            for (index, stage) in project.stages.iter().enumerate() {
                let a = results.stage_year(index, year_index).unwrap();
                value_added += a.value_added;
                leaves += a.sold_quantity * stage.price_per_unit + a.by_product_value;
                bought += a.purchased_inputs + a.transport_cost;
            }
            prop_assert!(adds_up(value_added, &[leaves, -bought]), "{value_added} vs {}", leaves - bought);
        }
    }

    /// VCA4D's identity (`docs/METHOD.md` 5.7): the value of what leaves the domestic chain is
    /// total value added plus direct and indirect imports, every year, whatever θ, with a
    /// carbon price as a domestic tax or a border adjustment, energy at a tariff, freight on
    /// feed from abroad and by-products of every destination; imports add up, and domestic
    /// capex is construction VA plus its imported content.
    #[test]
    fn final_output_is_total_value_added_plus_direct_and_indirect_imports(
        project in project(),
        theta in 0.0..=100.0f64,
        carbon in (0.0..200.0f64, any::<bool>(), 0.0..3.0f64),
        tariff in (0.0..4.0f64, 0.0..80.0f64),
    ) {
        let mut project = project;
        project.economy.domestic_va_content_pct = theta;
        project.policy.carbon_price_per_t_co2 = carbon.0;
        project.policy.carbon_pricing = if carbon.1 { CarbonPricing::BorderAdjustment } else { CarbonPricing::DomesticTax };
        for stage in &mut project.stages {
            stage.co2_t_per_unit = carbon.2;
            stage.energy_mwh_per_unit = tariff.0;
            stage.energy_tariff_per_mwh = tariff.1;
        }
        let results = compute(&project).expect("generated projects are valid");
        for &year in &results.years {
            let n = results.national(Period::Year(year)).accounts;
            let closed = [n.total_va(), n.direct_imports(), n.indirect_imports];
            prop_assert!(adds_up(n.final_output_value, &closed), "{year}: F {} vs {closed:?}", n.final_output_value);
            prop_assert!(adds_up(
                n.imports,
                &[n.direct_imports(), n.indirect_imports, n.capex_imported, n.construction_imports]
            ));
            prop_assert!(adds_up(n.capex, &[n.capex_imported, n.construction_va, n.construction_imports]));
            prop_assert!(adds_up(n.net_fx(), &[n.exports, -n.imports]));
        }
    }

    /// Every unit made is either used downstream or sold; every fed stage uses exactly its
    /// input per unit; no link carries more than it ships; no stage beats its capacity.
    #[test]
    fn mass_balance_holds_at_every_stage(project in project()) {
        let results = compute(&project).expect("generated projects are valid");
        for year_index in 0..results.years.len() {
            let carried = |index: usize| results.link_quantity(index, year_index).unwrap();
            for (index, stage) in project.stages.iter().enumerate() {
                let a = results.stage_year(index, year_index).unwrap();
                let delivered: f64 = project.links.iter().enumerate()
                    .filter(|(_, link)| link.from == stage.id)
                    .map(|(link, _)| carried(link))
                    .sum();
                let received: f64 = project.links.iter().enumerate()
                    .filter(|(_, link)| link.to == stage.id)
                    .map(|(link, _)| carried(link))
                    .sum();
                prop_assert!(close(a.quantity, delivered + a.sold_quantity), "stage {index}");
                prop_assert!(close(a.feed_used, received));
                let fed = project.links.iter().any(|link| link.to == stage.id);
                if fed {
                    prop_assert!(close(a.feed_used, a.quantity * stage.input_per_unit));
                }
                prop_assert!(a.quantity <= stage.capacity_per_year * (1.0 + 1e-12));
                prop_assert!(a.sold_quantity >= 0.0);
            }
            for (index, link) in project.links.iter().enumerate() {
                let upstream = project.stage_index(&link.from).unwrap();
                let shipped = results.stage_year(upstream, year_index).unwrap().quantity * link.share_pct / 100.0;
                prop_assert!(carried(index) <= shipped * (1.0 + 1e-12) + 1e-9);
            }
        }
    }

    /// VA is split exactly into wages, net taxes, depreciation and operating surplus, and the
    /// national view adds up the domestic stages.
    #[test]
    fn value_added_split_and_national_totals_add_up(project in project()) {
        let results = compute(&project).expect("generated projects are valid");
        prop_assert!(all_fields_finite(&results));
        let national = results.national(Period::Horizon);
        let mut domestic_va = Vec::new();
        for (index, stage) in results.stages.iter().enumerate() {
            let a = results.stage(index, Period::Horizon);
            prop_assert!(
                adds_up(a.value_added, &[a.wages, a.net_taxes(), a.depreciation, a.operating_surplus]),
                "stage {index}: VA {} wages {} net taxes {} depreciation {} operating surplus {}",
                a.value_added, a.wages, a.net_taxes(), a.depreciation, a.operating_surplus
            );
            prop_assert!(adds_up(a.value_added, &[a.output_value, -a.intermediate_consumption]));
            if stage.domestic {
                domestic_va.push(a.value_added);
            }
        }
        prop_assert!(adds_up(national.accounts.value_added, &domestic_va));
        // NPV is linear in the cash flows: the chain's is the sum of its domestic stages'.
        let stage_npvs: Vec<f64> = results
            .stages
            .iter()
            .filter(|stage| stage.domestic)
            .map(|stage| stage.investment.npv)
            .collect();
        prop_assert!(adds_up(results.chain_investment.npv, &stage_npvs));
        let yearly: Vec<f64> = results.years.iter().map(|&y| results.national(Period::Year(y)).accounts.value_added).collect();
        prop_assert!(adds_up(national.accounts.value_added, &yearly));
    }

    /// Reversing the stages and links in the file changes no stage's results.
    #[test]
    fn results_do_not_depend_on_stage_order(project in project()) {
        let results = compute(&project).expect("valid");
        let mut reordered = project.clone();
        reordered.stages.reverse();
        reordered.links.reverse();
        let reordered_results = compute(&reordered).expect("valid");
        for (index, stage) in results.stages.iter().enumerate() {
            let other = reordered_results.stages.iter().position(|s| s.id == stage.id).unwrap();
            for (a, b) in results.stage_years(index).zip(reordered_results.stage_years(other)) {
                for ((name, x), (_, y)) in a.fields().into_iter().zip(b.fields()) {
                    prop_assert!(close(x, y), "stage {index} field {name}: {x} vs {y}");
                }
            }
            prop_assert!(close(stage.investment.npv, reordered_results.stages[other].investment.npv));
        }
    }

    /// Recomputing from the results of another version of a project (which lend their
    /// memory, their chain's shape when the ids and links are the same, and the IRRs of cash
    /// flows that came out the same) gives exactly the results of a calculation from nothing.
    #[test]
    fn recomputing_after_an_edit_gives_the_results_from_nothing(
        project in project(),
        edit in 0usize..8,
        which in any::<prop::sample::Index>(),
        factor in 0.5..1.5f64,
    ) {
        let previous = compute(&project).expect("valid");
        let mut edited = project.clone();
        let stage = which.index(edited.stages.len());
        match edit {
            0 => edited.stages[stage].price_per_unit *= factor,
            1 => edited.stages[stage].active = !edited.stages[stage].active,
            2 => {
                edited.stages[stage].export_ban = !edited.stages[stage].export_ban;
                edited.stages[stage].unlinked_output = Destination::Export;
            }
            3 if !edited.links.is_empty() => {
                let link = which.index(edited.links.len());
                edited.links[link].share_pct *= factor.min(1.0);
            }
            4 => {
                // A stage renamed, with the links that name it.
                let old = edited.stages[stage].id.clone();
                let new = StageId(format!("{old}-renamed"));
                edited.stages[stage].id = new.clone();
                for link in &mut edited.links {
                    for end in [&mut link.from, &mut link.to] {
                        if *end == old {
                            *end = new.clone();
                        }
                    }
                }
            }
            5 if !edited.links.is_empty() => {
                edited.links.remove(which.index(edited.links.len()));
            }
            6 => edited.policy.carbon_price_per_t_co2 = 100.0 * factor,
            _ => edited.economy.discount_rate_pct *= factor,
        }
        let fresh = compute(&edited);
        prop_assert_eq!(compute_reusing(&edited, Some(previous)), fresh);
    }

    /// RON and JSON round trips give back exactly the same project.
    #[test]
    fn files_round_trip_losslessly(project in project()) {
        let ron_text = project_to_ron(&project).unwrap();
        prop_assert_eq!(&project_from_ron(&ron_text).unwrap(), &project);
        let json_text = project_to_json(&project).unwrap();
        prop_assert_eq!(&project_from_json(&json_text).unwrap(), &project);
        // Saving twice gives byte-identical files (stable for version control).
        prop_assert_eq!(project_to_ron(&project_from_ron(&ron_text).unwrap()).unwrap(), ron_text);
    }
}
