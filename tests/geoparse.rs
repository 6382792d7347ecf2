//! Integration tests of the geoparser (`Geoparser::load_default()` and `parse`) against the
//! rules of its specification: elisions with either apostrophe, hyphenated pairs,
//! multi-word names, facility phrases, transliteration variants, person-name guards,
//! common words that are also places, document-level disambiguation, confidence and
//! ranked alternatives, and byte offsets.
//!
//! Every test checks both detection (the exact byte span and surface) and resolution (the
//! kind, the country and the point, within a few kilometres of the real place). The
//! articles in `tests/articles/` were written for these tests; so were the short texts
//! inline. Tests marked `#[ignore]` state a rule the parser does not meet yet: the reason
//! says what it returns instead.

use std::sync::OnceLock;

use dateline::gazetteer::{Entity, Kind, haversine_km};
use dateline::geoparse::{Geoparser, How, Mention};

const FR_STRIKE: &str = include_str!("articles/fr-frappe-base-aerienne.txt");
const EN_STRIKE: &str = include_str!("articles/en-air-base-strike.txt");
const FR_FLOOD: &str = include_str!("articles/fr-crue-tours.txt");
const EN_WIRE: &str = include_str!("articles/en-wire-gulf.txt");
const FR_SAMPLE: &str = include_str!("../assets/samples/fr-bagdad-erbil.txt");

/// Real coordinates (lat, lon) of the places the tests expect.
const BAGHDAD: (f64, f64) = (33.34, 44.40);
const BAGHDAD_AIRPORT: (f64, f64) = (33.26, 44.23);
const AIN_AL_ASAD: (f64, f64) = (33.80, 42.44);
const ERBIL: (f64, f64) = (36.19, 44.01);
const WASHINGTON_DC: (f64, f64) = (38.90, -77.04);
const NEW_YORK: (f64, f64) = (40.71, -74.01);
const TEHRAN: (f64, f64) = (35.69, 51.42);
const ARAK: (f64, f64) = (34.09, 49.69);
const IRAQ_CENTRE: (f64, f64) = (33.2, 43.7);
const SAUDI_CENTRE: (f64, f64) = (24.0, 45.0);
const UAE_CENTRE: (f64, f64) = (24.0, 54.0);
const HORMUZ: (f64, f64) = (26.57, 56.25);
const PERSIAN_GULF: (f64, f64) = (26.5, 52.0);
const TOURS: (f64, f64) = (47.39, 0.69);
const TRIPOLI_LIBYA: (f64, f64) = (32.89, 13.19);
const TRIPOLI_LEBANON: (f64, f64) = (34.44, 35.85);
const PARIS_TEXAS: (f64, f64) = (33.66, -95.56);

/// The geoparser, loaded once for all tests.
fn gp() -> &'static Geoparser {
    static GP: OnceLock<Geoparser> = OnceLock::new();
    GP.get_or_init(|| {
        Geoparser::load_default().unwrap_or_else(|e| panic!("cannot load the geoparser: {e}"))
    })
}

fn entity(id: u32) -> Entity<'static> {
    gp().gazetteer().entity(id)
}

/// A text and the mentions the geoparser found in it.
struct Parsed<'t> {
    text: &'t str,
    mentions: Vec<Mention>,
}

fn parse<'t>(text: &'t str, lang: &str) -> Parsed<'t> {
    Parsed {
        text,
        mentions: gp().parse(text, lang),
    }
}

impl Parsed<'_> {
    /// Every mention, one a line, for failure messages.
    fn dump(&self) -> String {
        let mut s = String::new();
        for m in &self.mentions {
            let e = m.entity.map(|id| format!("{:?}", entity(id)));
            s.push_str(&format!(
                "  {}..{} {:?} {:?} conf {:.3} -> {}\n",
                m.start,
                m.end,
                m.surface,
                m.how,
                m.confidence,
                e.unwrap_or_else(|| format!("no entity, point {:?}", m.point))
            ));
        }
        s
    }

    /// The byte range of `context`, which must occur exactly once in the text.
    #[track_caller]
    fn range_of(&self, context: &str) -> (usize, usize) {
        let n = self.text.matches(context).count();
        assert_eq!(n, 1, "{context:?} occurs {n} times in the text, want once");
        let start = self.text.find(context).unwrap_or_default();
        (start, start + context.len())
    }

    /// The mention whose span is exactly `surface` as it occurs inside `context`.
    #[track_caller]
    fn at(&self, context: &str, surface: &str) -> &Mention {
        let (c0, _) = self.range_of(context);
        let off = context
            .find(surface)
            .unwrap_or_else(|| panic!("{surface:?} is not inside {context:?}"));
        let (start, end) = (c0 + off, c0 + off + surface.len());
        self.mentions
            .iter()
            .find(|m| m.start == start && m.end == end)
            .unwrap_or_else(|| {
                panic!(
                    "no mention {surface:?} at bytes {start}..{end} (in {context:?}); mentions:\n{}",
                    self.dump()
                )
            })
    }

    /// Asserts that no mention overlaps `context`.
    #[track_caller]
    fn none_in(&self, context: &str) {
        let (c0, c1) = self.range_of(context);
        let found: Vec<&Mention> = self
            .mentions
            .iter()
            .filter(|m| m.start < c1 && c0 < m.end)
            .collect();
        assert!(
            found.is_empty(),
            "expected no place in {context:?}, found {:?}; mentions:\n{}",
            found
                .iter()
                .map(|m| (
                    m.surface.as_str(),
                    m.entity.map(|id| format!("{:?}", entity(id)))
                ))
                .collect::<Vec<_>>(),
            self.dump()
        );
    }
}

