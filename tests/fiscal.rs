//! Who gets the value, through the whole calculation: the identities of the split on random
//! projects, a project without any fiscal setting computing exactly as before, hand-checked
//! taxes, take and national income, and bad input refused with where and what to do.

mod common;

use common::assert_close;
use common::builders::{neutral_project, stage};
use proptest::prelude::*;
use uplift::calc::{Period, compute};
use uplift::model::Project;
use uplift::model::fiscal::{Financing, FiscalRegime, Ownership};
use uplift::model::generate::generate;
use uplift::model::scenario::{FiscalField, Param};
use uplift::model::validate::validate;

/// `project` with a regime, and owners and a loan on every other stage, from the drawn
/// numbers.
fn with_fiscal(mut project: Project, tax: f64, holiday: u32, foreign: f64, debt: f64) -> Project {
    project.fiscal = Some(FiscalRegime {
        income_tax_pct: tax,
        holiday_years: holiday,
        minimum_tax_pct: 1.25,
        dividend_withholding_pct: 10.0,
        interest_withholding_pct: 5.0,
        loss_offset_cap_pct: 50.0,
        province_royalty_pct: 100.0,
        province_tax_pct: 5.2,
        ..FiscalRegime::default()
    });
    for (index, stage) in project.stages.iter_mut().enumerate() {
        if index % 2 == 0 {
            stage.ownership = Some(Ownership {
                state_paid_pct: 30.0,
                state_carried_pct: 10.0,
                domestic_pct: 60.0 - foreign,
                foreign_pct: foreign,
                province_dividends_pct: 50.0,
                province_contributions_pct: 25.0,
            });
            stage.financing = Some(Financing {
                debt_pct: debt,
                interest_pct: 7.0,
                tenor_years: 12,
                grace_years: 3,
                foreign_pct: 80.0,
            });
        }
    }
    project
}

/// The size of the figures a year's identity adds up, for a tolerance relative to them.
fn magnitude(year: &uplift::calc::FiscalYear) -> f64 {
    year.fields()
        .iter()
        .map(|(_, value)| value.abs())
        .sum::<f64>()
        + 1.0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every year, of every stage and of the chain: the pre-tax cash flow is the
    /// government's, the owners' and the lenders' shares added up; national income is value
    /// added less the income paid abroad; and the accounts are those without the regime.
    #[test]
    fn the_split_adds_up_to_the_pre_tax_cash_flow(
        stages in 8usize..40,
        seed in 0u64..1000,
        tax in 0.0..40.0f64,
        holiday in 0u32..6,
        foreign in 0.0..60.0f64,
        debt in 0.0..80.0f64,
    ) {
        let plain = generate(stages, seed);
        let project = with_fiscal(plain.clone(), tax, holiday, foreign, debt);
        prop_assert!(validate(&project).iter().all(|p| !p.is_error()), "{:?}", validate(&project));
        let results = compute(&project).unwrap();
        let before = compute(&plain).unwrap();
        for index in 0..project.stages.len() {
            for year in results.stage_fiscal_years(index) {
                let scale = magnitude(&year);
                prop_assert!((year.shares_total() - year.pre_tax_cash_flow).abs() < 1e-9 * scale);
            }
            // The accounts do not depend on who is taxed or owns what.
            prop_assert_eq!(
                results.stage(index, Period::Horizon),
                before.stage(index, Period::Horizon)
            );
        }
        for (k, year) in results.national_fiscal_by_year().iter().enumerate() {
            let scale = magnitude(year);
            prop_assert!((year.shares_total() - year.pre_tax_cash_flow).abs() < 1e-9 * scale, "year {}", k);
        }
        prop_assert_eq!(results.national(Period::Horizon), before.national(Period::Horizon));
        let national = results.national(Period::Horizon).accounts;
        let fiscal = results.national_fiscal(Period::Horizon);
        prop_assert!((results.gni(Period::Horizon) - (national.value_added - fiscal.income_paid_abroad)).abs() < 1e-6 * (1.0 + national.value_added.abs()));
    }
}

#[test]
fn without_any_fiscal_setting_the_after_tax_figures_are_the_pre_tax_ones() {
    let project = generate(30, 2);
    let results = compute(&project).unwrap();
    assert_eq!(results.chain_after_tax(), &results.chain_investment);
    for stage in &results.stages {
        assert_eq!(stage.after_tax(), &stage.investment);
    }
    // Government revenue is then the accounts' public revenue (royalties and taxes less
    // subsidies), and no income leaves the country.
    let fiscal = results.national_fiscal(Period::Horizon);
    let accounts = results.national(Period::Horizon).accounts;
    assert_close(fiscal.government, accounts.public_revenue(), "government");
    assert_close(fiscal.income_paid_abroad, 0.0, "income abroad");
    assert_close(results.gni(Period::Horizon), accounts.value_added, "GNI");
}

