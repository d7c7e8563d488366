//! The price deck and pricing rules through the whole calculation: hand-checked prices, grade
//! and recovery, prices that move together, and bad input refused with where and what to do.

mod common;

use common::assert_close;
use common::builders::{link, neutral_project, stage};
use proptest::prelude::*;
use uplift::calc::compute;
use uplift::model::pricing::{
    Commodity, ConcentrateTerms, DeckInYear, FabricatedTerms, GradeRecovery, MassUnit, MetalTerms,
    PayableMetal, PricePoint, PricingRule,
};
use uplift::model::scenario::{Param, PricingField, StageField};
use uplift::model::validate::validate;
use uplift::model::{Project, StageKind};

/// Pounds in a tonne.
const LB_PER_T: f64 = 1000.0 / 0.453_592_37;

fn concentrate_terms() -> ConcentrateTerms {
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

/// Mine → concentrator (NSR, flotation 91% of 0.5% ore) → smelter (cathode at LME + 150,
/// 97.5% recovery of the concentrate's grade) → rod mill (0.999 t Cu/t + 400), 2026-2030,
/// copper falling from 10,000 (2026) to 9,000 (2030).
fn copper_chain() -> Project {
    let mut project = neutral_project("Deck", (2026, 2030), 1e12);
    project.prices.insert(
        "copper".into(),
        Commodity {
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
            ],
            source: "test path".into(),
        },
    );
    let mut mine = stage("mine", 2026, 10_000_000.0, 8.0);
    mine.kind = StageKind::Mining;
    let mut mill = stage("mill", 2026, 100_000.0, 0.0);
    mill.pricing = Some(PricingRule::Concentrate(concentrate_terms()));
    mill.grade_recovery = Some(GradeRecovery {
        feed_grade_pct: Some(0.5),
        recovery_pct: 91.0,
        product_grade_pct: None,
    });
    let mut smelter = stage("smelter", 2026, 20_000.0, 0.0);
    smelter.pricing = Some(PricingRule::RefinedMetal(MetalTerms {
        commodity: "copper".into(),
        premium_per_unit: 150.0,
    }));
    smelter.grade_recovery = Some(GradeRecovery {
        feed_grade_pct: None,
        recovery_pct: 97.5,
        product_grade_pct: None,
    });
    let mut rod = stage("rod", 2026, 5_000.0, 0.0);
    rod.input_per_unit = 1.0;
    rod.pricing = Some(PricingRule::Fabricated(FabricatedTerms {
        commodity: "copper".into(),
        metal_per_unit: 0.999,
        conversion_premium_per_unit: 400.0,
    }));
    project.stages = vec![mine, mill, smelter, rod];
    project.links = vec![
        link("mine", "mill", 100.0),
        link("mill", "smelter", 100.0),
        link("smelter", "rod", 100.0),
    ];
    project
}

fn copper_in(year: i32) -> f64 {
    10_000.0 - 250.0 * f64::from(year - 2026)
}

fn nsr(copper: f64) -> f64 {
    let payable = 0.28 * 0.965;
    payable * copper - 21.25 - payable * 0.02125 * LB_PER_T
}

#[test]
fn the_hand_checked_terms_price_a_concentrate_through_the_calculation() {
    let mut project = copper_chain();
    project.prices.get_mut("copper").unwrap().path = vec![PricePoint {
        year: 2026,
        price: 9_950.0,
    }];
    let results = compute(&project).unwrap();
    // 28% Cu, 96.5% payable, copper 9,950, TC 21.25/dmt, RC 2.125 c/lb: 2,654.58 per dmt.
    assert!((results.price(1, 0).unwrap() - 2654.58).abs() < 0.005);
    // Output value is quantity times that price.
    let mill = results.stage_year(1, 0).unwrap();
    assert_close(
        mill.product_value,
        mill.quantity * nsr(9_950.0),
        "mill output",
    );
}