/// Asserts the resolved place of a mention: kind, country, and the point within `km` of
/// `at` (both the entity's point and the mention's pin).
#[track_caller]
fn assert_place(m: &Mention, kind: Kind, country: Option<&str>, at: (f64, f64), km: f64) {
    let id = m
        .entity
        .unwrap_or_else(|| panic!("{:?} resolved to no entity ({:?})", m.surface, m.point));
    let e = entity(id);
    assert_eq!(e.kind(), kind, "{:?} resolved to {e:?}", m.surface);
    assert_eq!(e.country(), country, "{:?} resolved to {e:?}", m.surface);
    let d = haversine_km(e.lat(), e.lon(), at.0, at.1);
    assert!(
        d <= km,
        "{:?} resolved to {e:?}, {d:.0} km from {at:?}",
        m.surface
    );
    let (lat, lon) = m
        .point
        .unwrap_or_else(|| panic!("{:?} has no point", m.surface));
    let d = haversine_km(lat, lon, at.0, at.1);
    assert!(
        d <= km,
        "{:?} is pinned at ({lat}, {lon}), {d:.0} km from {at:?}",
        m.surface
    );
}

// Elisions.

#[test]
fn elision_with_straight_apostrophe_starts_the_name_after_it() {
    let p = parse(FR_STRIKE, "fr");
    let irak = p.at("l'Irak, le gouvernement", "Irak");
    assert_place(irak, Kind::Country, Some("IQ"), IRAQ_CENTRE, 300.0);
    let erbil = p.at("près d'Erbil", "Erbil");
    assert_place(erbil, Kind::City, Some("IQ"), ERBIL, 10.0);
    let erbil = p.at("habitants d'Erbil", "Erbil");
    assert_place(erbil, Kind::City, Some("IQ"), ERBIL, 10.0);
}

#[test]
fn elision_with_typographic_apostrophe_starts_the_name_after_it() {
    let p = parse(FR_STRIKE, "fr");
    let iran = p.at("par l’Iran", "Iran");
    assert_place(iran, Kind::Country, Some("IR"), (32.5, 54.0), 400.0);
    let erbil = p.at("départ d’Erbil", "Erbil");
    assert_place(erbil, Kind::City, Some("IQ"), ERBIL, 10.0);
}

#[test]
fn elisions_give_the_same_places_with_either_apostrophe() {
    let straight = "Les renforts ont quitté l'Irak pour rejoindre la base d'Erbil.";
    let curly = "Les renforts ont quitté l’Irak pour rejoindre la base d’Erbil.";
    let (a, b) = (parse(straight, "fr"), parse(curly, "fr"));
    let ids = |p: &Parsed| -> Vec<(String, Option<u32>)> {
        p.mentions
            .iter()
            .map(|m| (m.surface.clone(), m.entity))
            .collect()
    };
    assert_place(
        a.at("l'Irak", "Irak"),
        Kind::Country,
        Some("IQ"),
        IRAQ_CENTRE,
        300.0,
    );
    assert_eq!(
        ids(&a),
        ids(&b),
        "straight:\n{}curly:\n{}",
        a.dump(),
        b.dump()
    );
}

// Hyphenated pairs.

#[test]
fn hyphenated_pair_washington_bagdad_is_two_places() {
    let p = parse(FR_STRIKE, "fr");
    let w = p.at("l'axe Washington-Bagdad", "Washington");
    let b = p.at("l'axe Washington-Bagdad", "Bagdad");
    assert_place(w, Kind::City, Some("US"), WASHINGTON_DC, 15.0);
    assert_place(b, Kind::City, Some("IQ"), BAGHDAD, 15.0);
    assert_eq!(w.end + 1, b.start, "the hyphen separates the two names");
    assert_eq!((w.how, b.how), (How::Name, How::Name));
    // The same pattern in the bundled sample article.
    let s = parse(FR_SAMPLE, "fr");
    let w = s.at("coopération Washington-Bagdad", "Washington");
    let b = s.at("coopération Washington-Bagdad", "Bagdad");
    assert_place(w, Kind::City, Some("US"), WASHINGTON_DC, 15.0);
    assert_place(b, Kind::City, Some("IQ"), BAGHDAD, 15.0);
}

// Multi-word names.

