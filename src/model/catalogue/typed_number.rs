//! Numbers as people type them into a field or a spreadsheet cell ("2,650.5", "410.96e9",
//! "5%"), parsed and checked against a catalogue [`Rule`]: the inspector's fields and stage
//! import read typed figures the same way and refuse them with the same words.

use super::{MAX_FIGURE, Rule};

/// Parses `text` as people type it and checks it against `rule`; the error says why the value
/// is refused.
pub fn parse_value(rule: Rule, text: &str) -> Result<f64, String> {
    let value = parse_number(text, rule.takes_percent_sign())?;
    match rule.refusal(value) {
        Some(reason) => Err(reason.to_owned()),
        None => Ok(value),
    }
}

/// Parses a number as people type it: thousands separators ("2,650.5"), spaces, a leading
/// sign, exponents ("410.96e9"), and a trailing "%" where `percent_sign` allows one. Refuses
/// NaN, infinity and decimal commas, saying what to type instead.
pub fn parse_number(text: &str, percent_sign: bool) -> Result<f64, String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let compact = if percent_sign {
        compact.strip_suffix('%').unwrap_or(&compact).to_owned()
    } else {
        compact
    };
    if compact.is_empty() {
        return Err("Empty — type a number like 2650 or 2,650.5".to_owned());
    }
    check_commas(&compact)?;
    let digits = compact.replace(',', "");
    let not_a_number = || "Not a number — type digits like 2650 or 2,650.5".to_owned();
    // Rust also parses "inf" and "NaN"; neither is a figure anyone means to enter.
    let lower = digits.to_ascii_lowercase();
    if lower.contains("nan") {
        return Err("NaN is not a figure — type a number like 2650".to_owned());
    }
    if lower.contains("inf") {
        return Err("Infinity is not a figure — type a finite number like 2650".to_owned());
    }
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return Err(not_a_number());
    }
    let value: f64 = digits.parse().map_err(|_| not_a_number())?;
    if !value.is_finite() || value.abs() > MAX_FIGURE {
        return Err("Too large (at most 1e18) — check the number of digits".to_owned());
    }
    Ok(value)
}

/// Commas may only group thousands: "2,650.5" is fine, "2,5" (a decimal comma) is not.
fn check_commas(text: &str) -> Result<(), String> {
    if !text.contains(',') {
        return Ok(());
    }
    let refuse =
        || Err("Commas separate thousands (2,650.5); use a dot for decimals (2.5)".to_owned());
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    if text.len() != mantissa.len() && text[mantissa.len()..].contains(',') {
        return refuse();
    }
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if fraction.contains(',') {
        return refuse();
    }
    let whole = whole.trim_start_matches(['-', '+']);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    if first.is_empty() || first.len() > 3 || groups.any(|group| group.len() != 3) {
        return refuse();
    }
    Ok(())
}
