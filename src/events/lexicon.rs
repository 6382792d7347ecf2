//! The word lists of the events module and the phrase matcher that finds them in text.
//!
//! # Files
//!
//! Every list is a plain UTF-8 file under `assets/lexicon/<lang>/` (`fr`, `en`) that a user
//! can read and extend; each file's header documents its columns.
//!
//! | file | what |
//! |---|---|
//! | `event_types.tsv` | event type code, family, rank, label, trigger phrases (`+` marks a qualifier: a weapon or launch verb that needs company) |
//! | `event_context.tsv` | hedges, negations, clause barriers, prepositions (locative, origin, reference point, agent, target), place nouns, determiners, anaphors |
//! | `date_words.tsv` | months, weekdays, relative days/weeks/months/years, "early/mid/late" |
//! | `source_cues.tsv` | attribution cues with their claim ("selon", "said", "a démenti"), words skipped between a source and its verb, head nouns that give a source's kind |
//! | `organisations.tsv` | organisations with kind and country (AP, Pentagone, Force Qods, Daech...) |
//! | `actor_nouns.tsv` | group nouns that make an actor with a demonym ("forces", "gouvernement") |
//! | `abbreviations.txt` | words whose full stop does not end a sentence (Jan., env., Gen.) |
//!
//! The events module also reads the lists it shares with the geoparser, for actors:
//! `demonyms.tsv` (only the demonyms of sovereign states), `given_names.txt` (names marked
//! `place`, such as Jordan or Adel, only count before a particle or in a run of three
//! names; the final section gives name particles such as Abdel, Abu) and
//! `<lang>/titles.txt`. They go into the same dictionaries as the rest, so
//! titles, given names and demonyms come out of the same single scan.
//!
//! # Matching
//!
//! A phrase is tokenized with the geoparser's tokenizer ([`crate::geoparse::tokens`]) and
//! compared token by token on folded keys (case, accents and apostrophe shapes ignored), so
//! "l’assassinat" in a text meets "assassinat" in a list, and "d'après" meets "d’après". A
//! word written with a trailing `*` matches by prefix (at least four letters before the
//! star): `fortifi*` meets "fortifié", "fortifications". A word written entirely in capitals
//! in a list (AP, EI, UE) only meets a word written entirely in capitals in the text, so the
//! agency AP is not the English word "ap"; in an organisation's name, a capitalized word
//! only meets a capitalized word ("Le Monde" is not "le monde").
//!
//! All phrases of one language, whatever their list, live in one [`PhraseDict`] indexed by
//! their first word, so a document is scanned once ([`PhraseDict::scan`]) with one hash
//! lookup per token (two when prefix phrases exist) and every list's hits come out of that
//! single pass. Loading only reads and checks the lists; a language's dictionary is
//! compiled the first time a document in that language needs it (single words skip the
//! tokenizer), so a run over French articles never compiles the English lists.
//!
//! The trade-off: a phrase is only found when it starts on a token boundary and its words
//! are contiguous; there is no morphology beyond the prefix star, so inflected forms
//! are listed explicitly. That keeps matching predictable and fast, and a user who finds a
//! missing form adds one line.
//!
//! Organisations are language-neutral names: the dictionary of each language also holds the
//! other language's organisations, after its own (an English article can cite "Le Monde", a
//! French one "Associated Press").

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use crate::geoparse::tokens::{self, Case, Kind as TokKind, Token};
use crate::project::model::Claim;
use crate::text::{fold_char_into, name_key};

use super::EventsError;

/// The languages that have their own lists. Other languages use the union.
pub const LANGS: [&str; 2] = ["fr", "en"];

/// A fast hasher for short keys (FNV-1a); the dictionaries are built from trusted files, so
/// collision attacks are not a concern and lookup speed is.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash of a word's key; the dictionary is indexed by it, and a document's
/// tokens are hashed once, so matching compares numbers before strings.
fn key_hash(key: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(key.as_bytes());
    h.finish()
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct IdHash(u64);

impl Hasher for IdHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// The broad class of an event type; it decides how events merge and whether an event may
/// take the country of its actor as its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Attacks, strikes, bombings, killings, clashes: something happened on the ground.
    Violence,
    /// Protests, riots.
    Unrest,
    /// Deployments, withdrawals, fortifications, exercises.
    Military,
    /// Votes, laws, elections, sanctions, threats, diplomacy, agreements.
    Political,
    /// Statements, announcements, demands, denials.
    Speech,
}

impl Family {
    fn parse(s: &str) -> Option<Family> {
        Some(match s {
            "violence" => Family::Violence,
            "unrest" => Family::Unrest,
            "military" => Family::Military,
            "political" => Family::Political,
            "speech" => Family::Speech,
            _ => return None,
        })
    }

    /// Events of these families happen at a place on the ground; the others happen where
    /// their actor sits.
    pub fn is_physical(self) -> bool {
        matches!(self, Family::Violence | Family::Unrest | Family::Military)
    }
}

/// One event type: a snake_case code shared by all languages, its family, its rank (higher
/// is more specific: when several triggers describe one event, the highest rank names it)
/// and a human label per language.
#[derive(Debug, Clone, PartialEq)]
pub struct EventType {
    pub code: String,
    pub family: Family,
    pub rank: u8,
    /// (language, label).
    pub labels: Vec<(String, String)>,
}

impl EventType {
    /// The label in `lang`, else any label, else the code.
    pub fn label(&self, lang: &str) -> &str {
        self.labels
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.labels.first())
            .map_or(self.code.as_str(), |(_, s)| s.as_str())
    }
}

