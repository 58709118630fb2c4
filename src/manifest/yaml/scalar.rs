//! Pure. What a scalar is: null, a boolean, an integer, a number or text, by YAML's rules as
//! serde-saphyr applies them (YAML 1.1 booleans such as `off`, integers with `0x`/`0o`/`0b`
//! and `_` separators, `.inf`/`.nan`), so the manifest reads as it always has.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{ScalarStyle, Tag};

use super::NodeValue;

/// Resolves a scalar by its style and tag. An explicit core tag (`!!int`) that its text does
/// not satisfy, or that is not a scalar's (`!!map`), is an error saying so.
pub(super) fn resolve<'a, N>(
    text: Cow<'a, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<NodeValue<'a, N>, String> {
    let trimmed = text.trim_matches([' ', '\t', '\r', '\n']);
    let not = |kind: &str| format!("the value does not read as the {kind} its tag (`!!…`) names");
    match tag.and_then(Tag::core_suffix) {
        Some("str") => return Ok(NodeValue::Str(text)),
        Some("null") => return Ok(NodeValue::Null),
        Some("bool") => return boolean(trimmed).map(NodeValue::Bool).ok_or(not("boolean")),
        Some("int") => return integer(trimmed).map(NodeValue::Int).ok_or(not("integer")),
        Some("float") => return number(trimmed).map(NodeValue::Float).ok_or(not("number")),
        Some(other) => return Err(format!("the tag `!!{other}` does not fit a single value")),
        None => {}
    }
    // The non-specific tag `!` keeps text as text.
    let forced = tag.is_some_and(|tag| {
        tag.suffix_in_namespace("!")
            .is_some_and(|suffix| matches!(suffix.as_ref(), "" | "!"))
    });
    if style != ScalarStyle::Plain || forced {
        return Ok(NodeValue::Str(text));
    }
    // Most values are names and emails: longer than any null or boolean word (`false` is the
    // longest) and not led as a number is (a digit, `.`, `+` or `-`), they are text.
    let number_led = matches!(
        trimmed.as_bytes().first(),
        Some(b'0'..=b'9' | b'.' | b'+' | b'-')
    );
    if trimmed.len() > "false".len() && !number_led {
        return Ok(NodeValue::Str(text));
    }
    if matches!(trimmed, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(NodeValue::Null);
    }
    if let Some(flag) = boolean(trimmed) {
        return Ok(NodeValue::Bool(flag));
    }
    if let Some(value) = integer(trimmed) {
        return Ok(NodeValue::Int(value));
    }
    if let Some(value) = number(trimmed) {
        return Ok(NodeValue::Float(value));
    }
    Ok(NodeValue::Str(text))
}

/// YAML 1.1 booleans, as serde-saphyr reads them by default: `y`, `yes`, `on`, `true` and
/// `n`, `no`, `off`, `false`, in any case.
fn boolean(text: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["y", "yes", "on", "true"];
    const FALSE: [&str; 4] = ["n", "no", "off", "false"];
    if TRUE.iter().any(|t| text.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|f| text.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

/// An integer that fits `i64` (negative) or `u64`: decimal without redundant leading zeros
/// (`007` is a number, read by [`number`]), or `0x`, `0o`, `0b`; `_` between digits.
fn integer(text: &str) -> Option<i128> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let prefixed = |prefix: [&str; 2]| {
        rest.strip_prefix(prefix[0])
            .or_else(|| rest.strip_prefix(prefix[1]))
    };
    let (radix, digits) = if let Some(digits) = prefixed(["0x", "0X"]) {
        (16, digits)
    } else if let Some(digits) = prefixed(["0o", "0O"]) {
        (8, digits)
    } else if let Some(digits) = prefixed(["0b", "0B"]) {
        (2, digits)
    } else {
        if rest.len() > 1 && rest.starts_with('0') {
            return None;
        }
        (10, rest)
    };
    let magnitude = i128::try_from(digits_value(digits, radix)?).ok()?;
    if negative {
        let value = -magnitude;
        (value >= i128::from(i64::MIN)).then_some(value)
    } else {
        (magnitude <= i128::from(u64::MAX)).then_some(magnitude)
    }
}

/// Digits in `radix`, with single `_` between digits.
fn digits_value(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut seen = false;
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'_' {
            let between = index > 0
                && bytes[index - 1] != b'_'
                && bytes.get(index + 1).is_some_and(|next| *next != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let digit = char::from(byte).to_digit(radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        seen = true;
    }
    seen.then_some(value)
}

/// A YAML 1.2 number: `.nan`, `.inf`, `-.inf` (any of their spellings), a finite decimal, or
/// a decimal too large for `f64` (infinite). Rust's own `inf` and `nan` stay text.
fn number(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    match unsigned {
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" if negative => return Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    let value: f64 = text.parse().ok()?;
    // Too large for `f64` is infinite; Rust's own spellings (`inf`, `nan`) are not numbers.
    let digit_led = unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit);
    (value.is_finite() || digit_led).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> NodeValue<'_> {
        resolve(Cow::Borrowed(text), ScalarStyle::Plain, None).expect("resolves")
    }

    #[test]
    fn plain_scalars_read_as_serde_saphyr_reads_them() {
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(null), NodeValue::Null, "{null}");
        }
        for (text, flag) in [
            ("yes", true),
            ("On", true),
            ("y", true),
            ("off", false),
            ("N", false),
            ("FALSE", false),
        ] {
            assert_eq!(plain(text), NodeValue::Bool(flag), "{text}");
        }
        assert_eq!(plain("+8613800000001"), NodeValue::Int(8613800000001));
        assert_eq!(plain("1_000"), NodeValue::Int(1000));
        assert_eq!(plain("0x1F"), NodeValue::Int(31));
        assert_eq!(plain("-12"), NodeValue::Int(-12));
        assert_eq!(
            plain("18446744073709551615"),
            NodeValue::Int(18446744073709551615)
        );
        assert_eq!(plain("007"), NodeValue::Float(7.0));
        assert_eq!(plain("1e3"), NodeValue::Float(1000.0));
        assert_eq!(
            plain("18446744073709551616"),
            NodeValue::Float(18446744073709551616.0)
        );
        assert!(matches!(plain(".nan"), NodeValue::Float(v) if v.is_nan()));
        assert_eq!(plain("-.inf"), NodeValue::Float(f64::NEG_INFINITY));
        assert_eq!(plain("1e999"), NodeValue::Float(f64::INFINITY));
        assert_eq!(plain("+.Inf"), NodeValue::Float(f64::INFINITY));
        assert_eq!(plain("123456"), NodeValue::Int(123456));
        for text in [
            "inf",
            "nan",
            "infinity",
            "Infinity",
            "1_0.5",
            "ON_SITE",
            "+86 138",
            "0x",
            "falsey",
            "Nullable",
            "zhang.wei@example.com",
            "张伟",
        ] {
            assert_eq!(plain(text), NodeValue::Str(text.into()), "{text}");
        }
    }

    #[test]
    fn quoted_scalars_are_text() {
        let quoted: Result<NodeValue<'_>, _> =
            resolve(Cow::Borrowed("off"), ScalarStyle::DoubleQuoted, None);
        assert_eq!(quoted, Ok(NodeValue::Str("off".into())));
    }
}