#[test]
fn multi_word_names_in_english() {
    let p = parse(EN_STRIKE, "en");
    let sa = p.at("of Saudi Arabia", "Saudi Arabia");
    assert_place(sa, Kind::Country, Some("SA"), SAUDI_CENTRE, 400.0);
    let ae = p.at("the United Arab Emirates", "United Arab Emirates");
    assert_place(ae, Kind::Country, Some("AE"), UAE_CENTRE, 200.0);
    let ny = p.at("in New York and London", "New York");
    assert_place(ny, Kind::City, Some("US"), NEW_YORK, 10.0);
    let gulf = p.at("the Persian Gulf", "Persian Gulf");
    assert_place(gulf, Kind::Sea, None, PERSIAN_GULF, 250.0);
    let hormuz = p.at("the Strait of Hormuz", "Strait of Hormuz");
    assert_place(hormuz, Kind::Strait, None, HORMUZ, 60.0);
}

#[test]
fn multi_word_names_in_french() {
    let p = parse(FR_STRIKE, "fr");
    let ny = p.at("bondi à New York", "New York");
    assert_place(ny, Kind::City, Some("US"), NEW_YORK, 10.0);
    // A lower-case generic head word opens the name.
    let hormuz = p.at("le détroit d'Ormuz", "détroit d'Ormuz");
    assert_place(hormuz, Kind::Strait, None, HORMUZ, 60.0);
    let gulf = p.at("le golfe Persique", "golfe Persique");
    assert_place(gulf, Kind::Sea, None, PERSIAN_GULF, 250.0);
    let q = parse(
        "La Corée du Sud, le Royaume-Uni et les États-Unis ont salué l'accord.",
        "fr",
    );
    let kr = q.at("La Corée du Sud", "Corée du Sud");
    assert_place(kr, Kind::Country, Some("KR"), (36.5, 127.9), 200.0);
    let gb = q.at("le Royaume-Uni", "Royaume-Uni");
    assert_place(gb, Kind::Country, Some("GB"), (54.0, -2.0), 300.0);
    let us = q.at("les États-Unis", "États-Unis");
    assert_place(us, Kind::Country, Some("US"), (39.8, -98.6), 500.0);
}

#[test]
fn multi_word_french_names_with_a_lower_case_adjective() {
    let p = parse(FR_STRIKE, "fr");
    let sa = p.at("l'Arabie saoudite a appelé", "Arabie saoudite");
    assert_place(sa, Kind::Country, Some("SA"), SAUDI_CENTRE, 400.0);
    let q = parse(
        "Les Émirats arabes unis ont rappelé leur ambassadeur. Golfe persique : la tension monte.",
        "fr",
    );
    let ae = q.at("Les Émirats arabes unis", "Émirats arabes unis");
    assert_place(ae, Kind::Country, Some("AE"), UAE_CENTRE, 200.0);
    let gulf = q.at("Golfe persique :", "Golfe persique");
    assert_place(gulf, Kind::Sea, None, PERSIAN_GULF, 250.0);
}

// Facility phrases.

#[test]
fn french_airport_phrase_is_the_airport_not_the_city() {
    let p = parse(FR_STRIKE, "fr");
    let m = p.at("sortie de l'aéroport de Bagdad.", "aéroport de Bagdad");
    assert_eq!(m.how, How::Facility);
    assert_place(m, Kind::Airport, Some("IQ"), BAGHDAD_AIRPORT, 5.0);
    // Only one mention covers the phrase: the city is not reported as well.
    let (c0, c1) = p.range_of("l'aéroport de Bagdad");
    let inside = p
        .mentions
        .iter()
        .filter(|m| m.start < c1 && c0 < m.end)
        .count();
    assert_eq!(inside, 1, "mentions:\n{}", p.dump());
}

#[test]
fn french_military_base_phrase_is_the_air_base() {
    let p = parse(FR_STRIKE, "fr");
    // The base keeps its own name as the surface.
    let m = p.at("sur la base militaire d'Aïn al-Assad", "Aïn al-Assad");
    assert_eq!(m.how, How::Facility);
    assert_place(m, Kind::MilitaryBase, Some("IQ"), AIN_AL_ASAD, 5.0);
    let q = parse(
        "Les missiles ont visé la base aérienne d’Aïn al-Assad, dans l’ouest du pays.",
        "fr",
    );
    let m = q.at("d’Aïn al-Assad", "Aïn al-Assad");
    assert_place(m, Kind::MilitaryBase, Some("IQ"), AIN_AL_ASAD, 5.0);
}

#[test]
fn english_airport_phrases_are_the_airport() {
    let p = parse(EN_STRIKE, "en");
    let full = p.at(
        "at Baghdad International Airport on",
        "Baghdad International Airport",
    );
    assert_place(full, Kind::Airport, Some("IQ"), BAGHDAD_AIRPORT, 5.0);
    // "Baghdad airport": the place is the airport; the lower-case noun is not part of
    // the name, so the surface is "Baghdad".
    let short = p.at("at Baghdad airport, a security", "Baghdad");
    assert_eq!(short.how, How::Facility);
    assert_place(short, Kind::Airport, Some("IQ"), BAGHDAD_AIRPORT, 5.0);
    let headline = p.at("shuts Baghdad airport", "Baghdad");
    assert_place(headline, Kind::Airport, Some("IQ"), BAGHDAD_AIRPORT, 5.0);
    let base = p.at("the Ain al-Asad air base", "Ain al-Asad");
    assert_place(base, Kind::MilitaryBase, Some("IQ"), AIN_AL_ASAD, 5.0);
}

