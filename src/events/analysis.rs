//! One document prepared for event extraction: its tokens, every lexicon phrase found in
//! them, its sentences and dates, and where each geoparsed mention sits among the tokens.
//!
//! Everything here is computed once per document in linear time (one tokenizer pass, one
//! dictionary scan, one merge of mentions with tokens) and then read by the other
//! submodules through small helpers, so that no later step rescans the text.

use std::borrow::Cow;

use crate::gazetteer::{Entity, Gazetteer, Kind as PlaceKind};
use crate::geoparse::Mention;
use crate::geoparse::tokens::{self, Kind as TokKind, Token};

use super::dates::{self, DateHit, DateWords};
use super::lexicon::{Context, Entry, EventLexicon, Hit, PhraseDict};
use super::sentences::{self, Sentence};

/// Bit of a [`Context`] in a token's mask.
pub fn bit(c: Context) -> u16 {
    1 << (c as u16)
}

/// What sits right before a place mention, read backwards over determiners, "de" and
/// generic place nouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookback {
    /// à, dans, near: where something happens.
    Locative,
    /// "la ville d'Erbil": a place noun, then the name.
    PlaceNoun,
    /// depuis, from.
    Origin,
    /// au nord de, north of: a reference point, not the place itself.
    Relative,
    /// par, by.
    Agentive,
    /// contre, against.
    Target,
    /// de, of, after something that is not a place noun ("l'aide des États-Unis").
    Genitive,
    Nothing,
}

pub struct Analysis<'a> {
    pub text: &'a str,
    /// "fr", "en", or another code (then lists of both languages apply).
    pub lang: &'a str,
    pub lex: &'a EventLexicon,
    pub gaz: &'a Gazetteer,
    pub mentions: &'a [Mention],
    /// The tokens of the text: tokenized here, or borrowed from a caller that has them.
    pub toks: Cow<'a, [Token]>,
    /// Every phrase hit, sorted by start token then by decreasing length.
    pub hits: Vec<Hit>,
    /// Index of the first hit starting at or after each token (one more slot at the end).
    hit_from: Vec<u32>,
    /// Context kinds of phrases ending at each token.
    ctx_end: Vec<u16>,
    /// Context kinds of phrases starting at each token.
    ctx_start: Vec<u16>,
    pub sentences: Vec<Sentence>,
    pub dates: Vec<DateHit>,
    /// Token range of each mention (empty when it does not align with tokens).
    pub mention_toks: Vec<(usize, usize)>,
    /// Per token: the end of the longest title starting there (0 when none).
    pub title_end: Vec<u32>,
    /// Per token: [`GIVEN`], [`PARTICLE`] and [`AMBIGUOUS`] bits.
    pub name_flags: Vec<u8>,
    /// Per token: the demonym starting there (country index, inhabitant noun?, end).
    pub demonym_at: Vec<Option<(u16, bool, u32)>>,
    /// Per token: the group noun starting there (end, kind index).
    pub noun_start: Vec<Option<(u32, u8)>>,
    /// Per token: the group noun ending there (start, kind index).
    pub noun_end: Vec<Option<(u32, u8)>>,
}

/// A given name ("Adel").
pub const GIVEN: u8 = 1;
/// A name particle ("Abdel").
pub const PARTICLE: u8 = 2;
/// A given name that is also a place ("Jordan", "Adel").
pub const AMBIGUOUS: u8 = 4;

