//! Readable numbers for people: thousands separators, k/M/bn with the currency, percentages.
//! Used by the table report and the window alike, so a figure reads the same everywhere.

use crate::model::Currency;
use crate::model::params::Difference;

/// How money is shown: which currency and the rate from the project's base currency.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyDisplay {
    /// Code printed after the amount, e.g. "USD" or "PKR".
    pub code: String,
    /// Multiplier from base-currency amounts to displayed amounts.
    pub rate: f64,
}

impl MoneyDisplay {
    /// Figures in the project's base currency.
    pub fn base(currency: &Currency) -> Self {
        Self {
            code: currency.money_unit().to_owned(),
            rate: 1.0,
        }
    }

    /// Figures in the local display currency when the project has one, else the base currency.
    pub fn local_or_base(currency: &Currency) -> Self {
        match &currency.local {
            Some(local) if local.per_base_unit.is_finite() && local.per_base_unit > 0.0 => Self {
                code: local.code.clone(),
                rate: local.per_base_unit,
            },
            _ => Self::base(currency),
        }
    }

    /// An amount in the base currency, shortened with k/M/bn: "USD 1.23 bn".
    pub fn short(&self, amount_in_base: f64) -> String {
        format!("{} {}", self.code, short_number(amount_in_base * self.rate))
    }

    /// An amount in full with thousands separators: "USD 1,234,567".
    pub fn full(&self, amount_in_base: f64) -> String {
        format!("{} {}", self.code, thousands(amount_in_base * self.rate, 0))
    }
}

/// A money unit as snake-case column names end with it: "USD" → "usd", "million XOF" →
/// "`million_xof`".
pub fn unit_in_column(unit: &str) -> String {
    unit.trim().to_lowercase().replace(char::is_whitespace, "_")
}

/// `value` with thousands separators and `decimals` decimals: 1234567.8 → "1,234,567.8".
pub fn thousands(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `value` in full, with thousands separators and the decimals it has (to 12 significant
/// figures, as the CSVs write it): 45000000 → "45,000,000", 2.68 → "2.68".
pub fn thousands_exact(value: f64) -> String {
    let plain = super::csv_cell::number(value);
    let decimals = plain
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    thousands(value, decimals)
}

/// A parameter's value with its unit, with decimals only where they matter: "10%",
/// "2,650 USD per t", "0.35", and a small value to four significant figures ("0.02125
/// USD/lb payable", not "0.02").
pub fn value_with_unit(value: f64, unit: &str) -> String {
    let magnitude = value.abs();
    let number = if magnitude >= 100.0 || value.fract() == 0.0 {
        thousands(value, 0)
    } else if magnitude >= 1.0 {
        thousands(value, 2)
    } else {
        // Four significant figures, trailing zeros dropped down to two decimals.
        let decimals = (3 - magnitude.log10().floor() as i32).clamp(2, 12) as usize;
        let mut text = thousands(value, decimals);
        let point = text.find('.').unwrap_or(text.len());
        while text.len() > point + 3 && text.ends_with('0') {
            text.pop();
        }
        text
    };
    match unit {
        "" => number,
        "%" => format!("{number}%"),
        _ => format!("{number} {unit}"),
    }
}

/// A scenario's difference from the base, its two values as people read them: a stage
/// switched "on" or "off", a parameter by [`value_with_unit`].
pub fn difference_values(difference: &Difference) -> [String; 2] {
    [difference.base, difference.scenario].map(|value| match difference.param {
        None => if value > 0.5 { "on" } else { "off" }.to_owned(),
        Some(_) => value_with_unit(value, &difference.unit),
    })
}

/// A number shortened with k, M or bn and three significant figures: `1_234_567.0` → "1.23 M".
pub fn short_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Round to three significant figures first, so 999,700 reads "1.00 M", not "1,000 k".
    let value = round_significant(value, 3);
    let magnitude = value.abs();
    // Under ten thousand a number reads best in full: "1,000 jobs", not "1.00 k".
    if (1e3..1e4).contains(&magnitude) {
        return thousands(value, 0);
    }
    let (scaled, suffix) = if magnitude >= 1e12 {
        (value / 1e12, " tn")
    } else if magnitude >= 1e9 {
        (value / 1e9, " bn")
    } else if magnitude >= 1e6 {
        (value / 1e6, " M")
    } else if magnitude >= 1e3 {
        (value / 1e3, " k")
    } else {
        (value, "")
    };
    let scaled_magnitude = scaled.abs();
    let decimals = if scaled_magnitude >= 100.0 || (suffix.is_empty() && scaled.fract() == 0.0) {
        0
    } else if scaled_magnitude >= 10.0 {
        1
    } else {
        2
    };
    format!("{}{suffix}", thousands(scaled, decimals))
}

/// `value` rounded to `digits` significant figures.
fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let exponent = digits - 1 - value.abs().log10().floor() as i32;
    let scale = 10f64.powi(exponent);
    (value * scale).round() / scale
}