#[test]
fn place_after_a_titled_person_and_at_is_still_found() {
    let p = parse(
        "The drone strike killed Major General Qassem Soleimani at Baghdad airport last week.",
        "en",
    );
    let m = p.at("at Baghdad airport", "Baghdad");
    assert_place(m, Kind::Airport, Some("IQ"), BAGHDAD_AIRPORT, 5.0);
    let q = parse("The envoy met President Smith at Baghdad on Monday.", "en");
    let m = q.at("at Baghdad", "Baghdad");
    assert_place(m, Kind::City, Some("IQ"), BAGHDAD, 15.0);
}

// Transliteration variants.

#[test]
fn transliteration_variants_are_the_same_base() {
    let fr = parse(FR_STRIKE, "fr");
    let en = parse(EN_STRIKE, "en");
    let other = parse("Two rockets hit Al Asad Air Base in Anbar province.", "en");
    let variants = [
        fr.at("la base militaire d'Aïn al-Assad", "Aïn al-Assad"),
        en.at("the Ain al-Asad air base", "Ain al-Asad"),
        en.at("under way at Al Asad,", "Al Asad"),
        other.at("Al Asad Air Base", "Al Asad Air Base"),
    ];
    for m in variants {
        assert_place(m, Kind::MilitaryBase, Some("IQ"), AIN_AL_ASAD, 5.0);
    }
    let ids: Vec<Option<u32>> = variants.iter().map(|m| m.entity).collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "different entities: {ids:?}"
    );
}

// Person-name guards.

#[test]
fn adel_abdel_mahdi_is_a_person() {
    let fr = parse(FR_STRIKE, "fr");
    fr.none_in("Adel Abdel Mahdi");
    let sample = parse(FR_SAMPLE, "fr");
    sample.none_in("Adel Abdel Mahdi");
    let en = parse(EN_STRIKE, "en");
    en.none_in("Adel Abdul Mahdi");
    // The guard stops at the person: the places around are kept.
    let m = fr.at("prévenu par l’Iran", "Iran");
    assert_place(m, Kind::Country, Some("IR"), (32.5, 54.0), 400.0);
}

#[test]
fn french_title_general_makes_a_person() {
    let p = parse(FR_STRIKE, "fr");
    p.none_in("général Qassem Soleimani");
    let q = parse("Le général Soleimani a été tué près de Bagdad.", "fr");
    q.none_in("général Soleimani");
    assert_place(
        q.at("près de Bagdad", "Bagdad"),
        Kind::City,
        Some("IQ"),
        BAGHDAD,
        15.0,
    );
}

#[test]
fn english_title_president_makes_a_person() {
    let p = parse(EN_STRIKE, "en");
    p.none_in("President Donald Trump");
    p.none_in("portraits of Qassem Soleimani");
    let m = p.at("warned Iran against", "Iran");
    assert_place(m, Kind::Country, Some("IR"), (32.5, 54.0), 400.0);
}

#[test]
fn mr_paris_is_a_person_not_the_city() {
    let p = parse(EN_STRIKE, "en");
    p.none_in("Mr. Paris");
    let m = p.at("worked in Iraq since", "Iraq");
    assert_place(m, Kind::Country, Some("IQ"), IRAQ_CENTRE, 300.0);
}

#[test]
fn given_name_that_is_also_a_place_before_a_surname() {
    let p = parse(EN_WIRE, "en");
    p.none_in("Jordan Smith");
}

#[test]
fn surnames_after_a_particle_or_a_minor_place_name_are_persons() {
    let text = "Le romancier John dos PASSOS est arrivé hier à Marseille. Passos a ensuite \
                retrouvé Léon Werth sur le port, avant de repartir pour Lyon.";
    let p = parse(text, "fr");
    // "dos" between a given name and a surname: the surname is a person's all through.
    p.none_in("John dos PASSOS");
    p.none_in("Passos a ensuite");
    // "Werth" is a hamlet's name, not enough to make "Léon" the Spanish city.
    p.none_in("Léon Werth");
    p.at("à Marseille", "Marseille");
    p.at("pour Lyon", "Lyon");
}

#[test]
fn a_demonym_of_the_text_language_is_not_a_foreign_place_name() {
    // "Italien" is the German name of Italy and "Russe" a name of the Bulgarian city Ruse;
    // in French both are people.
    let text = "Un Italien et un Russe ont été arrêtés à la frontière. L'Italien a été \
                relâché en Italie, le Russe renvoyé en Russie.";
    let p = parse(text, "fr");
    p.none_in("Un Italien");
    p.none_in("un Russe ont");
    p.none_in("L'Italien a");
    let it = p.at("en Italie", "Italie");
    assert_eq!(entity(it.entity.unwrap_or_default()).kind(), Kind::Country);
    let ru = p.at("en Russie", "Russie");
    assert_eq!(entity(ru.entity.unwrap_or_default()).kind(), Kind::Country);
}