/// An organisation from `organisations.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// Display name.
    pub name: String,
    /// agency, outlet, government, military, armed_group, party, international, company, ngo.
    pub kind: String,
    /// ISO 3166-1 alpha-2, when the organisation belongs to one country.
    pub country: Option<String>,
}

impl Organisation {
    /// News agencies and outlets: naming one in a sentence makes it a source.
    pub fn is_media(&self) -> bool {
        matches!(self.kind.as_str(), "agency" | "outlet")
    }
}

/// The part of a month that "début", "mi-", "fin", "early", "mid", "late" pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPart {
    Early,
    Mid,
    Late,
}

/// What a date word means; the grammar that combines them is in `dates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWord {
    Month(u8),
    /// ISO weekday, 1 = Monday.
    Weekday(u8),
    /// Days from the document date: hier = -1.
    RelDay(i8),
    RelWeek(i8),
    RelMonth(i8),
    RelYear(i8),
    /// "dernier", "last": the previous one.
    Past,
    /// "prochain", "next".
    Next,
    Part(MonthPart),
    /// "du", "from", "between": opens a range.
    RangeFrom,
    /// "au", "to": closes a range.
    RangeTo,
    /// "et", "and": closes a range opened by "entre", "between".
    RangeAnd,
    /// "en", "in": introduces a year or a month.
    Intro,
    /// "de", "of", "mois": may sit between a part word and a month.
    Filler,
    /// "er", "st", "nd", "rd", "th": ordinal suffix after a day number.
    Ordinal,
}

/// The kinds of context words in `event_context.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Makes the next trigger hypothetical ("éventuelles représailles", "any retaliation").
    Hedge,
    /// Negates the next trigger ("n'ont pas quitté", "did not attack").
    Negation,
    /// Starts a subordinate clause about another event ("après", "in retaliation for").
    Barrier,
    /// Before a place where something happens: à, dans, near.
    Locative,
    /// Before a place something comes from: depuis, from.
    Origin,
    /// Before a reference point: "au nord de", "north of", "à 20 km de".
    Relative,
    /// Before an agent: par, by.
    Agentive,
    /// Before a target: contre, against.
    Target,
    /// de, of.
    Genitive,
    /// Generic place nouns between a preposition and a name: ville, province, city.
    PlaceNoun,
    /// Articles and possessives.
    Determiner,
    /// Words that refer back to an event already told ("l'annonce", "the claim").
    Anaphor,
}

impl Context {
    fn parse(s: &str) -> Option<Context> {
        Some(match s {
            "hedge" => Context::Hedge,
            "negation" => Context::Negation,
            "barrier" => Context::Barrier,
            "locative" => Context::Locative,
            "origin" => Context::Origin,
            "relative" => Context::Relative,
            "agentive" => Context::Agentive,
            "target" => Context::Target,
            "genitive" => Context::Genitive,
            "place_noun" => Context::PlaceNoun,
            "determiner" => Context::Determiner,
            "anaphor" => Context::Anaphor,
            _ => return None,
        })
    }
}

/// What a phrase of the dictionary stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A trigger of the event type with this index.
    Event(u16),
    /// A qualifier of the event type with this index: a weapon or a launch verb
    /// ("missiles", "fired") that names an event's type but only makes an event with
    /// another trigger or qualifier of the same family in its clause ("fired missiles").
    Qualifier(u16),
    /// An attribution cue: `prep` cues ("selon") have their source after them, verb cues
    /// before or, when inverted ("», a déclaré X"), after.
    Cue {
        claim: Claim,
        prep: bool,
    },
    /// Auxiliaries and adverbs between a source and its verb ("a", "aussitôt", "later").
    Skip,
    /// A head noun that gives a source its kind (index into [`EventLexicon::source_kinds`]).
    SourceHead(u8),
    /// An organisation (index into [`EventLexicon::organisations`]).
    Org(u16),
    /// A group noun (index into [`EventLexicon::actor_kinds`]).
    ActorNoun(u8),
    Context(Context),
    Date(DateWord),
    /// A title before a person's name ("général", "Prime Minister").
    Title,
    /// A given name ("Donald").
    GivenName,
    /// A given name that is also a place ("Jordan", "Adel"): a name only before a
    /// particle or in a run of three capitalized words.
    AmbiguousName,
    /// A name particle ("Abdel", "Abu", "Ibn").
    Particle,
    /// A demonym of the country with this index in [`EventLexicon::countries`]; `noun` for
    /// inhabitants ("les Iraniens"), else an adjective ("irakien", "Iraqi").
    Demonym {
        country: u16,
        noun: bool,
    },
}

/// One word of a phrase.
#[derive(Debug, Clone)]
struct WordPat {
    key: String,
    /// [`key_hash`] of `key`.
    hash: u64,
    prefix: bool,
    /// Must be all capitals in the text (acronyms: AP, EI).
    caps: bool,
    /// Must start with a capital in the text (organisation names).
    cap: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<WordPat>,
    entry: Entry,
}

/// An entry of the first-word index: a whole single-word phrase, or a longer phrase.
#[derive(Debug, Clone, Copy)]
struct Cand {
    entry: Entry,
    /// Index into the phrases, or [`SINGLE`] for a one-word phrase.
    phrase: u32,
    caps: bool,
    cap: bool,
    /// A longer phrase's second word is a prefix: [`Cand::next`] does not apply.
    next_prefix: bool,
    /// [`key_hash`] of a longer phrase's second word: common first words ("the", "in")
    /// start many phrases, and this rules most of them out before they are tried.
    next: u64,
}

