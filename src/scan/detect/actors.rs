//! User references: columns that name the person who acted or answers for a row
//! (`created_by`, `owner`, `assigned_agent`, `verantwortlich`, `creato_da`, `prowadzacy`,
//! `organizador`). Every workspace tool with a login stores them, and they are personal
//! data whenever they hold people: usernames and handles (`online_identifier`), names
//! (`person_name`) or e-mail addresses (`email`, found by the value recognisers). They are
//! not when they hold service accounts (`system`, `cron`) or team names (`Team Nord`).
//!
//! Two halves: what one value looks like ([`handle_shape`], [`is_non_person`], used by the
//! value facts) and what a column's statistics say ([`judge`], used by `decide`).

use super::names::{term_matches, TableContext};
use super::stats::ColumnStats;
use crate::scan::dictionary::Dictionary;
use crate::scan::evidence::{percent, Evidence};
use crate::scan::model::Category;
use crate::scan::text::{fold_into, identifier_words};

/// Below this many values, the values neither confirm nor contradict a user reference.
const MIN_VALUES: u64 = 5;
/// Longest value taken for a handle, in bytes.
const MAX_HANDLE_LEN: usize = 48;
/// Name particles a handle may glue to a surname (`vanderberg`, `dangelo`).
const PARTICLES: [&str; 17] = [
    "vander", "vanden", "vande", "van", "von", "der", "den", "de", "ter", "ten", "della", "del",
    "di", "da", "le", "la", "d",
];

/// What a one-token value says about being a username.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HandleShape {
    /// One token of letters, digits and `.` `_` `-` (at most four digits).
    pub shaped: bool,
    /// A username pattern: `first.last`, `first_last42`, `last_f8`.
    pub patterned: bool,
    /// Built from a known first or last name (`anna.schmidt`, `flast42` for F. Last,
    /// `mueller_a3`).
    pub named: bool,
}

/// How a value of one token looks as a username; `scratch` is reused for folding.
pub fn handle_shape(value: &str, dict: &Dictionary, scratch: &mut String) -> HandleShape {
    let mut shape = HandleShape::default();
    if !(3..=MAX_HANDLE_LEN).contains(&value.len()) {
        return shape;
    }
    let (mut letters, mut digits, mut separators) = (0usize, 0usize, 0usize);
    for c in value.chars() {
        if c.is_alphabetic() {
            letters += 1;
        } else if c.is_ascii_digit() {
            digits += 1;
        } else if matches!(c, '.' | '_' | '-') {
            separators += 1;
        } else {
            return shape;
        }
    }
    let edge = |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | '_' | '-'));
    if letters < 2 || digits > 4 || separators > 3 || edge(value.chars().next()) {
        return shape;
    }
    if edge(value.chars().last()) {
        return shape;
    }
    scratch.clear();
    fold_into(value, scratch);
    // Each part: letters, then at most trailing digits (`smith42`); letters after digits
    // (`a3f9`) make a code, not a username.
    let mut parts: [&str; 4] = [""; 4];
    let mut count = 0;
    for word in scratch.split(' ') {
        let alpha_len = word.bytes().take_while(u8::is_ascii_lowercase).count();
        let rest = word.get(alpha_len..).unwrap_or("");
        if !rest.bytes().all(|b| b.is_ascii_digit()) || count >= parts.len() {
            return shape;
        }
        parts[count] = word.get(..alpha_len).unwrap_or("");
        count += 1;
    }
    let parts = &parts[..count];
    shape.shaped = true;
    let [first, second, ..] = parts else {
        shape.named = named_part(parts.first().copied().unwrap_or(""), dict);
        return shape;
    };
    // first.last, first_last (letters at least two each); last_f (an initial after).
    shape.patterned = (parts.iter().all(|p| p.len() >= 2) && count <= 3)
        || (count == 2 && first.len() >= 3 && second.len() == 1);
    // Surnames of several words (`de vries`, `van der meer`): consecutive parts.
    let multiword = (1..count).any(|k| {
        let mut spans = scratch.match_indices(' ').map(|(i, _)| i);
        spans.nth(k - 1).is_some_and(|space| {
            let before = scratch
                .get(..space)
                .and_then(|h| h.rfind(' '))
                .map_or(0, |i| i + 1);
            let rest = scratch.get(space + 1..).unwrap_or("");
            let end = rest.find(' ').map_or(scratch.len(), |i| space + 1 + i);
            scratch
                .get(before..end)
                .is_some_and(|pair| dict.last_names.contains(pair))
        })
    });
    shape.named = multiword || parts.iter().any(|p| named_part(p, dict));
    shape
}