#[test]
fn a_path_prices_every_year_and_grades_set_the_feed() {
    let project = copper_chain();
    let results = compute(&project).unwrap();
    for (k, year) in (2026..=2030).enumerate() {
        let copper = copper_in(year);
        assert_close(results.price(1, k).unwrap(), nsr(copper), "concentrate");
        assert_close(results.price(2, k).unwrap(), copper + 150.0, "cathode");
        assert_close(results.price(3, k).unwrap(), 0.999 * copper + 400.0, "rod");
        // The smelter pays the concentrate's price of that year for its feed.
        let smelter = results.stage_year(2, k).unwrap();
        assert_close(
            smelter.material_cost,
            smelter.feed_used * nsr(copper),
            "smelter feed",
        );
    }
    assert_close(
        results.input_per_unit(1).unwrap(),
        0.28 / (0.005 * 0.91),
        "ore per t of concentrate",
    );
    assert_close(
        results.input_per_unit(2).unwrap(),
        1.0 / (0.28 * 0.975),
        "concentrate per t of cathode",
    );
}

#[test]
fn one_copper_lever_moves_the_whole_chain_and_the_smelter_margin_follows_the_terms() {
    let project = copper_chain();
    let base = compute(&project).unwrap();
    let mut lower = project.clone();
    let copper = Param::Deck("copper".into());
    let level = copper.get(&lower).unwrap();
    copper.set(&mut lower, level * 0.8).unwrap();
    let moved = compute(&lower).unwrap();
    let feed = 1.0 / (0.28 * 0.975);
    for k in 0..5 {
        let price = copper_in(2026 + k as i32) * 0.8;
        assert_close(moved.price(1, k).unwrap(), nsr(price), "concentrate");
        assert_close(moved.price(2, k).unwrap(), price + 150.0, "cathode");
        assert_close(moved.price(3, k).unwrap(), 0.999 * price + 400.0, "rod");
        // The smelter's margin per t of cathode: cathode less the concentrate it takes.
        let margin = |results: &uplift::calc::Results| {
            results.price(2, k).unwrap() - feed * results.price(1, k).unwrap()
        };
        let by_hand = |copper: f64| copper + 150.0 - feed * nsr(copper);
        assert_close(
            margin(&base),
            by_hand(copper_in(2026 + k as i32)),
            "base margin",
        );
        assert_close(margin(&moved), by_hand(price), "margin at -20%");
    }
}

#[test]
fn gold_in_concentrate_is_paid_from_the_deck() {
    let mut project = copper_chain();
    project.prices.insert(
        "gold".into(),
        Commodity::flat(MassUnit::TroyOunce, 2026, 2_500.0, ""),
    );
    if let Some(PricingRule::Concentrate(terms)) = &mut project.stages[1].pricing {
        terms.by_metals.push(PayableMetal {
            commodity: "gold".into(),
            content_g_per_t: 10.0,
            payable_pct: 90.0,
            refining_charge_per_unit: 5.0,
        });
    }
    let results = compute(&project).unwrap();
    let gold = 10.0 / 31.103_476_8 * 0.9 * (2_500.0 - 5.0);
    assert_close(
        results.price(1, 0).unwrap(),
        nsr(10_000.0) + gold,
        "NSR with gold",
    );
}

#[test]
fn a_rule_field_is_a_parameter_like_any_other() {
    let project = copper_chain();
    let tc = Param::Stage(
        "mill".into(),
        StageField::Pricing(PricingField::TreatmentCharge),
    );
    assert_close(tc.get(&project).unwrap(), 21.25, "TC read");
    let mut free = project.clone();
    tc.set(&mut free, 0.0).unwrap();
    let results = compute(&free).unwrap();
    assert_close(results.price(1, 0).unwrap(), nsr(10_000.0) + 21.25, "TC 0");
    // A rule field of a stage without that rule is missing, not silently zero.
    let premium_of_mine = Param::Stage("mine".into(), StageField::Pricing(PricingField::Premium));
    assert!(premium_of_mine.get(&project).is_err());
}

fn refusal(project: &Project, key: &str) -> String {
    let problems = validate(project);
    let found = problems
        .iter()
        .find(|problem| problem.is_error() && problem.field == Some(key));
    assert!(found.is_some(), "no error on {key}: {problems:?}");
    found
        .map(|problem| problem.message.clone())
        .unwrap_or_default()
}