const SINGLE: u32 = u32::MAX;

/// The phrases that start with one word.
#[derive(Debug, Clone, Default)]
struct Bucket {
    /// The word (checked, so that a hash collision never makes a match).
    key: String,
    /// One-word phrases (`..singles`), then longer phrases with a whole second word
    /// sorted by [`Cand::next`] (`singles..open`), then longer phrases whose second word is
    /// a prefix (`open..`); list order within each part. A common first word ("the",
    /// "de") starts hundreds of phrases: a binary search on the next token's hash finds
    /// the few worth trying. One vector keeps the bucket small for the cache.
    cands: Vec<Cand>,
    singles: u32,
    open: u32,
}

impl Bucket {
    fn singles(&self) -> &[Cand] {
        &self.cands[..self.singles as usize]
    }

    fn by_next(&self) -> &[Cand] {
        &self.cands[self.singles as usize..self.open as usize]
    }

    fn open(&self) -> &[Cand] {
        &self.cands[self.open as usize..]
    }

    fn push(&mut self, cand: Cand) {
        let (s, o) = (self.singles as usize, self.open as usize);
        if cand.phrase == SINGLE {
            self.cands.insert(s, cand);
            self.singles += 1;
            self.open += 1;
        } else if cand.next_prefix {
            self.cands.push(cand);
        } else {
            let at = s + self.cands[s..o].partition_point(|c| c.next <= cand.next);
            self.cands.insert(at, cand);
            self.open += 1;
        }
    }
}

/// A phrase found in a text: tokens `start..end` and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

/// All phrases of one language, indexed by their first word.
#[derive(Debug, Clone, Default)]
pub struct PhraseDict {
    phrases: Vec<Phrase>,
    /// Phrases by their first word; single-word phrases are held whole in the index, so
    /// the common case (a given name, a demonym, a preposition) needs one lookup.
    by_first: HashMap<u64, Bucket, BuildHasherDefault<IdHash>>,
    /// Phrases whose first word is a prefix, by its first four characters.
    by_prefix: FastMap<String, Vec<u32>>,
    /// Phrases whose first word's hash is taken by another word, by that first word.
    collided: FastMap<String, Vec<u32>>,
}

/// The first `n` characters of a key (the whole key when shorter).
fn head_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

/// Turns a form as written in a list into the token patterns it matches. Organisation
/// names are proper names: their capitalized words only meet capitalized words ("Le Monde"
/// is not "le monde"). `None` when the form has no word.
fn compile(form: &str, entry: Entry) -> Option<Vec<WordPat>> {
    let proper = matches!(entry, Entry::Org(_));
    // A single plain word, the common case (given names, demonyms), needs no tokenizer.
    if !form.is_empty() && form.chars().all(char::is_alphabetic) {
        let mut key = String::with_capacity(form.len());
        for c in form.chars() {
            fold_char_into(c, &mut key);
        }
        let upper = form.chars().all(char::is_uppercase);
        let first_upper = form.chars().next().is_some_and(char::is_uppercase);
        return Some(vec![WordPat {
            hash: key_hash(&key),
            key,
            prefix: false,
            caps: upper && form.chars().count() >= 2,
            cap: proper && first_upper,
        }]);
    }
    let toks = tokens::tokenize(form);
    let mut words: Vec<WordPat> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let raw = t.text(form);
        if t.kind == TokKind::Punct && raw == "*" {
            // A star glued to the previous word makes it a prefix.
            if let Some(w) = words.last_mut()
                && i > 0
                && toks[i - 1].end == t.start
                && w.key.chars().count() >= 4
            {
                w.prefix = true;
            }
            i += 1;
            continue;
        }
        let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
        // An elision written alone ("l'", "d’") is one token in a text.
        let apostrophe = toks.get(i + 1).filter(|n| {
            n.kind == TokKind::Punct
                && n.start == t.end
                && matches!(n.text(form), "'" | "’" | "ʼ")
                && toks.get(i + 2).is_none_or(|x| x.start > n.end)
        });
        if t.kind == TokKind::Word && apostrophe.is_some() {
            let key = format!("{}'", t.key);
            words.push(WordPat {
                hash: key_hash(&key),
                key,
                prefix: false,
                caps: false,
                cap: false,
            });
            i += 2;
            continue;
        }
        words.push(WordPat {
            key: t.key.clone(),
            hash: key_hash(&t.key),
            prefix: false,
            caps: t.case == Case::Upper && letters >= 2 && t.kind == TokKind::Word,
            cap: proper && t.kind == TokKind::Word && t.is_cap(),
        });
        i += 1;
    }
    (!words.is_empty()).then_some(words)
}

impl PhraseDict {
    /// Adds a phrase as written in a list. Returns false when it has no word.
    pub fn add(&mut self, form: &str, entry: Entry) -> bool {
        match compile(form, entry) {
            Some(words) => {
                self.insert(words, entry);
                true
            }
            None => false,
        }
    }

