//! The input widget state for one question, per question type: yes/no, single and multiple
//! choice, one-line text and dates, multi-line text, countries with type-ahead, CNIL scales,
//! and repeated groups (items with add/remove, edited field by field). Pure: keys in, an
//! [`Outcome`] out; the session validates what is submitted.

use super::input::{LineInput, TextArea};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::questionnaire::{AnswerValue, Question, QuestionType};
use dpia::reference::Reference;
use std::collections::BTreeMap;

pub type Item = BTreeMap<String, AnswerValue>;

/// What a key did to the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Continue,
    Cancel,
    Submit(AnswerValue),
}

/// What editing needs to know beyond the question.
pub struct EditContext<'a> {
    pub reference: &'a Reference,
    pub lang: &'a str,
    /// Whether a group field is shown for an item (its `show_if`).
    pub field_visible: &'a dyn Fn(&Question, &Item) -> bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Editor {
    YesNo { value: bool },
    Single { cursor: usize },
    Multi { cursor: usize, chosen: Vec<bool> },
    Line(LineInput),
    Long(TextArea),
    Country { input: LineInput, cursor: usize },
    Scale { value: i64 },
    Group(GroupEditor),
}

/// A repeated group being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupEditor {
    pub items: Vec<Item>,
    pub cursor: usize,
    /// The field being edited: (item, field index, its editor).
    pub field: Option<(usize, usize, Box<Editor>)>,
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// Countries whose code or name (in `lang`) starts with or contains `typed`.
pub fn country_matches(reference: &Reference, typed: &str, lang: &str) -> Vec<(String, String)> {
    let t = typed.trim().to_lowercase();
    let mut special = vec![
        ("EU".to_string(), "European Union (EU)".to_string()),
        ("unknown".to_string(), "unknown".to_string()),
    ];
    let name = |c: &dpia::reference::Country| {
        if lang == "de" {
            c.de.clone()
        } else {
            c.en.clone()
        }
    };
    let mut out: Vec<(String, String)> = reference
        .countries
        .iter()
        .map(|c| (c.code.clone(), name(c)))
        .collect();
    out.append(&mut special);
    if t.is_empty() {
        return out;
    }
    let mut starts: Vec<(String, String)> = out
        .iter()
        .filter(|(code, name)| code.to_lowercase() == t || name.to_lowercase().starts_with(&t))
        .cloned()
        .collect();
    let contains = out.into_iter().filter(|(_, name)| {
        !name.to_lowercase().starts_with(&t) && name.to_lowercase().contains(&t)
    });
    starts.extend(contains);
    starts
}

impl Editor {
    /// The editor for `q`, starting from its current answer.
    pub fn open(q: &Question, current: Option<&AnswerValue>) -> Editor {
        let text = match current {
            Some(AnswerValue::Text(s)) => s.clone(),
            Some(AnswerValue::List(l)) if q.kind == QuestionType::CountryList => l.join(", "),
            _ => String::new(),
        };
        match q.kind {
            QuestionType::YesNo => Editor::YesNo {
                value: matches!(current, Some(AnswerValue::Bool(true))),
            },
            QuestionType::SingleChoice => Editor::Single {
                cursor: q.choices.iter().position(|c| c.value == text).unwrap_or(0),
            },
            QuestionType::MultiChoice => {
                let chosen = q
                    .choices
                    .iter()
                    .map(|c| matches!(current, Some(AnswerValue::List(l)) if l.contains(&c.value)))
                    .collect();
                Editor::Multi { cursor: 0, chosen }
            }
            // A country list is typed as text ("DE, United Kingdom") and parsed when submitted.
            QuestionType::Text | QuestionType::Date | QuestionType::CountryList => {
                Editor::Line(LineInput::new(&text))
            }
            QuestionType::LongText => Editor::Long(TextArea::new(&text)),
            QuestionType::Country => Editor::Country {
                input: LineInput::new(&text),
                cursor: 0,
            },
            QuestionType::Scale => Editor::Scale {
                value: match current {
                    Some(AnswerValue::Int(i)) => *i,
                    _ => 1,
                },
            },
            QuestionType::Group => Editor::Group(GroupEditor {
                items: match current {
                    Some(AnswerValue::Group(items)) => items.clone(),
                    _ => Vec::new(),
                },
                cursor: 0,
                field: None,
            }),
        }
    }