#[test]
fn bad_pricing_input_is_refused_with_where_and_what_to_do() {
    let base = copper_chain();
    assert!(
        validate(&base).iter().all(|p| !p.is_error()),
        "{:?}",
        validate(&base)
    );

    let mut missing = base.clone();
    missing.stages[2].pricing = Some(PricingRule::RefinedMetal(MetalTerms {
        commodity: "coper".into(),
        premium_per_unit: 0.0,
    }));
    let message = refusal(&missing, "pricing.commodity");
    assert!(
        message.contains("'coper'") && message.contains("copper"),
        "{message}"
    );

    let with_terms = |change: &dyn Fn(&mut ConcentrateTerms)| {
        let mut project = base.clone();
        if let Some(PricingRule::Concentrate(terms)) = &mut project.stages[1].pricing {
            change(terms);
        }
        project
    };
    assert!(refusal(&with_terms(&|t| t.grade_pct = 0.0), "pricing.grade_pct").contains("0%"));
    assert!(refusal(&with_terms(&|t| t.grade_pct = 120.0), "pricing.grade_pct").contains("100"));
    assert!(
        refusal(
            &with_terms(&|t| t.payable_pct = 101.0),
            "pricing.payable_pct"
        )
        .contains("100")
    );

    let mut outside = base.clone();
    outside.prices.get_mut("copper").unwrap().path[1].year = 2040;
    assert!(refusal(&outside, "prices.path.year").contains("outside the horizon"));
    let mut disorder = base.clone();
    disorder.prices.get_mut("copper").unwrap().path.reverse();
    assert!(refusal(&disorder, "prices.path.year").contains("increasing order"));

    let mut no_feed_grade = base;
    no_feed_grade.stages[1].pricing = None;
    no_feed_grade.stages[1].price_per_unit = 2_000.0;
    // The smelter takes its feed grade from the concentrate, which now states none.
    assert!(refusal(&no_feed_grade, "grade_recovery.feed_grade_pct").contains("feed grade"));
}

#[test]
fn a_project_without_a_deck_computes_exactly_as_typed() {
    let mut typed = copper_chain();
    typed.prices.clear();
    for stage in &mut typed.stages {
        stage.pricing = None;
        stage.grade_recovery = None;
        stage.price_per_unit = 1_000.0;
        stage.input_per_unit = if stage.id.0 == "mine" { 0.0 } else { 2.0 };
    }
    let results = compute(&typed).unwrap();
    for index in 0..4 {
        for k in 0..5 {
            assert_eq!(results.price(index, k), Some(1_000.0));
        }
        assert_eq!(
            results.input_per_unit(index),
            Some(typed.stages[index].input_per_unit)
        );
    }
}

proptest! {
    /// A deck price moved by x% moves every price that depends on it as its rule says: by
    /// the rule's coefficient times the change (a concentrate by its payable metal, cathode
    /// one for one, rod by its metal content); the charges stay where they were.
    #[test]
    fn a_deck_price_moves_each_rule_by_its_coefficient(
        grade in 10.0..40.0f64,
        payable in 90.0..98.0f64,
        tc in -50.0..100.0f64,
        rc in 0.0..0.1f64,
        moisture in 0.0..12.0f64,
        freight in 0.0..120.0f64,
        premium in -100.0..500.0f64,
        content in 0.9..1.0f64,
        copper in 5_000.0..12_000.0f64,
        change_pct in -50.0..50.0f64,
    ) {
        let terms = ConcentrateTerms {
            grade_pct: grade,
            payable_pct: payable,
            treatment_charge_per_dmt: tc,
            refining_charge: rc,
            moisture_pct: moisture,
            freight_per_wmt: freight,
            ..concentrate_terms()
        };
        let payable_t = grade / 100.0 * payable / 100.0;
        let rules = [
            (PricingRule::Concentrate(terms), payable_t),
            (PricingRule::RefinedMetal(MetalTerms { commodity: "copper".into(), premium_per_unit: premium }), 1.0),
            (PricingRule::Fabricated(FabricatedTerms { commodity: "copper".into(), metal_per_unit: content, conversion_premium_per_unit: premium }), content),
        ];
        let deck_at = |price: f64| {
            let mut deck = uplift::model::pricing::PriceDeck::new();
            deck.insert("copper".into(), Commodity::flat(MassUnit::Tonne, 2030, price, ""));
            deck
        };
        let moved = copper * (1.0 + change_pct / 100.0);
        for (rule, coefficient) in rules {
            let at = |price: f64| {
                let deck = deck_at(price);
                rule.build("t", &DeckInYear { deck: &deck, year: 2030 }).unwrap().price()
            };
            let expected = coefficient * (moved - copper);
            prop_assert!((at(moved) - at(copper) - expected).abs() < 1e-6 * (1.0 + expected.abs()));
        }
    }

    /// The calculation's yearly prices (an affine form read once per stage) are the rules'
    /// prices built term by term.
    #[test]
    fn the_calculation_prices_as_the_rules_build(
        tc in -50.0..100.0f64,
        premium in -100.0..500.0f64,
        start in 5_000.0..12_000.0f64,
        end in 5_000.0..12_000.0f64,
    ) {
        let mut project = copper_chain();
        project.prices.get_mut("copper").unwrap().path[0].price = start;
        project.prices.get_mut("copper").unwrap().path[1].price = end;
        if let Some(PricingRule::Concentrate(terms)) = &mut project.stages[1].pricing {
            terms.treatment_charge_per_dmt = tc;
        }
        if let Some(PricingRule::RefinedMetal(terms)) = &mut project.stages[2].pricing {
            terms.premium_per_unit = premium;
        }
        let results = compute(&project).unwrap();
        for (k, year) in (2026..=2030).enumerate() {
            for index in 1..4 {
                let rule = project.stages[index].pricing.as_ref().unwrap();
                let built = rule
                    .build("t", &DeckInYear { deck: &project.prices, year })
                    .unwrap()
                    .price();
                let computed = results.price(index, k).unwrap();
                prop_assert!((computed - built).abs() < 1e-9 * (1.0 + built.abs()), "{index} {year}: {computed} {built}");
            }
        }
    }
}