    /// Adds a compiled phrase.
    fn insert(&mut self, words: Vec<WordPat>, entry: Entry) {
        let Some(first) = words.first() else {
            return;
        };
        let id = self.phrases.len() as u32;
        if first.prefix {
            let k = head_chars(&first.key, 4);
            match self.by_prefix.get_mut(k) {
                Some(v) => v.push(id),
                None => {
                    self.by_prefix.insert(k.to_string(), vec![id]);
                }
            }
            self.phrases.push(Phrase { words, entry });
            return;
        }
        let single = words.len() == 1;
        let second = words.get(1);
        let cand = Cand {
            entry,
            phrase: if single { SINGLE } else { id },
            caps: first.caps,
            cap: first.cap,
            next_prefix: second.is_some_and(|w| w.prefix),
            next: second.map_or(0, |w| w.hash),
        };
        let (hash, key) = (first.hash, first.key.clone());
        let bucket = self.by_first.entry(hash).or_insert_with(|| Bucket {
            key: key.clone(),
            ..Bucket::default()
        });
        if bucket.key == key {
            bucket.push(cand);
            if !single {
                self.phrases.push(Phrase { words, entry });
            }
        } else {
            // Two first words with one hash (practically never): this phrase goes to the
            // index that compares strings.
            self.collided.entry(key).or_default().push(id);
            self.phrases.push(Phrase { words, entry });
        }
    }

    /// Whether a token's case fits a word that must be in capitals (`caps`) or capitalized
    /// (`cap`).
    fn case_fits(caps: bool, cap: bool, t: &Token) -> bool {
        (!caps || t.case == Case::Upper) && (!cap || t.is_cap())
    }

    fn word_matches(w: &WordPat, t: &Token) -> bool {
        if !Self::case_fits(w.caps, w.cap, t) {
            return false;
        }
        if w.prefix {
            t.key.starts_with(w.key.as_str())
        } else {
            t.key == w.key
        }
    }

    /// Tries phrase `id` at token `i`; `first_known` when the first word is already known
    /// to match (found through its hash bucket).
    fn try_phrase(
        &self,
        id: u32,
        toks: &[Token],
        hashes: &[u64],
        i: usize,
        first_known: bool,
        out: &mut Vec<Hit>,
    ) {
        let Some(p) = self.phrases.get(id as usize) else {
            return;
        };
        let n = p.words.len();
        if i + n > toks.len() {
            return;
        }
        for (k, w) in p.words.iter().enumerate() {
            let t = &toks[i + k];
            // A phrase does not run across a line break that starts a sentence (a wrapped
            // line goes on with its sentence).
            if k > 0 && t.sentence_start && t.gap == tokens::Gap::Break && t.kind != TokKind::Punct
            {
                return;
            }
            if k == 0 && first_known {
                if !Self::case_fits(w.caps, w.cap, t) {
                    return;
                }
                continue;
            }
            if !w.prefix && hashes.get(i + k) != Some(&w.hash) {
                return;
            }
            if !Self::word_matches(w, t) {
                return;
            }
        }
        out.push(Hit {
            start: i,
            end: i + n,
            entry: p.entry,
        });
    }

    /// Every phrase occurrence in `toks`, sorted by start then by decreasing length.
    /// Overlapping hits of different lists are all kept; each consumer picks its own.
    pub fn scan(&self, toks: &[Token]) -> Vec<Hit> {
        let mut out = Vec::with_capacity(toks.len());
        let use_prefix = !self.by_prefix.is_empty();
        let hashes: Vec<u64> = toks.iter().map(|t| key_hash(&t.key)).collect();
        for (i, t) in toks.iter().enumerate() {
            let before = out.len();
            if let Some(bucket) = self.by_first.get(&hashes[i])
                && bucket.key == t.key
            {
                if let Some(&next) = hashes.get(i + 1) {
                    let by_next = bucket.by_next();
                    let from = by_next.partition_point(|c| c.next < next);
                    for c in by_next[from..].iter().take_while(|c| c.next == next) {
                        self.try_phrase(c.phrase, toks, &hashes, i, true, &mut out);
                    }
                    for c in bucket.open() {
                        self.try_phrase(c.phrase, toks, &hashes, i, true, &mut out);
                    }
                }
                for c in bucket.singles() {
                    if Self::case_fits(c.caps, c.cap, t) {
                        out.push(Hit {
                            start: i,
                            end: i + 1,
                            entry: c.entry,
                        });
                    }
                }
            }
            if !self.collided.is_empty()
                && let Some(ids) = self.collided.get(t.key.as_str())
            {
                for &id in ids {
                    self.try_phrase(id, toks, &hashes, i, false, &mut out);
                }
            }
            if use_prefix
                && t.key.len() >= 4
                && let Some(ids) = self.by_prefix.get(head_chars(&t.key, 4))
            {
                for &id in ids {
                    self.try_phrase(id, toks, &hashes, i, false, &mut out);
                }
            }
            // Hits are produced token by token: only this token's need ordering.
            if out.len() - before > 1 {
                out[before..].sort_by_key(|h| std::cmp::Reverse(h.end));
            }
        }
        out
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.by_first.values().map(|b| b.cands.len()).sum::<usize>()
            + self.by_prefix.values().map(Vec::len).sum::<usize>()
            + self.collided.values().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One language's phrases as written in the lists: (language, phrases, organisations).
type LangLists = (String, Vec<(String, Entry)>, Vec<(String, Entry)>);

/// Everything the events module reads from `assets/lexicon/`.
#[derive(Debug, Clone, Default)]
pub struct EventLexicon {
    pub types: Vec<EventType>,
    pub organisations: Vec<Organisation>,
    /// Source kinds named by `head` lines of `source_cues.tsv` (agency, person...).
    pub source_kinds: Vec<String>,
    /// Actor kinds named in `actor_nouns.tsv` (military, government...).
    pub actor_kinds: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of the countries demonyms point to.
    pub countries: Vec<String>,
    /// The phrases of each language as written in the lists, and its organisations.
    raw: Vec<LangLists>,
    /// The dictionaries of [`LANGS`] and, last, the union for other languages; each is built
    /// the first time a document needs it, so a run over French articles never compiles the
    /// English lists.
    dicts: [OnceLock<PhraseDict>; 3],
    /// Abbreviation keys (without their full stop) by language.
    abbreviations: Vec<(String, Vec<String>)>,
}

/// Reads a file; a missing file is `None`.
fn read(path: &Path) -> Result<Option<String>, EventsError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EventsError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Non-comment, non-blank lines with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim_end_matches(['\r', ' '])))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn forms(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|f| !f.is_empty())
}

