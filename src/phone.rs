//! Pure. Phone numbers: parsing the manifest's E.164 form, checking that a number can exist
//! (its length in its country, from libphonenumber's metadata in `phone/lengths.rs`), and
//! converting to and from each provider's wire form. Never guesses: a number a provider cannot
//! hold is an error.

mod lengths;

use std::fmt;

/// An E.164 phone number split into country calling code and national number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub country_code: String,
    pub national: String,
}

/// The two-digit country calling codes; every other code starting with 2–9 has three digits,
/// and `1` and `7` have one. Calling codes are prefix-free, so this splits any E.164 number.
const TWO_DIGIT_CODES: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

impl Phone {
    /// Parses `+<country code><national number>`, 8 to 15 digits in all.
    pub fn parse_e164(text: &str) -> Result<Phone, String> {
        let digits = text
            .strip_prefix('+')
            .ok_or_else(|| "expected an E.164 number starting with `+`".to_string())?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("expected only digits after `+`".into());
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(format!(
                "expected 8 to 15 digits after `+`, found {}",
                digits.len()
            ));
        }
        if digits.starts_with('0') {
            return Err("a country code never starts with 0".into());
        }
        Ok(split_country_code(digits))
    }

    /// Whether a national number of this length exists under its country calling code
    /// (libphonenumber's possible lengths; `+86138000` is too short for China).
    pub fn check_possible(&self) -> Result<(), String> {
        let code: Option<u16> = self.country_code.parse().ok();
        let found = code.and_then(|code| {
            lengths::POSSIBLE_LENGTHS
                .binary_search_by_key(&code, |(c, _)| *c)
                .ok()
                .map(|index| lengths::POSSIBLE_LENGTHS[index].1)
        });
        let Some(mask) = found else {
            return Err(format!(
                "no country has the calling code +{}",
                self.country_code
            ));
        };
        let digits = self.national.len();
        if digits < 32 && mask & (1 << digits) != 0 {
            return Ok(());
        }
        Err(format!(
            "a +{} number has {} digits after the country code, found {digits}",
            self.country_code,
            lengths_in_words(mask)
        ))
    }

    /// `+8613800000001`.
    pub fn e164(&self) -> String {
        format!("+{}{}", self.country_code, self.national)
    }

    /// Tencent CCC's form: `00` + country code + number (`008613800000001`).
    pub fn tencent_ccc_wire(&self) -> String {
        format!("00{}{}", self.country_code, self.national)
    }

    /// Alibaba CCC's `Mobile`: the domestic number; only mainland China (+86) numbers fit.
    pub fn alibaba_ccc_wire(&self) -> Result<String, String> {
        if self.country_code == "86" {
            Ok(self.national.clone())
        } else {
            Err(format!(
                "alibaba-ccc holds mainland China mobile numbers only (+86), found +{}",
                self.country_code
            ))
        }
    }

    /// EIAM's `PhoneRegion` and `PhoneNumber` (6 to 15 digits).
    pub fn eiam_wire(&self) -> Result<(String, String), String> {
        if (6..=15).contains(&self.national.len()) {
            Ok((self.country_code.clone(), self.national.clone()))
        } else {
            Err(format!(
                "alibaba-eiam needs a national number of 6 to 15 digits, found {}",
                self.national.len()
            ))
        }
    }

    /// Reads Tencent CCC's `Phone` (`0086…`). A number without the `00` prefix is taken as
    /// a mainland number, the only form the console accepted before international support.
    pub fn from_tencent_ccc(wire: &str) -> Option<Phone> {
        if wire.is_empty() {
            return None;
        }
        match wire.strip_prefix("00") {
            Some(rest) => Phone::parse_e164(&format!("+{rest}")).ok(),
            None => Phone::parse_e164(&format!("+86{wire}")).ok(),
        }
    }

    /// Reads Alibaba CCC's `Mobile` (domestic form).
    pub fn from_alibaba_ccc(wire: &str) -> Option<Phone> {
        if wire.is_empty() {
            return None;
        }
        let national = wire.strip_prefix("+86").unwrap_or(wire);
        Some(Phone {
            country_code: "86".into(),
            national: national.into(),
        })
    }

    /// Reads EIAM's `PhoneRegion` + `PhoneNumber`.
    pub fn from_eiam(region: &str, number: &str) -> Option<Phone> {
        if number.is_empty() {
            return None;
        }
        let region = region.trim_start_matches('+');
        let region = if region.is_empty() { "86" } else { region };
        Some(Phone {
            country_code: region.into(),
            national: number.into(),
        })
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164())
    }
}