/// A mine whose ore nobody outside the chain buys (D14): it makes only what its mill takes,
/// all of its output offered to the mill whatever the link's share, and nothing in the years
/// before the mill runs, so no value added comes from ore nobody buys.
#[test]
fn ore_nobody_buys_is_not_made() {
    use uplift::model::Destination;
    let mut project = neutral_project("Unsold", (2026, 2028), 1e12);
    let mut mine = stage("mine", 2026, 100.0, 10.0);
    mine.unlinked_output = Destination::NotSold;
    let mut mill = stage("mill", 2027, 30.0, 100.0);
    mill.input_per_unit = 1.0;
    project.stages = vec![mine, mill];
    project.links = vec![link("mine", "mill", 50.0)];
    let results = compute(&project).unwrap();
    let mine_in = |k| results.stage_year(0, k).unwrap();
    // 2026: the mill is not built, so the mine makes nothing and adds no value.
    assert_close(mine_in(0).quantity, 0.0, "2026 ore");
    assert_close(mine_in(0).value_added, 0.0, "2026 VA");
    // 2027: the mill takes 30 t; the mine makes 30 t and sells none itself.
    assert_close(mine_in(1).quantity, 30.0, "2027 ore");
    assert_close(mine_in(1).sold_quantity, 0.0, "2027 sold");
    // A mill that can take 200 t takes all 100 t, although the link's share is 50%.
    project.stages[1].capacity_per_year = 200.0;
    let results = compute(&project).unwrap();
    assert_close(
        results.stage_year(0, 2).unwrap().quantity,
        100.0,
        "all ore to the mill",
    );
    assert_close(results.stage_year(1, 2).unwrap().quantity, 100.0, "mill");
    // Sold to the market instead, the same ore is made and sold in 2026 (today's D14).
    project.stages[0].unlinked_output = Destination::DomesticMarket;
    let results = compute(&project).unwrap();
    assert_close(
        results.stage_year(0, 0).unwrap().sold_quantity,
        100.0,
        "sold ore",
    );
}

#[test]
fn an_unsold_stage_without_links_is_warned_of() {
    use uplift::model::Destination;
    let mut project = neutral_project("Unsold", (2026, 2028), 1e12);
    let mut mine = stage("mine", 2026, 100.0, 10.0);
    mine.unlinked_output = Destination::NotSold;
    project.stages = vec![mine];
    let problems = validate(&project);
    assert!(
        problems
            .iter()
            .any(|p| !p.is_error() && p.message.contains("makes nothing")),
        "{problems:?}"
    );
}