fn bad(path: &Path, line: usize, why: impl Into<String>) -> EventsError {
    EventsError::Lexicon {
        path: path.to_path_buf(),
        line,
        why: why.into(),
    }
}

fn claim_of(s: &str) -> Option<Claim> {
    Some(match s {
        "reported" => Claim::Reported,
        "claimed" => Claim::Claimed,
        "denied" => Claim::Denied,
        "confirmed" => Claim::Confirmed,
        _ => return None,
    })
}

impl EventLexicon {
    /// Loads the lists from an assets folder (`<assets>/lexicon/...`). Missing files give
    /// empty lists; a malformed line is an error naming the file and the line.
    pub fn load(assets: &Path) -> Result<EventLexicon, EventsError> {
        let dir = assets.join("lexicon");
        EventLexicon::build(|lang, name| {
            let p = if lang.is_empty() {
                dir.join(name)
            } else {
                dir.join(lang).join(name)
            };
            Ok(read(&p)?.map(|t| (p, t)))
        })
    }

    /// Builds a lexicon from in-memory lists (tests and tools): `(lang, file name, text)`,
    /// with `lang` "" for the shared files (`demonyms.tsv`, `given_names.txt`) and file
    /// names as in the assets folder.
    pub fn from_texts(files: &[(&str, &str, &str)]) -> Result<EventLexicon, EventsError> {
        EventLexicon::build(|lang, name| {
            Ok(files
                .iter()
                .find(|(l, n, _)| *l == lang && *n == name)
                .map(|(l, n, t)| (Path::new(l).join(n), t.to_string())))
        })
    }

    /// Builds from a file source: `get(lang, name)` returns the file's path (for messages)
    /// and text, or `None` when it does not exist.
    fn build(
        get: impl Fn(&str, &str) -> Result<Option<(PathBuf, String)>, EventsError>,
    ) -> Result<EventLexicon, EventsError> {
        let mut lx = EventLexicon::default();
        // Lists shared by both languages.
        let mut shared: Vec<(String, Vec<(String, Entry)>)> =
            LANGS.iter().map(|l| (l.to_string(), Vec::new())).collect();
        if let Some((p, t)) = get("", "demonyms.tsv")? {
            lx.parse_demonyms(&p, &t, &mut shared)?;
        }
        if let Some((_, t)) = get("", "given_names.txt")? {
            let names = parse_given_names(&t);
            for (_, v) in &mut shared {
                v.extend(names.iter().cloned());
            }
        }
        for lang in LANGS {
            let mut phrases: Vec<(String, Entry)> = shared
                .iter_mut()
                .find(|(l, _)| l == lang)
                .map(|(_, v)| std::mem::take(v))
                .unwrap_or_default();
            let mut orgs = Vec::new();
            if let Some((_, t)) = get(lang, "titles.txt")? {
                for (_, l) in data_lines(&t) {
                    let f = l.split('\t').next().unwrap_or("").trim();
                    if !f.is_empty() {
                        phrases.push((f.to_string(), Entry::Title));
                    }
                }
            }
            if let Some((p, t)) = get(lang, "event_types.tsv")? {
                lx.parse_event_types(lang, &p, &t, &mut phrases)?;
            }
            if let Some((p, t)) = get(lang, "event_context.tsv")? {
                parse_context(&p, &t, &mut phrases)?;
            }
            if let Some((p, t)) = get(lang, "date_words.tsv")? {
                parse_date_words(&p, &t, &mut phrases)?;
            }
            if let Some((p, t)) = get(lang, "source_cues.tsv")? {
                lx.parse_source_cues(&p, &t, &mut phrases)?;
            }
            if let Some((p, t)) = get(lang, "actor_nouns.tsv")? {
                lx.parse_actor_nouns(&p, &t, &mut phrases)?;
            }
            if let Some((p, t)) = get(lang, "organisations.tsv")? {
                lx.parse_organisations(&p, &t, &mut orgs)?;
            }
            if let Some((_, t)) = get(lang, "abbreviations.txt")? {
                let keys = data_lines(&t)
                    .map(|(_, l)| name_key(l.trim().trim_end_matches('.')))
                    .filter(|k| !k.is_empty())
                    .collect();
                lx.abbreviations.push((lang.to_string(), keys));
            }
            lx.raw.push((lang.to_string(), phrases, orgs));
        }
        Ok(lx)
    }

    /// Builds the dictionary of `lang` ("" for the union): its own phrases, then every
    /// language's organisations, its own first.
    fn build_dict(&self, lang: &str) -> PhraseDict {
        let mut dict = PhraseDict::default();
        for (l, phrases, _) in &self.raw {
            if lang.is_empty() || l == lang {
                for (f, e) in phrases {
                    dict.add(f, *e);
                }
            }
        }
        let own = self.raw.iter().filter(|(l, _, _)| l == lang);
        let others = self.raw.iter().filter(|(l, _, _)| l != lang);
        for (_, _, orgs) in own.chain(others) {
            for (f, e) in orgs {
                dict.add(f, *e);
            }
        }
        dict
    }