/// One stage: 100 a year of output, 20 of wages, a royalty of 5%, capex 100 in 2030
/// depreciated over 10 years (tax: over 4), producing from 2030 to 2035.
fn one_stage() -> Project {
    let mut project = neutral_project("Fiscal", (2030, 2035), 1e9);
    let mut mine = stage("mine", 2030, 1.0, 100.0);
    mine.wages_per_year = 20.0;
    mine.royalty_pct = 5.0;
    mine.capex = 100.0;
    mine.economic_life_years = 10;
    project.stages = vec![mine];
    project
}

#[test]
fn income_tax_by_hand_with_a_holiday_and_a_tax_write_off() {
    let mut project = one_stage();
    project.fiscal = Some(FiscalRegime {
        income_tax_pct: 30.0,
        holiday_years: 1,
        ..FiscalRegime::default()
    });
    let results = compute(&project).unwrap();
    let years = results.stage_fiscal_years(0);
    // Operating surplus 100 - 20 - 5 - 10 = 65 a year; taxable 65 + 10 - 25 = 50 while the
    // capex is written off (2030-2033), 75 after. 2030 is in the holiday.
    assert_close(years[0].income_tax, 0.0, "2030, holiday");
    assert_close(years[1].income_tax, 15.0, "2031");
    assert_close(years[4].income_tax, 22.5, "2034");
    // Pre-tax cash flow: 100 - 20 - 100 capex in 2030, then 80 a year.
    assert_close(years[0].pre_tax_cash_flow, -20.0, "2030 pre-tax");
    assert_close(years[1].pre_tax_cash_flow, 80.0, "2031 pre-tax");
    assert_close(years[1].government, 5.0 + 15.0, "2031 government");
    assert_close(
        years[1].after_tax_cash_flow,
        80.0 - 5.0 - 15.0,
        "2031 after tax",
    );
    // Take over the horizon: (6 x 5 + 15 x 3 + 22.5 x 2) / (-20 + 5 x 80).
    let take = results.government_take(Period::Horizon).unwrap();
    assert_close(take, (30.0 + 45.0 + 45.0) / 380.0, "government take");
    // The same income tax rate moved as a parameter.
    let rate = Param::Fiscal(FiscalField::IncomeTaxPct);
    let mut higher = project.clone();
    rate.set(&mut higher, 40.0).unwrap();
    let higher = compute(&higher).unwrap();
    assert_close(
        higher.stage_fiscal_years(0)[1].income_tax,
        20.0,
        "2031 at 40%",
    );
}

#[test]
fn foreign_owners_and_lenders_take_income_and_foreign_exchange_abroad() {
    let mut project = one_stage();
    project.stages[0].ownership = Some(Ownership {
        state_paid_pct: 40.0,
        state_carried_pct: 10.0,
        domestic_pct: 0.0,
        foreign_pct: 50.0,
        ..Ownership::default()
    });
    project.stages[0].financing = Some(Financing {
        debt_pct: 50.0,
        interest_pct: 10.0,
        tenor_years: 4,
        grace_years: 2,
        foreign_pct: 100.0,
    });
    let results = compute(&project).unwrap();
    let years = results.stage_fiscal_years(0);
    // 50 drawn in 2030; 2030-2031 are the grace years (interest only: 0, then 5); then
    // 25 + 5 in 2032 and 25 + 2.5 in 2033.
    assert_close(years[0].drawdown, 50.0, "drawn");
    assert_close(years[1].interest, 5.0, "2031 interest");
    assert_close(years[1].principal, 0.0, "2031 repayment");
    assert_close(years[2].principal, 25.0, "2032 repayment");
    assert_close(years[3].interest, 2.5, "2033 interest");
    assert_close(years[3].principal, 25.0, "2033 repayment");
    // 2030: equity pays capex less the loan: -20 + 50 = +30 (a dividend: output was sold).
    // 2031: equity 80 - 5 royalty - 5 interest = 70, of which the state gets half.
    assert_close(years[1].equity_cash_flow, 70.0, "2031 equity");
    assert_close(years[1].state_equity, 35.0, "2031 state");
    assert_close(years[1].foreign_owners, 35.0, "2031 foreign owners");
    // Income paid abroad in 2031: half the after-tax profit (65 - 5 interest) and the interest.
    assert_close(
        years[1].income_paid_abroad,
        0.5 * 60.0 + 5.0,
        "2031 income abroad",
    );
    let gni = results.gni(Period::Year(2031));
    // Value added is the whole output (nothing is bought in): 100.
    assert_close(gni, 100.0 - 35.0, "2031 GNI");
    // FX kept: no trade here (sold at home), so only what owners and lenders move.
    assert_close(
        results.fx_kept(Period::Year(2031)),
        -(35.0 + 5.0),
        "2031 FX kept",
    );
}