/// The tornado moves each lever across its own range, so a lever whose value is 0 (an export
/// tax) appears too, and one copper lever moves the whole chain's prices.
#[test]
fn the_tornado_moves_levers_across_their_ranges() {
    use uplift::analysis::{Output, tornado, tornado_params};
    use uplift::model::scenario::Lever;
    let mut project = copper_chain();
    let export_tax = Param::Stage("mill".into(), StageField::ExportTaxPct);
    project.levers = vec![
        Lever {
            param: export_tax.clone(),
            min: 0.0,
            max: 20.0,
            step: None,
        },
        Lever {
            param: Param::Deck("copper".into()),
            min: 8_000.0,
            max: 12_000.0,
            step: None,
        },
    ];
    let params = tornado_params(&project);
    assert_eq!(params.len(), 2, "{params:?}");
    let result = tornado(&project, Output::TotalVa, 10.0, &params).unwrap();
    let tax = result
        .bars
        .iter()
        .find(|bar| bar.param == export_tax)
        .unwrap();
    assert!(tax.lever_range);
    assert_close(tax.value_low, 0.0, "tax low");
    assert_close(tax.value_high, 20.0, "tax high");
    let copper = result
        .bars
        .iter()
        .find(|bar| bar.param == Param::Deck("copper".into()))
        .unwrap();
    assert_close(copper.value_low, 8_000.0, "copper low");
    assert!(copper.output_high > copper.output_low);
}

#[test]
fn what_a_rule_leaves_unsaid_is_warned_of_or_refused() {
    use uplift::model::ByProduct;
    use uplift::model::scenario::Lever;
    let mut project = copper_chain();
    project.prices.insert(
        "gold".into(),
        Commodity::flat(MassUnit::TroyOunce, 2026, 2_500.0, ""),
    );
    if let Some(PricingRule::Concentrate(terms)) = &mut project.stages[1].pricing {
        terms.by_metals.push(PayableMetal {
            commodity: "gold".into(),
            content_g_per_t: 10.0,
            payable_pct: 90.0,
            refining_charge_per_unit: 5.0,
        });
    }
    // The smelter pays for the gold in its concentrate and sells none.
    let warned = |project: &Project, words: &str| {
        validate(project)
            .iter()
            .any(|p| !p.is_error() && p.message.contains(words))
    };
    assert!(warned(
        &project,
        "pays for the metal and never earns it back"
    ));
    project.stages[2].by_products.push(ByProduct {
        name: "Gold".into(),
        unit: "oz".into(),
        quantity_per_unit: 0.1,
        price: 0.0,
        commodity: Some("gold".into()),
        destination: uplift::model::ByProductDestination::FollowsProduct,
    });
    assert!(!warned(&project, "pays for the metal"));

    // A lever on the typed price of a rule-priced stage moves nothing: said, and left out of
    // the parameters a tornado or a scenario comparison goes through.
    project.levers.push(Lever {
        param: Param::Stage("smelter".into(), StageField::PricePerUnit),
        min: 0.0,
        max: 1.0,
        step: None,
    });
    assert!(warned(&project, "changes nothing"));
    project.levers.clear();
    assert!(
        !uplift::analysis::tornado_params(&project)
            .contains(&Param::Stage("smelter".into(), StageField::PricePerUnit))
    );

    // A missing by-metal commodity is named as the by-metal.
    project.prices.remove("gold");
    assert!(refusal(&project, "pricing.commodity").contains("Payable by-metal 1"));

    // A feed grade above 100% (a product holding more metal than its own mass) is refused.
    let mut heavy = copper_chain();
    heavy.stages[2].grade_recovery = None;
    heavy.stages[2].input_per_unit = 1.0;
    heavy.stages[3].grade_recovery = Some(GradeRecovery {
        feed_grade_pct: None,
        recovery_pct: 98.0,
        product_grade_pct: Some(99.0),
    });
    heavy.stages[2].pricing = Some(PricingRule::Fabricated(FabricatedTerms {
        commodity: "copper".into(),
        metal_per_unit: 1.17,
        conversion_premium_per_unit: 0.0,
    }));
    assert!(refusal(&heavy, "grade_recovery.feed_grade_pct").contains("above 100%"));
}
