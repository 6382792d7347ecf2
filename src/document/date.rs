//! Partial calendar dates: a year, a month and a day, any of which may be unknown.
//!
//! News text is full of dates with missing parts: "in 2019", "last March", "on
//! 8 January" in an article whose own date is unknown. [`PartialDate`] keeps what
//! is known and nothing more, validates what it keeps (month 1-12, a day that
//! exists in that month, 29 February only in leap years or when the year is
//! unknown), and prints in the ISO 8601 forms that say exactly that much:
//! `2020-01-08`, `2020-01`, `2020`, and `--01-08` (ISO 8601:2000's form for a
//! month and day without a year).
//!
//! Parsing accepts the ISO-like strings that HTML metadata and front matter use
//! (`2020-01-08T10:00:00+01:00`, `2020-01-08`, `2020-01`, `2020`, `20200108`,
//! `2020/01/08`). A time and a time zone are ignored: the date is kept as written,
//! which is the local date of publication that readers saw. Anything else is
//! refused rather than guessed; human-language dates ("8 janvier") belong to the
//! `events` module.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How much of a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Nothing is known.
    Unknown,
    /// Only the year (`2020`).
    Year,
    /// Year and month, or a month alone (`2020-01`, `--01`).
    Month,
    /// A day of a month, with or without the year (`2020-01-08`, `--01-08`).
    Day,
}

/// A calendar date whose year, month or day may be unknown.
///
/// The fields are public for reading and pattern matching; build values with
/// [`PartialDate::new`] or [`PartialDate::parse`], which validate them.
/// Deserialization validates too, so a project file cannot smuggle in a
/// 31 February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "PartialDateRepr", into = "PartialDateRepr")]
pub struct PartialDate {
    /// The year (proleptic Gregorian), if known.
    pub year: Option<i32>,
    /// The month, 1 to 12, if known.
    pub month: Option<u8>,
    /// The day of the month, 1 to 31, if known. Never set without a month.
    pub day: Option<u8>,
}

/// The serialized form of [`PartialDate`]: absent fields are omitted.
#[derive(Serialize, Deserialize)]
struct PartialDateRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
}

impl TryFrom<PartialDateRepr> for PartialDate {
    type Error = String;

    fn try_from(r: PartialDateRepr) -> Result<PartialDate, String> {
        PartialDate::new(r.year, r.month, r.day).ok_or_else(|| {
            format!(
                "invalid date: year {:?}, month {:?}, day {:?}",
                r.year, r.month, r.day
            )
        })
    }
}

impl From<PartialDate> for PartialDateRepr {
    fn from(d: PartialDate) -> PartialDateRepr {
        PartialDateRepr {
            year: d.year,
            month: d.month,
            day: d.day,
        }
    }
}

/// The error returned by [`PartialDate::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO date (expected e.g. 2020-01-08, 2020-01 or 2020): {input:?}")]
pub struct ParseDateError {
    input: String,
}

impl PartialDate {
    /// An unknown date: no year, no month, no day.
    pub const UNKNOWN: PartialDate = PartialDate {
        year: None,
        month: None,
        day: None,
    };