    /// `place<TAB>lang<TAB>adj|noun<TAB>forms`: only sovereign states (two-letter codes)
    /// are kept, in the dictionary of their language.
    fn parse_demonyms(
        &mut self,
        path: &Path,
        text: &str,
        out: &mut [(String, Vec<(String, Entry)>)],
    ) -> Result<(), EventsError> {
        for (n, l) in data_lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.first() == Some(&"place") {
                continue;
            }
            if cols.len() < 4 {
                return Err(bad(
                    path,
                    n,
                    "expected 4 tab-separated columns: place, lang, kind, forms",
                ));
            }
            let code = cols[0];
            if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())) {
                continue;
            }
            let Some((_, v)) = out.iter_mut().find(|(l, _)| l == cols[1]) else {
                continue;
            };
            let country = match self.countries.iter().position(|c| c == code) {
                Some(i) => i,
                None => {
                    self.countries.push(code.to_string());
                    self.countries.len() - 1
                }
            };
            let country = u16::try_from(country).map_err(|_| bad(path, n, "too many countries"))?;
            let noun = cols[2].starts_with("noun");
            for f in forms(cols[3]) {
                v.push((f.to_string(), Entry::Demonym { country, noun }));
            }
        }
        Ok(())
    }

    /// Loads from the default assets folder ([`crate::gazetteer::assets_dir`]).
    pub fn load_default() -> Result<EventLexicon, EventsError> {
        let dir = crate::gazetteer::assets_dir().map_err(|e| EventsError::Assets(e.to_string()))?;
        EventLexicon::load(&dir)
    }

    /// `type<TAB>family<TAB>rank<TAB>label<TAB>forms`.
    fn parse_event_types(
        &mut self,
        lang: &str,
        path: &Path,
        text: &str,
        out: &mut Vec<(String, Entry)>,
    ) -> Result<(), EventsError> {
        for (n, l) in data_lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() < 5 {
                return Err(bad(
                    path,
                    n,
                    "expected 5 tab-separated columns: type, family, rank, label, forms",
                ));
            }
            let family = Family::parse(cols[1]).ok_or_else(|| {
                bad(
                    path,
                    n,
                    format!(
                        "unknown family {:?} (violence, unrest, military, political, speech)",
                        cols[1]
                    ),
                )
            })?;
            let rank: u8 = cols[2]
                .parse()
                .map_err(|_| bad(path, n, format!("rank {:?} is not a number 0-255", cols[2])))?;
            let code = cols[0];
            if code.is_empty() {
                return Err(bad(path, n, "empty type code"));
            }
            let ix = match self.types.iter().position(|t| t.code == code) {
                Some(i) => i,
                None => {
                    self.types.push(EventType {
                        code: code.to_string(),
                        family,
                        rank,
                        labels: Vec::new(),
                    });
                    self.types.len() - 1
                }
            };
            let ty = &mut self.types[ix];
            if !cols[3].is_empty() && !ty.labels.iter().any(|(l, _)| l == lang) {
                ty.labels.push((lang.to_string(), cols[3].to_string()));
            }
            let id = u16::try_from(ix).map_err(|_| bad(path, n, "too many event types"))?;
            for f in forms(cols[4]) {
                match f.strip_prefix('+') {
                    Some(q) => out.push((q.trim().to_string(), Entry::Qualifier(id))),
                    None => out.push((f.to_string(), Entry::Event(id))),
                }
            }
        }
        Ok(())
    }

    /// `cue<TAB>claim<TAB>prep|verb<TAB>forms`, `skip<TAB>-<TAB>-<TAB>forms`,
    /// `head<TAB>kind<TAB>-<TAB>forms`.
    fn parse_source_cues(
        &mut self,
        path: &Path,
        text: &str,
        out: &mut Vec<(String, Entry)>,
    ) -> Result<(), EventsError> {
        for (n, l) in data_lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                return Err(bad(
                    path,
                    n,
                    "expected 4 tab-separated columns: cue|skip|head, value, prep|verb|-, forms",
                ));
            }
            let entry = match cols[0] {
                "cue" => {
                    let claim = claim_of(cols[1]).ok_or_else(|| {
                        bad(
                            path,
                            n,
                            format!(
                                "unknown claim {:?} (reported, claimed, denied, confirmed)",
                                cols[1]
                            ),
                        )
                    })?;
                    let prep = match cols[2] {
                        "prep" => true,
                        "verb" => false,
                        other => {
                            return Err(bad(
                                path,
                                n,
                                format!("cue position {other:?} is neither prep nor verb"),
                            ));
                        }
                    };
                    Entry::Cue { claim, prep }
                }
                "skip" => Entry::Skip,
                "head" => Entry::SourceHead(intern(&mut self.source_kinds, cols[1], path, n)?),
                other => {
                    return Err(bad(
                        path,
                        n,
                        format!("unknown line kind {other:?} (cue, skip, head)"),
                    ));
                }
            };
            for f in forms(cols[3]) {
                out.push((f.to_string(), entry));
            }
        }
        Ok(())
    }

    /// `kind<TAB>forms`.
    fn parse_actor_nouns(
        &mut self,
        path: &Path,
        text: &str,
        out: &mut Vec<(String, Entry)>,
    ) -> Result<(), EventsError> {
        for (n, l) in data_lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() < 2 {
                return Err(bad(
                    path,
                    n,
                    "expected 2 tab-separated columns: kind, forms",
                ));
            }
            let k = intern(&mut self.actor_kinds, cols[0], path, n)?;
            for f in forms(cols[1]) {
                out.push((f.to_string(), Entry::ActorNoun(k)));
            }
        }
        Ok(())
    }

    /// `name<TAB>kind<TAB>country<TAB>forms`.
    fn parse_organisations(
        &mut self,
        path: &Path,
        text: &str,
        out: &mut Vec<(String, Entry)>,
    ) -> Result<(), EventsError> {
        for (n, l) in data_lines(text) {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            if cols.len() < 4 || cols[0].is_empty() {
                return Err(bad(
                    path,
                    n,
                    "expected 4 tab-separated columns: name, kind, country, forms",
                ));
            }
            let country = match cols[2] {
                "" | "-" => None,
                c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                    Some(c.to_string())
                }
                c => {
                    return Err(bad(
                        path,
                        n,
                        format!("country {c:?} is not an ISO 3166-1 alpha-2 code or -"),
                    ));
                }
            };
            let org = Organisation {
                name: cols[0].to_string(),
                kind: cols[1].to_string(),
                country,
            };
            let ix = match self.organisations.iter().position(|o| *o == org) {
                Some(i) => i,
                None => {
                    self.organisations.push(org);
                    self.organisations.len() - 1
                }
            };
            let id = u16::try_from(ix).map_err(|_| bad(path, n, "too many organisations"))?;
            // The display name is a form too.
            out.push((cols[0].to_string(), Entry::Org(id)));
            for f in forms(cols[3]) {
                out.push((f.to_string(), Entry::Org(id)));
            }
        }
        Ok(())
    }

    /// The dictionary for a document language: its own, or for other languages the union
    /// of all lists (built on first use).
    pub fn dict(&self, lang: &str) -> &PhraseDict {
        let ix = LANGS.iter().position(|l| *l == lang).unwrap_or(LANGS.len());
        let key = LANGS.get(ix).copied().unwrap_or("");
        match self.dicts.get(ix) {
            Some(cell) => cell.get_or_init(|| self.build_dict(key)),
            None => {
                static EMPTY: OnceLock<PhraseDict> = OnceLock::new();
                EMPTY.get_or_init(PhraseDict::default)
            }
        }
    }

    /// True when `key` (folded, without its full stop) is an abbreviation in `lang` (in any
    /// language when `lang` has no list).
    pub fn is_abbreviation(&self, lang: &str, key: &str) -> bool {
        let own = self.abbreviations.iter().any(|(l, _)| l == lang);
        self.abbreviations
            .iter()
            .filter(|(l, _)| !own || l == lang)
            .any(|(_, keys)| keys.iter().any(|k| k == key))
    }

    /// The event type with this index.
    pub fn event_type(&self, id: u16) -> Option<&EventType> {
        self.types.get(usize::from(id))
    }
}