#[test]
fn bad_fiscal_input_is_refused_with_where_and_what_to_do() {
    let refused = |project: &Project, key: &str, words: &str| {
        let problems = validate(project);
        assert!(
            problems
                .iter()
                .any(|p| p.is_error() && p.field == Some(key) && p.message.contains(words)),
            "{key}: {problems:?}"
        );
    };
    let mut shares = one_stage();
    shares.stages[0].ownership = Some(Ownership {
        state_paid_pct: 40.0,
        state_carried_pct: 10.0,
        domestic_pct: 0.0,
        foreign_pct: 40.0,
        ..Ownership::default()
    });
    refused(&shares, "ownership.foreign_pct", "add up to 90%");
    let mut holiday = one_stage();
    holiday.fiscal = Some(FiscalRegime {
        holiday_years: 50,
        ..FiscalRegime::default()
    });
    refused(&holiday, "fiscal.holiday_years", "longer than the horizon");
    let mut negative = one_stage();
    negative.fiscal = Some(FiscalRegime {
        income_tax_pct: -5.0,
        ..FiscalRegime::default()
    });
    refused(&negative, "fiscal.income_tax_pct", "negative");
    let mut tenor = one_stage();
    tenor.stages[0].financing = Some(Financing {
        debt_pct: 50.0,
        interest_pct: 8.0,
        tenor_years: 0,
        grace_years: 0,
        foreign_pct: 0.0,
    });
    refused(&tenor, "financing.tenor_years", "tenor of 0");
}

/// `one_stage` selling copper from the deck (USD `price`/t from 2030) as refined metal.
fn copper_stage(price: f64, capex: f64) -> Project {
    use uplift::model::pricing::{Commodity, MassUnit, MetalTerms, PricingRule};
    let mut project = one_stage();
    project.prices.insert(
        "copper".into(),
        Commodity::flat(MassUnit::Tonne, 2030, price, ""),
    );
    let mine = &mut project.stages[0];
    mine.unit = "t".into();
    mine.capex = capex;
    mine.pricing = Some(PricingRule::RefinedMetal(MetalTerms {
        commodity: "copper".into(),
        premium_per_unit: 0.0,
    }));
    project
}

#[test]
fn the_break_even_price_by_hand() {
    use uplift::analysis::break_even::{Outcome, break_even};
    // Without capex or income tax each year earns 0.95 p - 20 (5% royalty, wages 20): zero
    // at p = 20 / 0.95 = 21.0526..., whatever the discount rate.
    let found = break_even(&copper_stage(100.0, 0.0), "copper").expect("searches");
    let Outcome::At(level) = found.outcome else {
        panic!("{found:?}");
    };
    assert!((level - 20.0 / 0.95).abs() < 1e-4, "{level}");
    assert!((found.share_of_deck().expect("a share") - 0.210_526).abs() < 1e-5);
    // With capex and a 29% income tax the level found is where after-tax NPV is zero.
    let mut taxed = copper_stage(100.0, 100.0);
    taxed.fiscal = Some(FiscalRegime {
        income_tax_pct: 29.0,
        ..FiscalRegime::default()
    });
    let found = break_even(&taxed, "copper").expect("searches");
    let Outcome::At(level) = found.outcome else {
        panic!("{found:?}");
    };
    taxed
        .prices
        .get_mut("copper")
        .expect("copper")
        .set_level(level);
    let npv = compute(&taxed).expect("computes").chain_after_tax().npv;
    assert!(npv.abs() < 1e-3, "after-tax NPV {npv} at {level}");
    assert!(level > 20.0 / 0.95, "{level}");
    // A deck it cannot reach either way is said, and an unknown commodity refused.
    let rich = copper_stage(1e9, 0.0);
    let mut poor = copper_stage(1.0, 0.0);
    poor.stages[0].wages_per_year = 1e6;
    assert_eq!(
        break_even(&rich, "copper").expect("searches").outcome,
        Outcome::PositiveAtAnyPrice
    );
    assert_eq!(
        break_even(&poor, "copper").expect("searches").outcome,
        Outcome::NegativeAtAnyPrice
    );
    let missing = break_even(&rich, "coper").expect_err("no such commodity");
    assert!(missing.to_string().contains("copper"), "{missing}");
}