    /// Builds a date from its parts, or `None` if they do not make a date:
    /// a month outside 1-12, a day outside the month (29 February needs a leap
    /// year or an unknown year), a day without a month, or a year outside
    /// -9999..=9999.
    pub fn new(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if let Some(y) = year
            && !(-9999..=9999).contains(&y)
        {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let Some(d) = day {
            let m = month?;
            if d < 1 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    /// A full date. `None` if it does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<PartialDate> {
        PartialDate::new(Some(year), Some(month), Some(day))
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ if self.year.is_some() => Precision::Year,
            _ => Precision::Unknown,
        }
    }

    /// The ISO 8601 form of what is known: `2020-01-08`, `2020-01`, `2020`,
    /// `--01-08`, `--01`, or the empty string for an unknown date.
    pub fn to_iso(&self) -> String {
        self.to_string()
    }

    /// Parses an ISO-like date, as found in HTML metadata and front matter.
    ///
    /// Accepted: `2020`, `2020-01`, `2020-01-08`, `20200108`, `2020/01/08`,
    /// `2020.01.08`, `--01-08`, `--01`, each optionally followed by a time
    /// (`T10:00:00+01:00`, ` 10:00`, `Z`...), which is ignored. Returns `None`
    /// for anything else and for dates that do not exist.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        // `--MM-DD` and `--MM`: the year is unknown.
        if let Some(rest) = s.strip_prefix("--") {
            let (date, _) = split_time(rest);
            let mut parts = date.split('-');
            let month = parse_digits(parts.next()?, 2)?;
            let day = match parts.next() {
                Some(d) => Some(parse_digits(d, 2)?),
                None => None,
            };
            if parts.next().is_some() {
                return None;
            }
            return PartialDate::new(None, Some(u8::try_from(month).ok()?), to_u8(day)?);
        }
        let (date, _time) = split_time(s);
        // Compact `YYYYMMDD`.
        if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
            let year = parse_digits(&date[..4], 4)?;
            let month = parse_digits(&date[4..6], 2)?;
            let day = parse_digits(&date[6..], 2)?;
            return PartialDate::ymd(
                i32::try_from(year).ok()?,
                u8::try_from(month).ok()?,
                u8::try_from(day).ok()?,
            );
        }
        let sep = date.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'));
        let mut parts = match sep {
            Some(sep) => date.split(char::from(sep)).collect::<Vec<_>>(),
            None => vec![date],
        };
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        let year = i32::try_from(parse_digits(parts.remove(0), 4)?).ok()?;
        let month = match parts.first() {
            Some(m) => Some(u8::try_from(parse_digits_1_or_2(m)?).ok()?),
            None => None,
        };
        let day = match parts.get(1) {
            Some(d) => Some(u8::try_from(parse_digits_1_or_2(d)?).ok()?),
            None => None,
        };
        PartialDate::new(Some(year), month, day)
    }
}

fn to_u8(v: Option<u32>) -> Option<Option<u8>> {
    match v {
        None => Some(None),
        Some(v) => u8::try_from(v).ok().map(Some),
    }
}

/// Splits `2020-01-08T10:00Z` into the date and whatever follows it.
fn split_time(s: &str) -> (&str, &str) {
    match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], &s[i..]),
        None => match s.find(['Z', 'z', '+']) {
            Some(i) => (&s[..i], &s[i..]),
            None => (s, ""),
        },
    }
}