impl<'a> Analysis<'a> {
    /// Prepares `text`, tokenizing it.
    pub fn new(
        text: &'a str,
        lang: &'a str,
        lex: &'a EventLexicon,
        gaz: &'a Gazetteer,
        mentions: &'a [Mention],
    ) -> Analysis<'a> {
        Analysis::with_tokens(
            text,
            Cow::Owned(tokens::tokenize(text)),
            lang,
            lex,
            gaz,
            mentions,
        )
    }

    /// Prepares `text` whose tokens ([`tokens::tokenize`] of `text`) are already known.
    pub fn with_tokens(
        text: &'a str,
        toks: Cow<'a, [Token]>,
        lang: &'a str,
        lex: &'a EventLexicon,
        gaz: &'a Gazetteer,
        mentions: &'a [Mention],
    ) -> Analysis<'a> {
        let dict: &PhraseDict = lex.dict(lang);
        let hits = dict.scan(&toks);
        let n = toks.len();
        let mut hit_from = vec![0u32; n + 1];
        {
            let mut h = hits.len();
            for i in (0..=n).rev() {
                while h > 0 && hits[h - 1].start >= i {
                    h -= 1;
                }
                hit_from[i] = h as u32;
            }
        }
        let mut ctx_end = vec![0u16; n];
        let mut ctx_start = vec![0u16; n];
        let mut title_end = vec![0u32; n];
        let mut name_flags = vec![0u8; n];
        let mut demonym_at: Vec<Option<(u16, bool, u32)>> = vec![None; n];
        let mut noun_start: Vec<Option<(u32, u8)>> = vec![None; n];
        let mut noun_end: Vec<Option<(u32, u8)>> = vec![None; n];
        for h in &hits {
            let (s, e) = (h.start, h.end as u32);
            match h.entry {
                Entry::Context(c) => {
                    if let Some(m) = ctx_end.get_mut(h.end - 1) {
                        *m |= bit(c);
                    }
                    if let Some(m) = ctx_start.get_mut(s) {
                        *m |= bit(c);
                    }
                }
                Entry::Title => {
                    if let Some(x) = title_end.get_mut(s) {
                        *x = (*x).max(e);
                    }
                }
                Entry::GivenName => {
                    if let Some(x) = name_flags.get_mut(s)
                        && h.end == s + 1
                    {
                        *x |= GIVEN;
                    }
                }
                Entry::AmbiguousName => {
                    if let Some(x) = name_flags.get_mut(s)
                        && h.end == s + 1
                    {
                        *x |= AMBIGUOUS;
                    }
                }
                Entry::Particle => {
                    if let Some(x) = name_flags.get_mut(s)
                        && h.end == s + 1
                    {
                        *x |= PARTICLE;
                    }
                }
                Entry::Demonym { country, noun } => {
                    if let Some(x) = demonym_at.get_mut(s)
                        && x.is_none_or(|(_, _, end)| end < e)
                    {
                        *x = Some((country, noun, e));
                    }
                }
                Entry::ActorNoun(k) => {
                    if let Some(x) = noun_start.get_mut(s)
                        && x.is_none_or(|(end, _)| end < e)
                    {
                        *x = Some((e, k));
                    }
                    if let Some(x) = noun_end.get_mut(h.end - 1)
                        && x.is_none_or(|(start, _)| start as usize > s)
                    {
                        *x = Some((s as u32, k));
                    }
                }
                _ => {}
            }
        }
        let sentences = sentences::split(text, &toks, lex, lang);
        let words = DateWords::new(n, &hits);
        let dates = dates::find(&toks, &words, lang);
        // Mentions and tokens are both sorted: one merge.
        let mut mention_toks = Vec::with_capacity(mentions.len());
        let mut t = 0;
        for m in mentions {
            while t < n && toks[t].end <= m.start {
                t += 1;
            }
            let a = t;
            let mut b = a;
            while b < n && toks[b].start < m.end {
                b += 1;
            }
            mention_toks.push((a, b));
        }
        Analysis {
            text,
            lang,
            lex,
            gaz,
            mentions,
            toks,
            hits,
            hit_from,
            ctx_end,
            ctx_start,
            sentences,
            dates,
            mention_toks,
            title_end,
            name_flags,
            demonym_at,
            noun_start,
            noun_end,
        }
    }

    /// The country (ISO alpha-2) of a demonym index.
    pub fn country_code(&self, ix: u16) -> Option<&'a str> {
        self.lex.countries.get(usize::from(ix)).map(String::as_str)
    }

    /// Hits starting in tokens `a..b`.
    pub fn hits_in(&self, a: usize, b: usize) -> &[Hit] {
        let lo = self.hit_from.get(a).copied().unwrap_or(0) as usize;
        let hi = self
            .hit_from
            .get(b.min(self.toks.len()))
            .copied()
            .unwrap_or(self.hits.len() as u32) as usize;
        self.hits.get(lo..hi).unwrap_or(&[])
    }

    /// True when a phrase of context kind `c` ends at token `i`.
    pub fn ends_with(&self, i: usize, c: Context) -> bool {
        self.ctx_end.get(i).is_some_and(|m| m & bit(c) != 0)
    }

    /// True when a phrase of context kind `c` starts at token `i`.
    pub fn starts_with(&self, i: usize, c: Context) -> bool {
        self.ctx_start.get(i).is_some_and(|m| m & bit(c) != 0)
    }

    /// The text of tokens `a..b`.
    pub fn span_text(&self, a: usize, b: usize) -> &'a str {
        if a >= b || b > self.toks.len() {
            return "";
        }
        self.text
            .get(self.toks[a].start..self.toks[b - 1].end)
            .unwrap_or("")
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Punct)
    }

    /// Reads backwards from the token before `start` (at most six tokens, never across
    /// punctuation or before `floor`) to find what governs a place name.
    pub fn lookback(&self, start: usize, floor: usize) -> Lookback {
        let mut saw_gen = false;
        let mut saw_place_noun = false;
        let mut j = start;
        for _ in 0..6 {
            if j <= floor {
                break;
            }
            j -= 1;
            if self.is_punct(j) {
                break;
            }
            let m = self.ctx_end.get(j).copied().unwrap_or(0);
            if m & bit(Context::Relative) != 0 {
                return Lookback::Relative;
            }
            if m & bit(Context::Locative) != 0 {
                return Lookback::Locative;
            }
            if m & bit(Context::Origin) != 0 {
                return Lookback::Origin;
            }
            if m & bit(Context::Agentive) != 0 {
                return Lookback::Agentive;
            }
            if m & bit(Context::Target) != 0 {
                return Lookback::Target;
            }
            if m & bit(Context::PlaceNoun) != 0 {
                saw_place_noun = true;
                continue;
            }
            if m & bit(Context::Genitive) != 0 {
                saw_gen = true;
                continue;
            }
            if m & bit(Context::Determiner) != 0 {
                continue;
            }
            break;
        }
        if saw_place_noun {
            Lookback::PlaceNoun
        } else if saw_gen {
            Lookback::Genitive
        } else {
            Lookback::Nothing
        }
    }

    /// The gazetteer entity of a mention.
    pub fn entity(&self, m: usize) -> Option<Entity<'a>> {
        let id = self.mentions.get(m)?.entity?;
        Some(self.gaz.entity(id))
    }

    /// Countries, and capitals used for their governments ("Washington a répondu").
    pub fn is_country_like(&self, m: usize) -> bool {
        self.entity(m).is_some_and(|e| {
            e.kind() == PlaceKind::Country || (e.kind() == PlaceKind::City && e.is_capital())
        })
    }

    /// The country a mention stands for when it is an actor: the country itself, or the
    /// country of a capital.
    pub fn actor_country(&self, m: usize) -> Option<String> {
        self.entity(m).and_then(|e| e.country().map(str::to_string))
    }

    /// The name of a country (ISO alpha-2) in the document's language.
    pub fn country_name(&self, iso2: &str) -> String {
        let lang = if self.lang == "fr" { "fr" } else { "en" };
        self.gaz
            .country(iso2)
            .map_or_else(|| iso2.to_string(), |e| e.name(lang).to_string())
    }

    /// The token index of the first token at or after byte `b`.
    pub fn token_at_byte(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.start < b)
    }

    /// The sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> Option<usize> {
        let k = self.sentences.partition_point(|s| s.tok_end <= i);
        (k < self.sentences.len()).then_some(k)
    }
}