/// `given_names.txt`: one name per line; names also known as places (`Name<TAB>place`)
/// are ambiguous; after the comment that opens the particles section (`# particles...`),
/// every name is a particle.
fn parse_given_names(text: &str) -> Vec<(String, Entry)> {
    let mut out = Vec::new();
    let mut particles = false;
    for l in text.lines() {
        let t = l.trim();
        if let Some(c) = t.strip_prefix('#') {
            if c.trim_start().to_lowercase().starts_with("particles") {
                particles = true;
            }
            continue;
        }
        let mut cols = t.split('\t').map(str::trim);
        let name = cols.next().unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let e = if particles {
            Entry::Particle
        } else if cols.any(|c| c == "place") {
            Entry::AmbiguousName
        } else {
            Entry::GivenName
        };
        out.push((name.to_string(), e));
    }
    out
}

fn intern(v: &mut Vec<String>, s: &str, path: &Path, line: usize) -> Result<u8, EventsError> {
    let i = match v.iter().position(|x| x == s) {
        Some(i) => i,
        None => {
            v.push(s.to_string());
            v.len() - 1
        }
    };
    u8::try_from(i).map_err(|_| bad(path, line, "too many kinds (at most 256)"))
}

/// `kind<TAB>forms`.
fn parse_context(
    path: &Path,
    text: &str,
    out: &mut Vec<(String, Entry)>,
) -> Result<(), EventsError> {
    for (n, l) in data_lines(text) {
        let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        if cols.len() < 2 {
            return Err(bad(
                path,
                n,
                "expected 2 tab-separated columns: kind, forms",
            ));
        }
        let c = Context::parse(cols[0]).ok_or_else(|| {
            bad(
                path,
                n,
                format!(
                    "unknown kind {:?} (hedge, negation, barrier, locative, origin, relative, agentive, target, genitive, place_noun, determiner, anaphor)",
                    cols[0]
                ),
            )
        })?;
        for f in forms(cols[1]) {
            out.push((f.to_string(), Entry::Context(c)));
        }
    }
    Ok(())
}

