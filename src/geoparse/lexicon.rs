//! The word lists the geoparser's rules read: demonyms, given names, titles, common
//! words and words that are never places in news. They live as plain
//! text under `assets/lexicon/` so that a user can read and extend them; see each file's
//! header for its format.
//!
//! Everything is stored under its folded key (see [`crate::text::name_key`]), so "Américains"
//! and "americains" meet, as gazetteer names do.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use thiserror::Error;

use crate::text::name_key;

#[derive(Debug, Error)]
pub enum LexiconError {
    #[error("{path}: cannot read the lexicon file: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Part of speech of a demonym.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemonymKind {
    /// "Iraqi", "américaines".
    Adjective,
    /// "Iraqis", "Américains".
    Noun,
}

/// One reading of a demonym: the place it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demonym {
    /// `IQ`, `us-state:OH`, `region:Kurdistan`, `city:Paris`.
    pub place: String,
    pub lang: String,
    pub kind: DemonymKind,
}

/// Word lists per language (`en`, `fr`), plus language-neutral ones.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    pub demonyms: HashMap<String, Vec<Demonym>>,
    pub given_names: HashSet<String>,
    /// Given names that are also places (Jordan, Florence, Austin).
    pub ambiguous_given_names: HashSet<String>,
    /// Arabic and other name particles: Abdel, Abu, Ibn, Bin, Ould.
    pub name_particles: HashSet<String>,
    titles: HashMap<String, HashSet<String>>,
    common: HashMap<String, HashSet<String>>,
    stop_places: HashMap<String, HashSet<String>>,
    /// Country abbreviations of sports results ("Esp", "SUI") → ISO 3166-1 alpha-2.
    pub result_countries: HashMap<String, String>,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn read(path: &Path) -> Result<Option<String>, LexiconError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LexiconError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

impl Lexicon {
    /// Loads `lexicon/` from an assets folder. Missing files give empty lists.
    pub fn load(assets: &Path) -> Result<Lexicon, LexiconError> {
        let dir = assets.join("lexicon");
        let mut lx = Lexicon::default();
        if let Some(t) = read(&dir.join("demonyms.tsv"))? {
            lx.add_demonyms(&t);
        }
        if let Some(t) = read(&dir.join("given_names.txt"))? {
            lx.add_given_names(&t);
        }
        if let Some(t) = read(&dir.join("result_countries.tsv"))? {
            lx.add_result_countries(&t);
        }
        for lang in ["en", "fr"] {
            let d = dir.join(lang);
            if let Some(t) = read(&d.join("titles.txt"))? {
                lx.add_titles(lang, &t);
            }
            if let Some(t) = read(&d.join("common_words.txt"))? {
                lx.add_common_words(lang, &t);
            }
            if let Some(t) = read(&d.join("stop_places.txt"))? {
                lx.add_stop_places(lang, &t);
            }
        }
        Ok(lx)
    }