/// Exactly `len` ASCII digits.
fn parse_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One or two ASCII digits (`1` or `01`).
fn parse_digits_1_or_2(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in `month` (1-12) of `year`; with an unknown year February has 29.
pub fn days_in_month(year: Option<i32>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !is_leap_year(y) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) if y < 0 => write!(f, "-{:04}", y.unsigned_abs())?,
            Some(y) => write!(f, "{y:04}")?,
            None if self.month.is_some() => f.write_str("-")?,
            None => {}
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = ParseDateError;

    fn from_str(s: &str) -> Result<PartialDate, ParseDateError> {
        PartialDate::parse(s).ok_or_else(|| ParseDateError {
            input: s.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: Option<i32>, m: Option<u8>, dd: Option<u8>) -> PartialDate {
        PartialDate {
            year: y,
            month: m,
            day: dd,
        }
    }

    #[test]
    fn parse_iso_forms() {
        let full = d(Some(2020), Some(1), Some(8));
        assert_eq!(PartialDate::parse("2020-01-08T10:00:00+01:00"), Some(full));
        assert_eq!(PartialDate::parse("2020-01-08T23:30:00-05:00"), Some(full));
        assert_eq!(PartialDate::parse("2020-01-08"), Some(full));
        assert_eq!(PartialDate::parse(" 2020-01-08 10:00 "), Some(full));
        assert_eq!(PartialDate::parse("2020-01-08Z"), Some(full));
        assert_eq!(PartialDate::parse("20200108"), Some(full));
        assert_eq!(PartialDate::parse("2020/01/08"), Some(full));
        assert_eq!(PartialDate::parse("2020-1-8"), Some(full));
        assert_eq!(
            PartialDate::parse("2020-01"),
            Some(d(Some(2020), Some(1), None))
        );
        assert_eq!(PartialDate::parse("2020"), Some(d(Some(2020), None, None)));
        assert_eq!(
            PartialDate::parse("--01-08"),
            Some(d(None, Some(1), Some(8)))
        );
        assert_eq!(PartialDate::parse("--02"), Some(d(None, Some(2), None)));
    }

    #[test]
    fn parse_rejects_junk_and_impossible_dates() {
        for s in [
            "",
            "   ",
            "janvier 2020",
            "08/01/2020",
            "2020-13-01",
            "2020-00-10",
            "2020-01-00",
            "2020-01-32",
            "2019-02-29",
            "2020-04-31",
            "2020-01-08-09",
            "20-01-08",
            "2020-",
            "2020-001",
            "--13-01",
            "--02-30",
            "abcd",
            "２０２０",
            "2020-01-0é",
        ] {
            assert_eq!(PartialDate::parse(s), None, "{s:?}");
        }
        assert!(PartialDate::parse("2020-02-29").is_some());
        assert!(PartialDate::parse("2000-02-29").is_some());
        assert!(PartialDate::parse("1900-02-29").is_none());
        assert!(PartialDate::parse("--02-29").is_some());
    }

    #[test]
    fn new_validates() {
        assert!(PartialDate::new(None, None, Some(3)).is_none());
        assert!(PartialDate::new(Some(2020), Some(12), Some(31)).is_some());
        assert!(PartialDate::new(Some(2020), Some(11), Some(31)).is_none());
        assert!(PartialDate::new(Some(10000), None, None).is_none());
        assert_eq!(
            PartialDate::new(None, None, None),
            Some(PartialDate::UNKNOWN)
        );
    }

    #[test]
    fn display_and_precision() {
        let cases = [
            (
                d(Some(2020), Some(1), Some(8)),
                "2020-01-08",
                Precision::Day,
            ),
            (d(Some(2020), Some(1), None), "2020-01", Precision::Month),
            (d(Some(2020), None, None), "2020", Precision::Year),
            (d(None, Some(1), Some(8)), "--01-08", Precision::Day),
            (d(None, Some(1), None), "--01", Precision::Month),
            (d(None, None, None), "", Precision::Unknown),
            (d(Some(33), None, None), "0033", Precision::Year),
        ];
        for (date, iso, precision) in cases {
            assert_eq!(date.to_iso(), iso);
            assert_eq!(date.to_string(), iso);
            assert_eq!(date.precision(), precision, "{iso}");
            if !iso.is_empty() {
                assert_eq!(PartialDate::parse(iso), Some(date), "{iso}");
            }
        }
    }

    #[test]
    fn from_str_error_names_the_input() {
        let err = "8 janvier".parse::<PartialDate>().unwrap_err();
        assert!(err.to_string().contains("\"8 janvier\""));
        assert_eq!("2020".parse::<PartialDate>(), Ok(d(Some(2020), None, None)));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let date = d(Some(2020), Some(1), None);
        let json = serde_json::to_string(&date).unwrap();
        assert_eq!(json, r#"{"year":2020,"month":1}"#);
        assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), date);
        assert!(serde_json::from_str::<PartialDate>(r#"{"month":2,"day":30}"#).is_err());
        assert_eq!(
            serde_json::from_str::<PartialDate>("{}").unwrap(),
            PartialDate::UNKNOWN
        );
    }
}