#[test]
fn ships_in_french_shipping_news_are_not_places() {
    let text = "MOUVEMENT DES NAVIRES\nArrivées du 12 mars. Patria, fr., venant de New-York ; \
                Wilberforce, ang., venant de Swansea ; Martos, esp., venant de Malaga.";
    let p = parse(text, "fr");
    p.none_in("Patria, fr.");
    p.none_in("Wilberforce, ang.");
    p.none_in("Martos, esp.");
    // The ports they come from are places.
    p.at("de New-York", "New-York");
    p.at("de Swansea", "Swansea");
    p.at("de Malaga", "Malaga");
}

#[test]
fn a_minor_place_heading_a_longer_name_is_a_place_only_in_english() {
    // French puts the generic word first: "Wickham Steed" is a person, not the English town.
    let fr = parse(
        "Arrivé hier à Londres, le chroniqueur Wickham Steed a publié un long article.",
        "fr",
    );
    fr.none_in("Wickham Steed");
    fr.at("à Londres", "Londres");
    // English names facilities after their town: the town is meant.
    let en = parse(
        "The two men appeared at Feltham Magistrates Court on Monday, police said.",
        "en",
    );
    en.at("at Feltham Magistrates", "Feltham");
}

#[test]
fn a_title_of_nobility_before_de_makes_a_person_but_a_country_stays() {
    let text = "À Vienne, le prince de Bismarck a rencontré le comte de Méran, puis \
                l'impératrice Victoria. Le prince des Asturies et le roi de Pologne étaient \
                absents.";
    let p = parse(text, "fr");
    p.none_in("prince de Bismarck");
    p.none_in("comte de Méran");
    p.none_in("impératrice Victoria");
    let a = p.at("prince des Asturies", "Asturies");
    assert_eq!(entity(a.entity.unwrap_or_default()).kind(), Kind::Region);
    p.at("roi de Pologne", "Pologne");
    p.at("À Vienne", "Vienne");
}

#[test]
fn a_minor_place_before_said_is_a_speaker_but_a_country_speaks_for_itself() {
    let text = "\"It was the first time,\" Robertson said after the meeting in Geneva. \
                China said it would respond.";
    let p = parse(text, "en");
    p.none_in("Robertson said");
    p.at("in Geneva", "Geneva");
    let c = p.at("China said", "China");
    assert_eq!(entity(c.entity.unwrap_or_default()).kind(), Kind::Country);
}

// Common words that are also places.

#[test]
fn a_common_word_opening_a_quotation_is_not_a_place() {
    // Two quotations of "Justice" among places near Paris (there is a Justice in France).
    let p = parse(
        "À Saint-Denis, à Ivry et à Paris, les ouvriers lisent des romans. Le héros y est un \
         chevalier du « Droit », de la « Justice ». Ils resteront sur les idées de « Droit », \
         de « Justice » et d'« Honneur ».",
        "fr",
    );
    p.none_in("de la « Justice »");
    p.none_in("de « Justice »");
    p.at("à Ivry", "Ivry");
}

#[test]
fn a_french_common_word_region_before_an_adjective_is_the_noun() {
    let p = parse(
        "Le drapeau du Centre laïque flotte sur l'auberge. Dans le grand Nord sibérien, il \
         neige déjà ; le convoi part pour Tours.",
        "fr",
    );
    p.none_in("du Centre laïque");
    // A demonym after the word makes it the region.
    p.at("grand Nord sibérien", "Nord");
    p.at("pour Tours", "Tours");
}

#[test]
fn scanned_fragments_and_wrapped_lines() {
    let text = "En faisant de la présidence de la Cham¬» bre un pouvoir, on oublie le \
                Norman-die, arrivé hier à Aix-en-Provence. Le drapeau du Centre\nlaïque \
                flotte à l'Œil de Paris\nM. Jean Vallée y chante.";
    let p = parse(text, "fr");
    p.none_in("la Cham¬»");
    p.none_in("le Norman-die");
    p.at("à Aix-en-Provence", "Aix-en-Provence");
    // A wrapped line goes on with its sentence: "Centre laïque" is the noun...
    p.none_in("du Centre\nlaïque");
    // ...but a title opening the next line does not make "Paris" a given name.
    p.at("de Paris\nM.", "Paris");
    // English compounds keep their place.
    let en = parse("Iran-backed militias fired on Erbil-based officials.", "en");
    en.at("Iran-backed", "Iran");
    en.at("Erbil-based", "Erbil");
}

#[test]
fn market_words_arts_nouns_and_imperatives_are_french_common_words() {
    // Capitalized at a sentence start ("Etain : comptant 174", "Romans policiers",
    // "Passons sur Memel"), these are words, not the towns Étain, Romans or Passons.
    let lex = gp().lexicon();
    for w in [
        "etain", "fer", "cuivre", "coton", "romans", "passons", "notons",
    ] {
        assert!(
            lex.is_common_word("fr", w),
            "{w} is not a French common word"
        );
    }
}

#[test]
fn lower_case_nord_and_tours_are_not_places() {
    let p = parse(FR_STRIKE, "fr");
    p.none_in("au nord de la ville, près des tours de contrôle");
    let q = parse(FR_FLOOD, "fr");
    q.none_in("Dans les tours du quartier");
    q.none_in("Plus au nord,");
}