    /// The value the editor holds now, as submitting would give it (None for an empty text
    /// or a group item still being edited).
    pub fn value(&self, q: &Question) -> Option<AnswerValue> {
        match self {
            Editor::YesNo { value } => Some(AnswerValue::Bool(*value)),
            Editor::Single { cursor } => q
                .choices
                .get(*cursor)
                .map(|c| AnswerValue::Text(c.value.clone())),
            Editor::Multi { chosen, .. } => Some(AnswerValue::List(
                q.choices
                    .iter()
                    .zip(chosen)
                    .filter(|(_, on)| **on)
                    .map(|(c, _)| c.value.clone())
                    .collect(),
            )),
            Editor::Line(input) | Editor::Country { input, .. } => {
                Some(AnswerValue::Text(input.text.trim().to_string()))
                    .filter(|_| !input.text.trim().is_empty())
            }
            Editor::Long(area) => {
                let text = area.text().trim().to_string();
                (!text.is_empty()).then_some(AnswerValue::Text(text))
            }
            Editor::Scale { value } => Some(AnswerValue::Int(*value)),
            Editor::Group(g) => Some(AnswerValue::Group(g.items.clone())),
        }
    }

    /// Applies a key.
    pub fn key(&mut self, q: &Question, key: KeyEvent, ctx: &EditContext) -> Outcome {
        if key.code == KeyCode::Esc {
            if let Editor::Group(g) = self {
                if g.field.is_some() {
                    g.field = None;
                    return Outcome::Continue;
                }
            }
            return Outcome::Cancel;
        }
        match self {
            Editor::YesNo { value } => match key.code {
                KeyCode::Char('y' | 'j') => Outcome::Submit(AnswerValue::Bool(true)),
                KeyCode::Char('n') => Outcome::Submit(AnswerValue::Bool(false)),
                KeyCode::Left
                | KeyCode::Right
                | KeyCode::Up
                | KeyCode::Down
                | KeyCode::Char(' ') => {
                    *value = !*value;
                    Outcome::Continue
                }
                KeyCode::Enter => Outcome::Submit(AnswerValue::Bool(*value)),
                _ => Outcome::Continue,
            },
            Editor::Single { cursor } => match key.code {
                KeyCode::Up => {
                    *cursor = cursor.saturating_sub(1);
                    Outcome::Continue
                }
                KeyCode::Down => {
                    *cursor = (*cursor + 1).min(q.choices.len().saturating_sub(1));
                    Outcome::Continue
                }
                KeyCode::Enter => q.choices.get(*cursor).map_or(Outcome::Continue, |c| {
                    Outcome::Submit(AnswerValue::Text(c.value.clone()))
                }),
                _ => Outcome::Continue,
            },
            Editor::Multi { cursor, chosen } => match key.code {
                KeyCode::Up => {
                    *cursor = cursor.saturating_sub(1);
                    Outcome::Continue
                }
                KeyCode::Down => {
                    *cursor = (*cursor + 1).min(q.choices.len().saturating_sub(1));
                    Outcome::Continue
                }
                KeyCode::Char(' ') => {
                    if let Some(c) = chosen.get_mut(*cursor) {
                        *c = !*c;
                    }
                    Outcome::Continue
                }
                KeyCode::Enter => Outcome::Submit(AnswerValue::List(
                    q.choices
                        .iter()
                        .zip(chosen.iter())
                        .filter(|(_, on)| **on)
                        .map(|(c, _)| c.value.clone())
                        .collect(),
                )),
                _ => Outcome::Continue,
            },
            Editor::Line(input) => {
                if key.code == KeyCode::Enter || ctrl(&key, 's') {
                    return Outcome::Submit(AnswerValue::Text(input.text.trim().to_string()));
                }
                input.key(key);
                Outcome::Continue
            }
            Editor::Long(area) => {
                if ctrl(&key, 's')
                    || (key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT))
                {
                    return Outcome::Submit(AnswerValue::Text(area.text().trim().to_string()));
                }
                area.key(key);
                Outcome::Continue
            }
            Editor::Country { input, cursor } => {
                let matches = country_matches(ctx.reference, &input.text, ctx.lang);
                match key.code {
                    KeyCode::Up => *cursor = cursor.saturating_sub(1),
                    KeyCode::Down => *cursor = (*cursor + 1).min(matches.len().saturating_sub(1)),
                    KeyCode::Enter => {
                        return matches.get(*cursor).map_or(
                            Outcome::Submit(AnswerValue::Text(input.text.trim().to_string())),
                            |(code, _)| Outcome::Submit(AnswerValue::Text(code.clone())),
                        )
                    }
                    _ => {
                        if input.key(key) {
                            *cursor = 0;
                        }
                    }
                }
                Outcome::Continue
            }
            Editor::Scale { value } => match key.code {
                KeyCode::Char(c @ '1'..='4') => {
                    Outcome::Submit(AnswerValue::Int(i64::from(c as u8 - b'0')))
                }
                KeyCode::Left | KeyCode::Down => {
                    *value = (*value - 1).max(1);
                    Outcome::Continue
                }
                KeyCode::Right | KeyCode::Up => {
                    *value = (*value + 1).min(4);
                    Outcome::Continue
                }
                KeyCode::Enter => Outcome::Submit(AnswerValue::Int(*value)),
                _ => Outcome::Continue,
            },
            Editor::Group(g) => g.key(q, key, ctx),
        }
    }
}