    /// `place<TAB>lang<TAB>adj|noun<TAB>form|form|...`, with a header line.
    pub fn add_demonyms(&mut self, text: &str) {
        for l in lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() < 4 || cols[0] == "place" {
                continue;
            }
            let kind = if cols[2].starts_with("noun") {
                DemonymKind::Noun
            } else {
                DemonymKind::Adjective
            };
            for form in cols[3].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                let d = Demonym {
                    place: cols[0].to_string(),
                    lang: cols[1].to_string(),
                    kind,
                };
                let v = self.demonyms.entry(name_key(form)).or_default();
                if !v.contains(&d) {
                    v.push(d);
                }
            }
        }
    }

    /// `abbreviation<TAB>ISO alpha-2` per line.
    pub fn add_result_countries(&mut self, text: &str) {
        for l in lines(text) {
            if let Some((abbr, code)) = l.split_once('\t')
                && code.trim().len() == 2
            {
                self.result_countries
                    .insert(name_key(abbr.trim()), code.trim().to_ascii_uppercase());
            }
        }
    }

    /// One name per line; `Name<TAB>place` marks a name that is also a place; lines after a
    /// comment containing "particles" are name particles.
    pub fn add_given_names(&mut self, text: &str) {
        let mut particles = false;
        for l in text.lines() {
            let t = l.trim();
            if t.starts_with('#') {
                let lower = t.to_lowercase();
                if lower.contains("particle") {
                    particles = true;
                } else if lower.starts_with("# ")
                    && lower.len() > 3
                    && !lower.contains("particle")
                    && particles
                {
                    // A new section header ends the particles.
                    particles = lower.contains("particle");
                }
                continue;
            }
            if t.is_empty() {
                continue;
            }
            let mut cols = t.split('\t');
            let name = cols.next().unwrap_or("").trim();
            let key = name_key(name);
            if key.is_empty() {
                continue;
            }
            if particles {
                self.name_particles.insert(key);
                continue;
            }
            if cols.any(|c| c.trim() == "place") {
                self.ambiguous_given_names.insert(key.clone());
            }
            self.given_names.insert(key);
        }
    }

    pub fn add_titles(&mut self, lang: &str, text: &str) {
        let set = self.titles.entry(lang.to_string()).or_default();
        for l in lines(text) {
            let k = name_key(l.split('\t').next().unwrap_or(""));
            if !k.is_empty() {
                set.insert(k);
            }
        }
    }

    pub fn add_common_words(&mut self, lang: &str, text: &str) {
        let set = self.common.entry(lang.to_string()).or_default();
        for l in lines(text) {
            let k = name_key(l.split('\t').next().unwrap_or(""));
            if !k.is_empty() {
                set.insert(k);
            }
        }
    }

    pub fn add_stop_places(&mut self, lang: &str, text: &str) {
        let set = self.stop_places.entry(lang.to_string()).or_default();
        for l in lines(text) {
            let k = name_key(l.split('\t').next().unwrap_or(""));
            if !k.is_empty() {
                set.insert(k);
            }
        }
    }

    fn langs(lang: &str) -> &'static [&'static str] {
        match lang {
            "fr" => &["fr"],
            "en" => &["en"],
            _ => &["en", "fr"],
        }
    }

    pub fn is_title(&self, lang: &str, key: &str) -> bool {
        Self::langs(lang)
            .iter()
            .any(|l| self.titles.get(*l).is_some_and(|s| s.contains(key)))
    }

    pub fn is_common_word(&self, lang: &str, key: &str) -> bool {
        Self::langs(lang)
            .iter()
            .any(|l| self.common.get(*l).is_some_and(|s| s.contains(key)))
    }

    pub fn is_stop_place(&self, lang: &str, key: &str) -> bool {
        Self::langs(lang)
            .iter()
            .any(|l| self.stop_places.get(*l).is_some_and(|s| s.contains(key)))
    }

    pub fn is_given_name(&self, key: &str) -> bool {
        self.given_names.contains(key)
    }

    /// Readings of a demonym in a language.
    pub fn demonym(&self, lang: &str, key: &str) -> impl Iterator<Item = &Demonym> + Clone {
        let langs = Self::langs(lang);
        self.demonyms
            .get(key)
            .into_iter()
            .flatten()
            .filter(move |d| langs.contains(&d.lang.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_format() {
        let mut lx = Lexicon::default();
        lx.add_demonyms(
            "place\tlang\tkind\tforms\nIQ\ten\tadj\tIraqi\nIQ\tfr\tadj\tirakien|irakiennes\n# c\n",
        );
        lx.add_given_names("# names\nAdel\nJordan\tplace\n# particles\nAbdel\nAbu\n");
        lx.add_titles("fr", "# t\nM.\nprésident\n");
        assert_eq!(lx.demonym("en", "iraqi").count(), 1);
        assert_eq!(
            lx.demonym("fr", "irakiennes")
                .next()
                .map(|d| d.place.as_str()),
            Some("IQ")
        );
        assert_eq!(lx.demonym("fr", "iraqi").count(), 0);
        assert!(lx.is_given_name("adel"));
        assert!(lx.ambiguous_given_names.contains("jordan"));
        assert!(lx.name_particles.contains("abdel"));
        assert!(!lx.is_given_name("abdel"));
        assert!(lx.is_title("fr", "m"));
        assert!(lx.is_title("fr", "president"));
    }
}