#[test]
fn force_is_not_a_place() {
    let p = parse(FR_STRIKE, "fr");
    p.none_in("la Force Qods");
    let sample = parse(FR_SAMPLE, "fr");
    sample.none_in("La Force Qods");
    let q = parse(FR_FLOOD, "fr");
    q.none_in("dont Force ouvrière");
    q.none_in("la force des bras");
}

#[test]
fn adel_alone_is_not_a_place() {
    let p = parse(FR_FLOOD, "fr");
    p.none_in("Adel, 34 ans");
}

#[test]
fn a_french_given_name_alone_is_a_person_unless_a_major_place() {
    let text = "Elle voulait faire la conquête de Gaston. Attirée vers Gaston, elle partit \
                pour Florence avec Raoul.";
    let p = parse(text, "fr");
    p.none_in("conquête de Gaston");
    p.none_in("vers Gaston");
    p.none_in("avec Raoul");
    // Florence is a given name too, and a city of 360 000 people.
    p.at("pour Florence", "Florence");
}

#[test]
fn adel_alone_is_not_a_place_in_a_document_with_american_places() {
    let p = parse(FR_STRIKE, "fr");
    p.none_in("Adel, chauffeur de taxi");
}

#[test]
fn capitalized_nord_opening_a_sentence_is_not_a_place() {
    let p = parse(FR_FLOOD, "fr");
    p.none_in("Nord, sud, centre");
}

#[test]
fn tours_the_city_is_found_in_a_clear_context() {
    let p = parse(
        "Le maire de Tours, en Indre-et-Loire, a inauguré le tramway. Les trains entre Tours \
         et Orléans circulent de nouveau.",
        "fr",
    );
    let a = p.at("maire de Tours,", "Tours");
    assert_place(a, Kind::City, Some("FR"), TOURS, 10.0);
    let b = p.at("entre Tours", "Tours");
    assert_place(b, Kind::City, Some("FR"), TOURS, 10.0);
}

#[test]
fn tours_the_city_is_found_in_an_article_that_also_says_les_tours() {
    let p = parse(FR_FLOOD, "fr");
    let a = p.at("maire de Tours", "Tours");
    assert_place(a, Kind::City, Some("FR"), TOURS, 10.0);
    let b = p.at("entre Tours et Paris", "Tours");
    assert_place(b, Kind::City, Some("FR"), TOURS, 10.0);
}

#[test]
fn tours_after_the_preposition_a() {
    let p = parse("Le TGV est arrivé à Tours avec une heure de retard.", "fr");
    let m = p.at("à Tours", "Tours");
    assert_place(m, Kind::City, Some("FR"), TOURS, 10.0);
}

#[test]
fn tours_in_a_dateline() {
    let p = parse(
        "TOURS, 3 mars 2021 - La préfecture a placé le département en vigilance.",
        "fr",
    );
    let m = p.at("TOURS,", "TOURS");
    assert_place(m, Kind::City, Some("FR"), TOURS, 10.0);
}

// Document-level disambiguation.

#[test]
fn a_country_outranks_a_city_of_its_name_in_the_text_language() {
    // American context does not make "China" the town in Maine, nor "Mexico" Mexico City.
    let en = parse(
        "Officials met in Hartford and Boston on Monday. China said it would respond, and \
         trade with Mexico fell.",
        "en",
    );
    for (ctx, surface) in [("China said", "China"), ("with Mexico", "Mexico")] {
        let m = en.at(ctx, surface);
        assert_eq!(
            entity(m.entity.unwrap_or_default()).kind(),
            Kind::Country,
            "{surface}:\n{}",
            en.dump()
        );
    }
    // In French the country is "Mexique": "Mexico" is the city.
    let fr = parse("Le président est arrivé hier à Mexico.", "fr");
    let m = fr.at("à Mexico", "Mexico");
    assert_eq!(entity(m.entity.unwrap_or_default()).kind(), Kind::City);
}

#[test]
fn the_eu_is_the_union_not_the_norman_town() {
    let en = parse("The EU said it would impose tariffs on steel.", "en");
    let eu = en.at("The EU said", "EU");
    assert_eq!(entity(eu.entity.unwrap_or_default()).kind(), Kind::Region);
    assert!(
        eu.point
            .is_some_and(|(lat, lon)| haversine_km(lat, lon, 49.84, 9.90) < 10.0)
    );
    let fr = parse(
        "L'UE a annoncé des sanctions. Le ministre a dormi à Eu, en Normandie.",
        "fr",
    );
    let ue = fr.at("L'UE a", "UE");
    assert_eq!(entity(ue.entity.unwrap_or_default()).kind(), Kind::Region);
    let town = fr.at("à Eu,", "Eu");
    assert_place(town, Kind::City, Some("FR"), (50.05, 1.42), 10.0);
}