/// `kind<TAB>value<TAB>forms`.
fn parse_date_words(
    path: &Path,
    text: &str,
    out: &mut Vec<(String, Entry)>,
) -> Result<(), EventsError> {
    for (n, l) in data_lines(text) {
        let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        if cols.len() < 3 {
            return Err(bad(
                path,
                n,
                "expected 3 tab-separated columns: kind, value, forms",
            ));
        }
        let num = |lo: i32, hi: i32| -> Result<i32, EventsError> {
            cols[1]
                .parse::<i32>()
                .ok()
                .filter(|v| (lo..=hi).contains(v))
                .ok_or_else(|| {
                    bad(
                        path,
                        n,
                        format!("value {:?} is not a number in {lo}..={hi}", cols[1]),
                    )
                })
        };
        // The ranges checked above make these conversions exact.
        let w = match cols[0] {
            "month" => DateWord::Month(num(1, 12)? as u8),
            "weekday" => DateWord::Weekday(num(1, 7)? as u8),
            "relday" => DateWord::RelDay(num(-9, 9)? as i8),
            "relweek" => DateWord::RelWeek(num(-9, 9)? as i8),
            "relmonth" => DateWord::RelMonth(num(-9, 9)? as i8),
            "relyear" => DateWord::RelYear(num(-9, 9)? as i8),
            "past" => DateWord::Past,
            "next" => DateWord::Next,
            "part" => DateWord::Part(match cols[1] {
                "early" => MonthPart::Early,
                "mid" => MonthPart::Mid,
                "late" => MonthPart::Late,
                other => {
                    return Err(bad(
                        path,
                        n,
                        format!("part {other:?} is not early, mid or late"),
                    ));
                }
            }),
            "range_from" => DateWord::RangeFrom,
            "range_to" => DateWord::RangeTo,
            "range_and" => DateWord::RangeAnd,
            "intro" => DateWord::Intro,
            "filler" => DateWord::Filler,
            "ordinal" => DateWord::Ordinal,
            other => {
                return Err(bad(
                    path,
                    n,
                    format!(
                        "unknown kind {other:?} (month, weekday, relday, relweek, relmonth, relyear, past, next, part, range_from, range_to, range_and, intro, filler, ordinal)"
                    ),
                ));
            }
        };
        for f in forms(cols[2]) {
            out.push((f.to_string(), Entry::Date(w)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(forms: &[(&str, Entry)]) -> PhraseDict {
        let mut d = PhraseDict::default();
        for (f, e) in forms {
            assert!(d.add(f, *e));
        }
        d
    }

    #[test]
    fn phrases_match_on_folded_tokens() {
        let d = dict(&[
            ("assassinat", Entry::Event(0)),
            ("pris pour cible", Entry::Event(1)),
            (
                "d'après",
                Entry::Cue {
                    claim: Claim::Reported,
                    prep: true,
                },
            ),
            ("fortifi*", Entry::Event(2)),
            ("AP", Entry::Org(0)),
        ]);
        let text = "L’Assassinat, d’après l'AP : l'Iran a pris pour cible la base fortifiée; ap.";
        let toks = tokens::tokenize(text);
        let hits = d.scan(&toks);
        let got: Vec<(&str, Entry)> = hits
            .iter()
            .map(|h| (&text[toks[h.start].start..toks[h.end - 1].end], h.entry))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Assassinat", Entry::Event(0)),
                (
                    "d’après",
                    Entry::Cue {
                        claim: Claim::Reported,
                        prep: true
                    }
                ),
                ("AP", Entry::Org(0)),
                ("pris pour cible", Entry::Event(1)),
                ("fortifiée", Entry::Event(2)),
            ]
        );
    }

    #[test]
    fn short_prefixes_are_exact_words() {
        // "war*" has fewer than four letters: it is the word "war", not a prefix.
        let d = dict(&[("war*", Entry::Event(0))]);
        let toks = tokens::tokenize("warning war");
        let hits = d.scan(&toks);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].start, 1);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let err = EventLexicon::from_texts(&[(
            "fr",
            "event_types.tsv",
            "# comment\nattack\tviolence\t5\tAttaque\tattaque\nbad\tnope\t1\tX\tx\n",
        )])
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("event_types.tsv:3"), "{msg}");
        assert!(msg.contains("unknown family"), "{msg}");
        let err =
            EventLexicon::from_texts(&[("en", "date_words.tsv", "month\t13\tFoo\n")]).unwrap_err();
        assert!(err.to_string().contains("date_words.tsv:1"), "{err}");
    }

    #[test]
    fn lists_load_into_per_language_dictionaries() {
        let lx = EventLexicon::from_texts(&[
            (
                "fr",
                "event_types.tsv",
                "attack\tviolence\t5\tAttaque\tattaque|attaques\n",
            ),
            (
                "en",
                "event_types.tsv",
                "attack\tviolence\t5\tAttack\tattack|attacks\n",
            ),
            (
                "fr",
                "organisations.tsv",
                "Pentagone\tmilitary\tUS\tle Pentagone\n",
            ),
            (
                "en",
                "organisations.tsv",
                "Pentagon\tmilitary\tUS\tthe Pentagon\n",
            ),
            ("fr", "abbreviations.txt", "janv.\nM.\n"),
        ])
        .unwrap();
        assert_eq!(lx.types.len(), 1);
        assert_eq!(lx.types[0].label("fr"), "Attaque");
        assert_eq!(lx.types[0].label("en"), "Attack");
        assert_eq!(lx.types[0].label("de"), "Attaque");
        let fr = lx.dict("fr");
        let toks = tokens::tokenize("attaque attack Pentagone Pentagon");
        let hits = fr.scan(&toks);
        // French triggers only, but both languages' organisations.
        let entries: Vec<Entry> = hits.iter().map(|h| h.entry).collect();
        assert_eq!(entries, vec![Entry::Event(0), Entry::Org(0), Entry::Org(1)]);
        assert!(lx.is_abbreviation("fr", "janv"));
        assert!(!lx.is_abbreviation("fr", "jan"));
        // Other languages use the union.
        assert_eq!(lx.dict("de").scan(&toks).len(), 4);
    }
}