impl GroupEditor {
    /// The next field of item `item` after index `from` (inclusive) that is shown.
    fn next_field(q: &Question, item: &Item, from: usize, ctx: &EditContext) -> Option<usize> {
        (from..q.fields.len()).find(|&i| (ctx.field_visible)(&q.fields[i], item))
    }

    fn start(&mut self, q: &Question, item: usize, ctx: &EditContext) {
        let Some(it) = self.items.get(item) else {
            return;
        };
        if let Some(f) = Self::next_field(q, it, 0, ctx) {
            let editor = Editor::open(&q.fields[f], it.get(&q.fields[f].id));
            self.field = Some((item, f, Box::new(editor)));
        }
    }

    fn key(&mut self, q: &Question, key: KeyEvent, ctx: &EditContext) -> Outcome {
        if let Some((item, f, mut editor)) = self.field.take() {
            let field = &q.fields[f];
            match editor.key(field, key, ctx) {
                Outcome::Continue => self.field = Some((item, f, editor)),
                Outcome::Cancel => {}
                Outcome::Submit(value) => {
                    if let Some(it) = self.items.get_mut(item) {
                        match value {
                            AnswerValue::Text(ref s) if s.is_empty() => {
                                it.remove(&field.id);
                            }
                            v => {
                                it.insert(field.id.clone(), v);
                            }
                        }
                        // Fields hidden by the new value lose their answers.
                        let snapshot = it.clone();
                        for hidden in q
                            .fields
                            .iter()
                            .filter(|x| !(ctx.field_visible)(x, &snapshot))
                        {
                            it.remove(&hidden.id);
                        }
                        if let Some(next) = Self::next_field(q, it, f + 1, ctx) {
                            let editor = Editor::open(&q.fields[next], it.get(&q.fields[next].id));
                            self.field = Some((item, next, Box::new(editor)));
                        }
                    }
                }
            }
            return Outcome::Continue;
        }
        match key.code {
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down => {
                self.cursor = (self.cursor + 1).min(self.items.len().saturating_sub(1))
            }
            KeyCode::Char('a') | KeyCode::Insert => {
                self.items.push(Item::new());
                self.cursor = self.items.len() - 1;
                self.start(q, self.cursor, ctx);
            }
            KeyCode::Enter => self.start(q, self.cursor, ctx),
            KeyCode::Char('d') | KeyCode::Delete if !self.items.is_empty() => {
                self.items.remove(self.cursor);
                self.cursor = self.cursor.min(self.items.len().saturating_sub(1));
            }
            KeyCode::Char('s') => return Outcome::Submit(AnswerValue::Group(self.items.clone())),
            _ if ctrl(&key, 's') => return Outcome::Submit(AnswerValue::Group(self.items.clone())),
            _ => {}
        }
        Outcome::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str) -> Question {
        dpia::questionnaire::builtin()
            .unwrap()
            .questions()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("no question {id}"))
            .clone()
    }

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn run(editor: &mut Editor, q: &Question, keys: &[KeyCode]) -> Outcome {
        let reference = Reference::builtin().unwrap();
        let visible = |f: &Question, item: &Item| match &f.show_if {
            Some(dpia::questionnaire::model::Condition::Field { id, .. }) => item.contains_key(id),
            _ => true,
        };
        let ctx = EditContext {
            reference: &reference,
            lang: "en",
            field_visible: &visible,
        };
        let mut last = Outcome::Continue;
        for code in keys {
            last = editor.key(q, k(*code), &ctx);
        }
        last
    }

    #[test]
    fn country_type_ahead_finds_by_name_and_code() {
        let r = Reference::builtin().unwrap();
        let m = country_matches(&r, "germ", "en");
        assert_eq!(m[0].0, "DE");
        let m = country_matches(&r, "deu", "de");
        assert_eq!(m[0].0, "DE");
        let m = country_matches(&r, "us", "en");
        assert_eq!(m[0].0, "US");
    }

    #[test]
    fn multi_choice_toggles_with_space() {
        let question = q("screening.wp248_criteria");
        let mut e = Editor::open(&question, None);
        let out = run(
            &mut e,
            &question,
            &[
                KeyCode::Char(' '),
                KeyCode::Down,
                KeyCode::Down,
                KeyCode::Char(' '),
                KeyCode::Enter,
            ],
        );
        let Outcome::Submit(AnswerValue::List(values)) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            values,
            vec![
                question.choices[0].value.clone(),
                question.choices[2].value.clone()
            ]
        );
    }

    #[test]
    fn group_items_are_added_field_by_field_and_removed() {
        let question = q("risks.list");
        let mut e = Editor::open(&question, None);
        let mut keys = vec![KeyCode::Char('a')];
        keys.extend("R1".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter); // id
        keys.extend("Leak".chars().map(KeyCode::Char));
        keys.push(KeyCode::Enter); // title
        keys.push(KeyCode::Enter); // event: first choice
        keys.push(KeyCode::Esc); // stop editing the item
        run(&mut e, &question, &keys);
        let Editor::Group(g) = &e else { panic!() };
        assert_eq!(g.items.len(), 1);
        assert_eq!(g.items[0]["title"], AnswerValue::Text("Leak".into()));
        assert!(g.items[0].contains_key("event"));
        let out = run(&mut e, &question, &[KeyCode::Char('s')]);
        assert!(matches!(out, Outcome::Submit(AnswerValue::Group(ref items)) if items.len() == 1));
        run(&mut e, &question, &[KeyCode::Char('d')]);
        let Editor::Group(g) = &e else { panic!() };
        assert!(g.items.is_empty());
    }

    #[test]
    fn scale_and_yes_no_keys() {
        let question = q("risks.list");
        let severity = question.field("severity").unwrap().clone();
        let mut e = Editor::open(&severity, None);
        assert_eq!(
            run(&mut e, &severity, &[KeyCode::Char('3')]),
            Outcome::Submit(AnswerValue::Int(3))
        );
        let esc = run(&mut e, &severity, &[KeyCode::Esc]);
        assert_eq!(esc, Outcome::Cancel);
    }
}