#[test]
fn iraq_is_the_country_not_the_iranian_city_arak() {
    // The article also names Arak and Tehran: Iranian context must not pull "Iraq" to Arāk.
    let p = parse(EN_STRIKE, "en");
    let arak = p.at("In Arak,", "Arak");
    assert_place(arak, Kind::City, Some("IR"), ARAK, 10.0);
    let tehran = p.at("south-west of Tehran", "Tehran");
    assert_place(tehran, Kind::City, Some("IR"), TEHRAN, 10.0);
    for ctx in ["in western Iraq.", "worked in Iraq since"] {
        let m = p.at(ctx, "Iraq");
        assert_place(m, Kind::Country, Some("IQ"), IRAQ_CENTRE, 300.0);
    }
    let fr = parse(FR_STRIKE, "fr");
    let m = fr.at("de l'Irak un champ", "Irak");
    assert_place(m, Kind::Country, Some("IQ"), IRAQ_CENTRE, 300.0);
}

#[test]
fn tripoli_follows_a_libyan_context() {
    let p = parse(
        "Fighting resumed in Libya on Sunday. Militias shelled the outskirts of Tripoli, and \
         the rival government in Benghazi blamed its opponents.",
        "en",
    );
    let m = p.at("outskirts of Tripoli", "Tripoli");
    assert_place(m, Kind::City, Some("LY"), TRIPOLI_LIBYA, 15.0);
    let q = parse(
        "En Libye, les milices ont bombardé Tripoli ; Benghazi accuse ses rivaux.",
        "fr",
    );
    let m = q.at("bombardé Tripoli", "Tripoli");
    assert_place(m, Kind::City, Some("LY"), TRIPOLI_LIBYA, 15.0);
}

#[test]
fn tripoli_follows_a_lebanese_context() {
    let p = parse(
        "Lebanon's army deployed in Tripoli after clashes; officials in Beirut and Sidon \
         called for calm.",
        "en",
    );
    let m = p.at("deployed in Tripoli", "Tripoli");
    assert_place(m, Kind::City, Some("LB"), TRIPOLI_LEBANON, 15.0);
    let q = parse(
        "Au Liban, l'armée s'est déployée à Tripoli après des affrontements ; Beyrouth appelle au calme.",
        "fr",
    );
    let m = q.at("à Tripoli", "Tripoli");
    assert_place(m, Kind::City, Some("LB"), TRIPOLI_LEBANON, 15.0);
}

#[test]
fn paris_follows_a_texan_context() {
    // No "City, State" pair here: only the other places of the document say Texas.
    let p = parse(
        "A tornado struck Paris on Monday, and crews came from Dallas, Tyler and Texarkana \
         in East Texas.",
        "en",
    );
    let m = p.at("struck Paris", "Paris");
    assert_place(m, Kind::City, Some("US"), PARIS_TEXAS, 15.0);
    // And the explicit pair.
    let q = parse("A tornado struck Paris, Texas, on Monday.", "en");
    let m = q.at("Paris, Texas", "Paris");
    assert_place(m, Kind::City, Some("US"), PARIS_TEXAS, 15.0);
}

#[test]
fn one_name_means_one_place_throughout_a_document() {
    let p = parse(FR_STRIKE, "fr");
    for key in ["bagdad", "erbil", "irak"] {
        let group: Vec<&Mention> = p
            .mentions
            .iter()
            .filter(|m| m.surface.to_lowercase() == key && m.how == How::Name)
            .collect();
        assert!(
            group.len() >= 2,
            "{key}: {} mentions\n{}",
            group.len(),
            p.dump()
        );
        assert!(
            group.iter().all(|m| m.entity == group[0].entity),
            "{key} resolves to several places:\n{}",
            p.dump()
        );
    }
}

#[test]
fn loire_in_a_flood_story_is_the_river() {
    let p = parse(FR_FLOOD, "fr");
    for ctx in ["Crue de la Loire", "la Loire a atteint"] {
        let m = p.at(ctx, "Loire");
        let e = entity(m.entity.unwrap_or_else(|| panic!("{ctx}: no entity")));
        assert_eq!(e.kind(), Kind::Water, "{ctx}: {e:?}");
    }
}

// Confidence and alternatives.

fn all_articles() -> Vec<Parsed<'static>> {
    vec![
        parse(FR_STRIKE, "fr"),
        parse(EN_STRIKE, "en"),
        parse(FR_FLOOD, "fr"),
        parse(EN_WIRE, "en"),
        parse(FR_SAMPLE, "fr"),
    ]
}

#[test]
fn every_mention_has_a_confidence_and_ranked_alternatives() {
    for p in all_articles() {
        assert!(p.mentions.len() >= 5, "too few mentions:\n{}", p.dump());
        for m in &p.mentions {
            let what = format!("{:?} at {}", m.surface, m.start);
            assert!(
                m.confidence > 0.0 && m.confidence <= 1.0,
                "{what}: confidence {}",
                m.confidence
            );
            let Some(id) = m.entity else { continue };
            let e = entity(id);
            assert_eq!(
                m.point,
                Some((e.lat(), e.lon())),
                "{what}: pin is not the entity's point"
            );
            for pair in m.alternatives.windows(2) {
                assert!(
                    pair[0].score >= pair[1].score,
                    "{what}: alternatives not ranked: {:?}",
                    m.alternatives
                );
            }
            for (k, a) in m.alternatives.iter().enumerate() {
                assert_ne!(
                    a.entity, id,
                    "{what}: the chosen place is among the alternatives"
                );
                assert!(
                    (0.0..=m.confidence).contains(&a.score),
                    "{what}: alternative score {} against confidence {}",
                    a.score,
                    m.confidence
                );
                assert!(
                    !m.alternatives[..k].iter().any(|b| b.entity == a.entity),
                    "{what}: alternative listed twice"
                );
            }
        }
    }
}