#[test]
fn a_sliding_royalty_follows_the_deck_price_band_by_band() {
    use uplift::model::fiscal::SlidingRoyalty;
    use uplift::model::pricing::PricePoint;
    // Copper from USD 4,000/t in 2030 to 10,000 in 2035 (1,200 a year): Zambia's scale gives
    // 5.5% (4,000), 6.5% (5,200), 7.5% (6,400), 8.5% (7,600 and 8,800) and 10% (10,000), on
    // the output of 1 t a year, instead of the stage's own 3%.
    let mut project = copper_stage(4_000.0, 0.0);
    project.stages[0].royalty_pct = 3.0;
    project.prices.get_mut("copper").unwrap().path = vec![
        PricePoint {
            year: 2030,
            price: 4_000.0,
        },
        PricePoint {
            year: 2035,
            price: 10_000.0,
        },
    ];
    project.fiscal = Some(FiscalRegime {
        sliding_royalty: Some(SlidingRoyalty::zambia_copper()),
        ..FiscalRegime::default()
    });
    let results = compute(&project).unwrap();
    let rates = [5.5, 6.5, 7.5, 8.5, 8.5, 10.0];
    for (k, rate) in rates.iter().enumerate() {
        let price = 4_000.0 + 1_200.0 * k as f64;
        let accounts = results.stage_year(0, k).unwrap();
        assert_close(
            accounts.royalties,
            price * rate / 100.0,
            &format!("year {k}"),
        );
    }
    // Without the scale the stage's own 3% applies.
    project.fiscal = None;
    let flat = compute(&project).unwrap().stage_year(0, 5).unwrap();
    assert_close(flat.royalties, 10_000.0 * 0.03, "flat");
}

#[test]
fn a_gross_royalty_is_levied_on_the_payable_metal_before_deductions() {
    use uplift::model::fiscal::RoyaltyBase;
    use uplift::model::pricing::{ConcentrateTerms, PricingRule};
    // 28% Cu, 96.5% payable with a 1-unit minimum deduction: 0.27 t payable a dry tonne, worth
    // 2,700 at USD 10,000/t; TC 80 and freight 60 per wet tonne at 9% moisture are deducted
    // from the NSR (2,700 - 80 - 65.934 = 2,554.066), not from a gross base. 5% royalty.
    let mut project = copper_stage(10_000.0, 0.0);
    let mut terms = ConcentrateTerms::typical("copper");
    terms.treatment_charge_per_dmt = 80.0;
    terms.freight_per_wmt = 60.0;
    project.stages[0].pricing = Some(PricingRule::Concentrate(terms));
    let nsr = compute(&project).unwrap().stage_year(0, 0).unwrap();
    let net = 2_700.0 - 80.0 - 60.0 / 0.91;
    assert_close(nsr.output_value, net, "NSR");
    assert_close(nsr.royalties, 0.05 * net, "royalty on the NSR");
    project.fiscal = Some(FiscalRegime {
        royalty_base: RoyaltyBase::Gross,
        ..FiscalRegime::default()
    });
    let gross = compute(&project).unwrap().stage_year(0, 0).unwrap();
    assert_close(gross.output_value, net, "the output value does not change");
    assert_close(
        gross.royalties,
        0.05 * 2_700.0,
        "royalty on the gross value",
    );
}

#[test]
fn a_sliding_royalty_on_a_commodity_the_deck_lacks_or_bands_out_of_order_is_refused() {
    use uplift::model::fiscal::{RoyaltyBand, SlidingRoyalty};
    let mut project = copper_stage(4_000.0, 0.0);
    let mut sliding = SlidingRoyalty::zambia_copper();
    sliding.commodity = "cobalt".into();
    sliding.bands.swap(1, 2);
    sliding.bands.push(RoyaltyBand {
        from_price: 20_000.0,
        rate_pct: 120.0,
    });
    project.fiscal = Some(FiscalRegime {
        sliding_royalty: Some(sliding),
        ..FiscalRegime::default()
    });
    let messages: Vec<String> = validate(&project)
        .into_iter()
        .filter(uplift::model::validate::Problem::is_error)
        .map(|p| p.message)
        .collect();
    let joined = messages.join("\n");
    assert!(
        joined.contains("'cobalt'") && joined.contains("copper"),
        "{joined}"
    );
    assert!(joined.contains("rising prices"), "{joined}");
    assert!(joined.contains("rate of 120%"), "{joined}");
}