/// Whether one letter run of a handle is built from a known name: a name itself, an
/// initial and a surname (`fmueller`), a surname and an initial, a first name and a surname
/// (`annaschmidt`), or a surname behind a particle (`vanderberg`).
fn named_part(part: &str, dict: &Dictionary) -> bool {
    if part.len() < 3 {
        return false;
    }
    if dict.first_names.contains(part) || dict.last_names.contains(part) {
        return true;
    }
    let surname = |s: &str| {
        s.len() >= 3 && (dict.last_names.contains(s) || dict.joined_last_names.contains(s))
    };
    if dict.joined_last_names.contains(part) {
        return true;
    }
    let initial_then = part.get(1..).is_some_and(surname);
    let then_initial = part.get(..part.len() - 1).is_some_and(surname);
    let particle = PARTICLES
        .iter()
        .any(|p| part.strip_prefix(p).is_some_and(surname));
    initial_then
        || then_initial
        || particle
        || (3..part.len().saturating_sub(2)).any(|k| {
            part.get(..k)
                .zip(part.get(k..))
                .is_some_and(|(a, b)| dict.first_names.contains(a) && surname(b))
        })
}

/// Whether a folded short value names no person: a service account or a team.
pub fn is_non_person(folded: &str, dict: &Dictionary) -> bool {
    folded
        .split(' ')
        .any(|w| !w.is_empty() && dict.non_person_actors.contains(w))
}

/// What a user-reference column adds to the verdict.
#[derive(Debug, Default)]
pub struct ActorVerdict {
    /// (category, confidence, evidence) to add.
    pub adds: Vec<(Category, f64, Evidence)>,
    /// A note for the report (why nothing was added).
    pub note: Option<Evidence>,
    pub needs_review: bool,
}

/// The user-reference term a column name matches, as (term, language), unless a veto word
/// is among the column's words.
pub fn actor_term(column: &str, dict: &Dictionary) -> Option<(String, String)> {
    let words = identifier_words(column);
    if words.iter().any(|w| dict.actor_veto.contains(w.as_str())) {
        return None;
    }
    let joined: String = words.concat();
    dict.actor_terms
        .iter()
        .find(|t| term_matches(t, &words, &joined) == Some(false))
        .map(|t| (t.words.join(" "), t.lang.clone()))
}