#[test]
fn an_ambiguous_name_lists_its_other_readings() {
    let p = parse(
        "Fighting resumed in Libya on Sunday. Militias shelled the outskirts of Tripoli.",
        "en",
    );
    let m = p.at("outskirts of Tripoli", "Tripoli");
    assert!(
        m.confidence < 1.0,
        "Tripoli is ambiguous, confidence {}",
        m.confidence
    );
    let lebanon = m.alternatives.iter().find(|a| {
        entity(a.entity).country() == Some("LB") && entity(a.entity).kind() == Kind::City
    });
    assert!(
        lebanon.is_some(),
        "Tripoli (Lebanon) is not among the alternatives: {:?}",
        m.alternatives
            .iter()
            .map(|a| (format!("{:?}", entity(a.entity)), a.score))
            .collect::<Vec<_>>()
    );
}

// Offsets.

#[test]
fn byte_offsets_slice_the_text_to_the_surface() {
    let mixed = "Épisode 🚀🇫🇷 : après l’aéroport de Bagdad 𝔸, le ministre s'est rendu à \
                 Te\u{301}he\u{301}ran 😀 puis en Irak.";
    let mut parsed = all_articles();
    parsed.push(parse(mixed, "fr"));
    for p in &parsed {
        let mut last_end = 0;
        for m in &p.mentions {
            assert!(m.start < m.end, "empty span {m:?}");
            assert!(
                m.start >= last_end,
                "mentions overlap or are out of order:\n{}",
                p.dump()
            );
            let slice = p.text.get(m.start..m.end);
            assert_eq!(
                slice,
                Some(m.surface.as_str()),
                "span {}..{}",
                m.start,
                m.end
            );
            last_end = m.end;
        }
    }
    // The toponyms after the multi-byte characters are there, at the right bytes.
    let p = parsed.last().unwrap_or_else(|| unreachable!());
    assert_place(
        p.at("l’aéroport de Bagdad", "aéroport de Bagdad"),
        Kind::Airport,
        Some("IQ"),
        BAGHDAD_AIRPORT,
        5.0,
    );
    assert_place(
        p.at("Te\u{301}he\u{301}ran", "Te\u{301}he\u{301}ran"),
        Kind::City,
        Some("IR"),
        TEHRAN,
        10.0,
    );
    assert_place(
        p.at("en Irak", "Irak"),
        Kind::Country,
        Some("IQ"),
        IRAQ_CENTRE,
        300.0,
    );
}

// French regions: the GeoNames first-level region, not the department Natural Earth gives
// the same number (department 53 is Mayenne, region 53 Brittany).
#[test]
fn french_regions_are_the_regions_not_departments_with_the_same_code() {
    let p = parse(
        "Les pluies ont frappé la Bretagne et la Normandie, puis l'Occitanie. \
         En Mayenne, les routes sont coupées.",
        "fr",
    );
    // Rennes, Caen and Toulouse are in the regions; 150 km covers their spread.
    assert_place(
        p.at("la Bretagne", "Bretagne"),
        Kind::Region,
        Some("FR"),
        (48.1, -2.7),
        150.0,
    );
    assert_place(
        p.at("la Normandie", "Normandie"),
        Kind::Region,
        Some("FR"),
        (49.1, 0.1),
        150.0,
    );
    assert_place(
        p.at("l'Occitanie", "Occitanie"),
        Kind::Region,
        Some("FR"),
        (43.7, 2.1),
        200.0,
    );
    // The department is still itself.
    assert_place(
        p.at("En Mayenne", "Mayenne"),
        Kind::Region,
        Some("FR"),
        (48.15, -0.64),
        40.0,
    );
}

// Sports results: a country abbreviation in parentheses after a rider's name.
#[test]
fn country_abbreviations_of_sports_results_are_their_countries() {
    let p = parse(
        "Classement : 1. Moreau (Fr) 4 h 12' ; 2. Lopez (Esp) à 8\" ; 3. Keller (S, 12\") ; \
         4. Rossi (ITA) m. t. Le mot (It) ne compte pas.",
        "fr",
    );
    let fr = p.at("Moreau (Fr)", "Fr");
    assert_eq!(entity(fr.entity.unwrap()).kind(), Kind::Country);
    assert_eq!(entity(fr.entity.unwrap()).country(), Some("FR"));
    for (context, surface, iso) in [
        ("Lopez (Esp)", "Esp", "ES"),
        ("Keller (S,", "S", "CH"),
        ("Rossi (ITA)", "ITA", "IT"),
    ] {
        let m = p.at(context, surface);
        assert_eq!(entity(m.entity.unwrap()).country(), Some(iso), "{surface}");
    }
    // Not after a capitalized name: not a result.
    p.none_in("mot (It)");
}