/// A quantity with its unit, shortened: "45.0 Mt", "1,250 FTE".
pub fn quantity(value: f64, unit: &str) -> String {
    let short = short_number(value);
    // Tonnes take the SI prefixes readers know: "45.0 Mt", "12.5 kt", not "45.0 M t".
    if unit == "t" {
        for (suffix, prefixed) in [(" k", " kt"), (" M", " Mt")] {
            if let Some(number) = short.strip_suffix(suffix) {
                return format!("{number}{prefixed}");
            }
        }
    }
    if unit.is_empty() {
        short
    } else {
        format!("{short} {unit}")
    }
}

/// `text` as print writes it: the words "CO2" and "m3" (and "m2") with their sub- and
/// superscripts, "CO₂", "m³", "m²". The catalogue's labels are typed plainly so they can be
/// searched and typed; exports and charts show them as a report would. Only whole words
/// change ("m3" in "Zm30" stays).
pub fn printed_symbols(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(match word.as_str() {
            "CO2" => "CO₂",
            "m3" => "m³",
            "m2" => "m²",
            other => other,
        });
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A fraction as a percentage with enough decimals for small shares of GDP:
/// 0.0123 → "1.23%", 0.000045 → "0.0045%".
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_owned();
    }
    let pct = fraction * 100.0;
    let magnitude = pct.abs();
    let decimals = if magnitude == 0.0 || magnitude >= 10.0 {
        1
    } else if magnitude >= 0.1 {
        2
    } else if magnitude >= 0.001 {
        4
    } else {
        6
    };
    format!("{pct:.decimals$}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A switched stage reads "off" and "on", a share "10%", a price with its unit; the
    /// report, the window and the command line all show a difference this way.
    #[test]
    fn differences_read_as_switches_and_values_with_units() {
        use crate::model::params::Param;
        let switch = Difference {
            label: "Smelter: switched on".to_owned(),
            unit: String::new(),
            param: None,
            base: 0.0,
            scenario: 1.0,
        };
        assert_eq!(difference_values(&switch), ["off", "on"]);
        let tax = Difference {
            label: "Concentrator: export tax".to_owned(),
            unit: "%".to_owned(),
            param: Some(Param::Deck("copper".to_owned())),
            base: 0.0,
            scenario: 10.0,
        };
        assert_eq!(difference_values(&tax), ["0%", "10%"]);
        assert_eq!(value_with_unit(2_650.5, "USD per t"), "2,650 USD per t");
        assert_eq!(value_with_unit(2.68, ""), "2.68");
        assert_eq!(
            value_with_unit(0.02125, "USD/lb payable"),
            "0.02125 USD/lb payable"
        );
        assert_eq!(value_with_unit(0.35, ""), "0.35");
        assert_eq!(value_with_unit(0.5, ""), "0.50");
        assert_eq!(thousands_exact(45_000_000.0), "45,000,000");
        assert_eq!(thousands_exact(0.125), "0.125");
    }

    #[test]
    fn printed_symbols_subscript_co2_and_superscript_cubic_metres() {
        assert_eq!(printed_symbols("CO2"), "CO₂");
        assert_eq!(printed_symbols("t CO2 per m3 (m2)"), "t CO₂ per m³ (m²)");
        assert_eq!(
            printed_symbols("CO2e Zm30 m3x"),
            "CO2e Zm30 m3x",
            "whole words only"
        );
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(1_234_567.0, 0), "1,234,567");
        assert_eq!(thousands(-1_234.5, 1), "-1,234.5");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(0.0, 2), "0.00");
        assert_eq!(thousands(-0.0001, 0), "0");
    }

    #[test]
    fn short_numbers_use_suffixes() {
        assert_eq!(short_number(1_234_567.0), "1.23 M");
        assert_eq!(short_number(410.96e9), "411 bn");
        assert_eq!(short_number(-25_500.0), "-25.5 k");
        assert_eq!(short_number(42.0), "42");
        assert_eq!(short_number(2.5), "2.50");
        assert_eq!(short_number(9_999_500.0), "10.0 M");
        assert_eq!(short_number(999_700.0), "1.00 M");
        assert_eq!(short_number(1_000.0), "1,000");
        assert_eq!(short_number(-5_314.0), "-5,310");
        assert_eq!(short_number(10_000.0), "10.0 k");
    }

    #[test]
    fn quantities_of_tonnes_take_si_prefixes() {
        assert_eq!(quantity(5_310.0, "t"), "5,310 t");
        assert_eq!(quantity(45e6, "t"), "45.0 Mt");
        assert_eq!(quantity(12_500.0, "t"), "12.5 kt");
        assert_eq!(quantity(1_000.0, "FTE"), "1,000 FTE");
        assert_eq!(quantity(2e9, "t"), "2.00 bn t");
    }

    #[test]
    fn money_converts_to_local_currency() {
        let currency = Currency {
            code: "USD".into(),
            money_unit: String::new(),
            local: Some(crate::model::LocalCurrency {
                code: "PKR".into(),
                per_base_unit: 280.0,
            }),
        };
        assert_eq!(MoneyDisplay::base(&currency).short(2e6), "USD 2.00 M");
        assert_eq!(
            MoneyDisplay::local_or_base(&currency).short(2e6),
            "PKR 560 M"
        );
    }

    #[test]
    fn percentages_keep_small_shares_visible() {
        assert_eq!(percent(0.0123), "1.23%");
        assert_eq!(percent(0.000_045), "0.0045%");
        assert_eq!(percent(0.25), "25.0%");
    }
}