/// Judges a column whose name says who acted: its values decide.
pub fn judge(
    column: &str,
    stats: &ColumnStats,
    ctx: TableContext,
    dict: &Dictionary,
) -> Option<ActorVerdict> {
    let (term, lang) = actor_term(column, dict)?;
    let named = Evidence::new("actor.named")
        .with("column", column)
        .with("term", term)
        .with("lang", lang);
    let mut verdict = ActorVerdict::default();
    let n = stats.examined;
    if n < MIN_VALUES {
        match ctx {
            TableContext::Person => verdict.adds.push((
                Category::PersonName,
                0.6,
                Evidence::joined(vec![named, Evidence::new("table.people")]),
            )),
            TableContext::Thing | TableContext::Unknown => {
                verdict.needs_review = true;
                verdict.note = Some(Evidence::new("actor.too_few").with("named", named));
            }
        }
        return Some(verdict);
    }
    let share = |count: u64, of: u64| count as f64 / of.max(1) as f64;
    let non_person = share(stats.non_person_values, n);
    if non_person >= 0.7 {
        verdict.note = Some(
            Evidence::new("actor.service_accounts")
                .with("named", named)
                .with("share", percent(non_person)),
        );
        return Some(verdict);
    }
    let people = n.saturating_sub(stats.non_person_values);
    let handles = share(stats.handle_values, people);
    let known = share(stats.handle_named, people);
    let patterned = share(stats.handle_patterned, people);
    if handles >= 0.6 && (known >= 0.2 || patterned >= 0.8) {
        verdict.adds.push((
            Category::OnlineIdentifier,
            0.55 + 0.4 * handles,
            Evidence::joined(vec![
                named.clone(),
                Evidence::new("actor.handles")
                    .with("share", percent(handles))
                    .with("known", percent(known)),
            ]),
        ));
    }
    let names = share(stats.any_name_values, people);
    let capitalised = share(stats.capitalised_values, people);
    let companies = share(stats.company_values, n);
    if names >= 0.3 && capitalised >= 0.5 && companies < 0.1 && stats.mean_words() <= 3.5 {
        verdict.adds.push((
            Category::PersonName,
            0.6 + 0.3 * names,
            Evidence::joined(vec![
                named.clone(),
                Evidence::new("values.known_names").with("share", percent(names)),
            ]),
        ));
    }
    if verdict.adds.is_empty() {
        verdict.note = Some(Evidence::new("actor.neither").with("named", named));
    }
    Some(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(value: &str) -> HandleShape {
        let dict = Dictionary::builtin().unwrap();
        handle_shape(value, &dict, &mut String::new())
    }

    #[test]
    fn username_shapes_are_recognised_against_the_name_lists() {
        for v in ["anna.schmidt", "mueller_a3", "jan.de.vries", "lukas-weber"] {
            let s = shape(v);
            assert!(s.shaped && s.patterned && s.named, "{v}: {s:?}");
        }
        // Initial + surname, surname + initial, a bare first name: named, no separator.
        for v in [
            "fmueller42",
            "schmidtk",
            "annaschmidt",
            "giulia",
            "pdevries",
        ] {
            let s = shape(v);
            assert!(s.shaped && s.named && !s.patterned, "{v}: {s:?}");
        }
        // Unknown names still have the first.last and last_f8 shapes.
        let s = shape("myrthe.vanderstael");
        assert!(s.patterned, "{s:?}");
        let s = shape("vanoirschot_s8");
        assert!(s.patterned, "{s:?}");
    }

    #[test]
    fn codes_and_words_are_not_usernames() {
        for v in [
            "INV-2024-0012",
            "a3f9c2e1",
            "x",
            "anna schmidt",
            "a@b.org",
            "_anna",
        ] {
            let s = shape(v);
            assert!(!s.patterned && !s.named, "{v}: {s:?}");
        }
        for v in ["finance", "checkout", "platform"] {
            let s = shape(v);
            assert!(s.shaped && !s.named && !s.patterned, "{v}: {s:?}");
        }
    }

    #[test]
    fn service_accounts_and_teams_are_no_people() {
        let dict = Dictionary::builtin().unwrap();
        for v in [
            "system",
            "cron",
            "team nord",
            "buchhaltung",
            "equipe support",
        ] {
            assert!(is_non_person(v, &dict), "{v}");
        }
        for v in ["anna schmidt", "lukas weber"] {
            assert!(!is_non_person(v, &dict), "{v}");
        }
    }

    fn judged(column: &str, values: &[&str]) -> Vec<Category> {
        let dict = Dictionary::builtin().unwrap();
        let mut stats = ColumnStats::default();
        for v in values {
            stats.observe(v, &dict);
        }
        let verdict = judge(column, &stats, TableContext::Thing, &dict).unwrap();
        verdict.adds.iter().map(|(c, _, _)| *c).collect()
    }

    #[test]
    fn the_values_of_a_user_reference_decide() {
        let handles = [
            "anna.schmidt",
            "lweber",
            "mueller_k2",
            "fischer_a7",
            "jbecker42",
            "cron",
        ];
        assert_eq!(judged("created_by", &handles), [Category::OnlineIdentifier]);
        let names = [
            "Anna Schmidt",
            "Lukas Weber",
            "Jürgen Müller",
            "Sabine Koch",
            "Uwe Bauer",
        ];
        assert_eq!(judged("verantwortlich", &names), [Category::PersonName]);
        let service = ["system", "cron", "import", "system", "scheduler", "cron"];
        assert!(judged("created_by", &service).is_empty());
        let teams = [
            "Team Nord",
            "Buchhaltung",
            "IT Operations",
            "Platform Team",
            "Vertrieb",
        ];
        assert!(judged("owner", &teams).is_empty());
        let ids = ["17", "4", "23", "8", "15"];
        assert!(
            judged("assignee", &ids).is_empty(),
            "foreign keys stay unflagged"
        );
    }

    #[test]
    fn actor_terms_match_in_every_language_with_vetoes() {
        let dict = Dictionary::builtin().unwrap();
        for c in [
            "created_by",
            "createdBy",
            "owner",
            "assigned_agent",
            "verantwortlich",
            "creato_da",
            "prowadzacy",
            "organizador",
            "aangemaakt_door",
            "last_modified_by",
            "reviewer",
            "crtd_by",
        ] {
            assert!(actor_term(c, &dict).is_some(), "{c}");
        }
        for c in [
            "owner_team",
            "created_at",
            "is_owner",
            "description",
            "agent_type",
        ] {
            assert!(actor_term(c, &dict).is_none(), "{c}");
        }
    }
}