/// `11`, `4 or 7`, `7 to 12`, `7, 8 or 10` for the lengths set in `mask`.
fn lengths_in_words(mask: u32) -> String {
    let lengths: Vec<u32> = (0..32).filter(|n| mask & (1 << n) != 0).collect();
    match lengths.as_slice() {
        [] => "no".into(),
        [one] => one.to_string(),
        [first, .., last] if lengths.len() > 2 && (last - first) as usize + 1 == lengths.len() => {
            format!("{first} to {last}")
        }
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(u32::to_string).collect();
            format!("{} or {last}", init.join(", "))
        }
    }
}

fn split_country_code(digits: &str) -> Phone {
    let length = if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT_CODES.contains(&&digits[..2]) {
        2
    } else {
        3
    };
    Phone {
        country_code: digits[..length].into(),
        national: digits[length..].into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, String) {
        let phone = Phone::parse_e164(text).expect("valid number");
        (phone.country_code, phone.national)
    }

    #[test]
    fn splits_country_codes_of_every_length() {
        assert_eq!(split("+8613800000001"), ("86".into(), "13800000001".into()));
        assert_eq!(split("+14155550100"), ("1".into(), "4155550100".into()));
        assert_eq!(split("+85291234567"), ("852".into(), "91234567".into()));
        assert_eq!(split("+442071838750"), ("44".into(), "2071838750".into()));
        assert_eq!(split("+79161234567"), ("7".into(), "9161234567".into()));
    }

    #[test]
    fn rejects_what_is_not_e164() {
        for bad in [
            "8613800000001",
            "+86 138 0000 0001",
            "+86-13800000001",
            "+1234",
            "+0861380000",
        ] {
            assert!(Phone::parse_e164(bad).is_err(), "{bad} accepted");
        }
        assert!(Phone::parse_e164("+1234567890123456").is_err());
    }

    #[test]
    fn every_calling_code_of_the_metadata_splits_off_whole() {
        for (code, _) in lengths::POSSIBLE_LENGTHS {
            let phone = Phone::parse_e164(&format!("+{code}12345678")).expect("valid");
            assert_eq!(phone.country_code, code.to_string());
        }
    }

    #[test]
    fn a_number_must_have_a_length_its_country_uses() {
        let check = |text: &str| Phone::parse_e164(text).expect("E.164").check_possible();
        assert_eq!(check("+8613800000001"), Ok(()));
        assert_eq!(check("+14155550100"), Ok(()));
        assert_eq!(check("+85291234567"), Ok(()));
        assert_eq!(check("+442071838750"), Ok(()));
        assert_eq!(
            check("+86138000"),
            Err("a +86 number has 7 to 12 digits after the country code, found 6".into())
        );
        assert_eq!(
            check("+1415555010"),
            Err("a +1 number has 7 or 10 digits after the country code, found 9".into())
        );
        assert_eq!(
            check("+99912345678"),
            Err("no country has the calling code +999".into())
        );
    }

    #[test]
    fn lengths_read_as_words() {
        assert_eq!(lengths_in_words(1 << 11), "11");
        assert_eq!(lengths_in_words(1 << 4 | 1 << 7), "4 or 7");
        assert_eq!(lengths_in_words(0b1_1111_1000_0000), "7 to 12");
        assert_eq!(lengths_in_words(1 << 7 | 1 << 8 | 1 << 10), "7, 8 or 10");
    }

    #[test]
    fn converts_to_each_wire_form() {
        let phone = Phone::parse_e164("+8613800000001").expect("valid");
        assert_eq!(phone.tencent_ccc_wire(), "008613800000001");
        assert_eq!(phone.alibaba_ccc_wire().as_deref(), Ok("13800000001"));
        assert_eq!(
            phone.eiam_wire(),
            Ok(("86".to_string(), "13800000001".to_string()))
        );
        let hong_kong = Phone::parse_e164("+85291234567").expect("valid");
        assert!(hong_kong.alibaba_ccc_wire().unwrap_err().contains("+852"));
    }

    #[test]
    fn reads_each_wire_form_back() {
        let want = Phone::parse_e164("+8613800000001").ok();
        assert_eq!(Phone::from_tencent_ccc("008613800000001"), want);
        assert_eq!(Phone::from_tencent_ccc("13800000001"), want);
        assert_eq!(Phone::from_alibaba_ccc("13800000001"), want);
        assert_eq!(Phone::from_eiam("86", "13800000001"), want);
        assert_eq!(Phone::from_tencent_ccc(""), None);
        assert_eq!(Phone::from_eiam("86", ""), None);
    }
}
