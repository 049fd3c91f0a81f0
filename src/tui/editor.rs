//! The input widget state for one question, per question type: yes/no, single and multiple
//! choice, one-line text and dates, multi-line text, a country with type-ahead, a list of
//! countries, CNIL scales, and repeated groups (`editor/group.rs`). Pure: keys and pastes in,
//! an [`Outcome`] out; the session validates what is submitted.
//!
//! Countries: what was typed is matched once per key press (never per frame) by the
//! library's [`dpia::reference::Reference::search_places`], where an exact ISO code wins; the
//! country Enter would store is shown in words. A country list is parsed as it is typed and
//! unknown entries are named before anything is stored.

mod group;

pub use group::GroupEditor;

use super::input::{LineInput, TextArea};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::questionnaire::{AnswerValue, Question, QuestionType};
use dpia::reference::{PlaceMatch, Reference};
use std::collections::BTreeMap;

pub type Item = BTreeMap<String, AnswerValue>;

/// What a key did to the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Continue,
    Cancel,
    Submit(AnswerValue),
}

/// What a paste did to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pasted {
    /// Inserted as it was.
    Taken,
    /// Several lines joined into one (a one-line field).
    Joined,
    /// This editor takes no text (choices, scales, a group's list): nothing changed.
    Refused,
}

/// What editing needs to know beyond the question.
pub struct EditContext<'a> {
    pub reference: &'a Reference,
    pub lang: dpia::lang::Lang,
    /// Whether a group field is shown for an item (its `show_if`).
    pub field_visible: &'a dyn Fn(&Question, &Item) -> bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Editor {
    YesNo {
        value: bool,
    },
    Single {
        cursor: usize,
    },
    Multi {
        cursor: usize,
        chosen: Vec<bool>,
    },
    /// One line of text, or a date.
    Line(LineInput),
    Long(TextArea),
    /// One country: what was typed, the places it matches (best first) and the one chosen.
    Country {
        input: LineInput,
        cursor: usize,
        matches: Vec<PlaceMatch>,
        /// Why Enter stored nothing (no place matches what was typed).
        refused: Option<String>,
    },
    /// A list of countries, parsed as it is typed.
    Places {
        input: LineInput,
        parsed: Result<Vec<String>, String>,
    },
    Scale {
        value: i64,
    },
    Group(GroupEditor),
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

/// A date as DPOs write it in German (`1.12.2027`), in ISO form; anything else unchanged.
fn iso_date(text: &str) -> String {
    let parts: Vec<&str> = text.trim().split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let ok = |s: &str, n: usize| {
            !s.is_empty() && s.len() <= n && s.bytes().all(|b| b.is_ascii_digit())
        };
        if ok(d, 2) && ok(m, 2) && y.len() == 4 && ok(y, 4) {
            return format!("{y}-{m:0>2}-{d:0>2}");
        }
    }
    text.trim().to_string()
}

impl Editor {
    /// The editor for `q`, starting from its current answer (or draft).
    pub fn open(q: &Question, current: Option<&AnswerValue>, ctx: &EditContext) -> Editor {
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
            QuestionType::Text | QuestionType::Date => Editor::Line(LineInput::new(&text)),
            QuestionType::CountryList => {
                let input = LineInput::new(&text);
                let parsed = ctx.reference.parse_places(&text);
                Editor::Places { input, parsed }
            }
            QuestionType::LongText => Editor::Long(TextArea::new(&text)),
            QuestionType::Country => {
                let input = LineInput::new(&text);
                let matches = ctx.reference.search_places(&text, ctx.lang);
                Editor::Country {
                    input,
                    cursor: 0,
                    matches,
                    refused: None,
                }
            }
            QuestionType::Scale => Editor::Scale {
                value: match current {
                    Some(AnswerValue::Int(i)) => *i,
                    _ => 1,
                },
            },
            QuestionType::Group => Editor::Group(GroupEditor::new(match current {
                Some(AnswerValue::Group(items)) => items.clone(),
                _ => Vec::new(),
            })),
        }
    }

    /// The value the editor holds now, as a draft would keep it: what was typed, the items
    /// of a group with the field being edited; `None` when nothing was typed.
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
            Editor::Line(input) | Editor::Country { input, .. } | Editor::Places { input, .. } => {
                Some(AnswerValue::Text(input.text.trim().to_string()))
                    .filter(|_| !input.text.trim().is_empty())
            }
            Editor::Long(area) => {
                let text = area.text().trim().to_string();
                (!text.is_empty()).then_some(AnswerValue::Text(text))
            }
            Editor::Scale { value } => Some(AnswerValue::Int(*value)),
            Editor::Group(g) => Some(AnswerValue::Group(g.items_with_open_field(q))),
        }
    }

    /// Whether the editor holds typed text (or group items), which Ctrl-C keeps as a draft;
    /// a choice or a scale under the cursor is not typed.
    pub fn typed(&self) -> bool {
        matches!(
            self,
            Editor::Line(_)
                | Editor::Long(_)
                | Editor::Country { .. }
                | Editor::Places { .. }
                | Editor::Group(_)
        )
    }

    /// Applies a key.
    pub fn key(&mut self, q: &Question, key: KeyEvent, ctx: &EditContext) -> Outcome {
        if let Editor::Group(g) = self {
            return g.key(q, key, ctx);
        }
        if key.code == KeyCode::Esc {
            return Outcome::Cancel;
        }
        let up = matches!(key.code, KeyCode::Up);
        let down = matches!(key.code, KeyCode::Down);
        match self {
            Editor::YesNo { value } => match key.code {
                KeyCode::Char('y' | 'j' | 'o') => Outcome::Submit(AnswerValue::Bool(true)),
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
            Editor::Single { cursor } => {
                let last = q.choices.len().saturating_sub(1);
                match key.code {
                    _ if up || key.code == KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                    _ if down || key.code == KeyCode::Char('j') => {
                        *cursor = (*cursor + 1).min(last)
                    }
                    KeyCode::Home => *cursor = 0,
                    KeyCode::End => *cursor = last,
                    KeyCode::PageUp => *cursor = cursor.saturating_sub(5),
                    KeyCode::PageDown => *cursor = (*cursor + 5).min(last),
                    KeyCode::Enter => {
                        return q.choices.get(*cursor).map_or(Outcome::Continue, |c| {
                            Outcome::Submit(AnswerValue::Text(c.value.clone()))
                        })
                    }
                    _ => {}
                }
                Outcome::Continue
            }
            Editor::Multi { cursor, chosen } => {
                let last = q.choices.len().saturating_sub(1);
                match key.code {
                    _ if up || key.code == KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                    _ if down || key.code == KeyCode::Char('j') => {
                        *cursor = (*cursor + 1).min(last)
                    }
                    KeyCode::Home => *cursor = 0,
                    KeyCode::End => *cursor = last,
                    KeyCode::PageUp => *cursor = cursor.saturating_sub(5),
                    KeyCode::PageDown => *cursor = (*cursor + 5).min(last),
                    KeyCode::Char(' ') => {
                        if let Some(c) = chosen.get_mut(*cursor) {
                            *c = !*c;
                        }
                    }
                    KeyCode::Enter => {
                        return Outcome::Submit(AnswerValue::List(
                            q.choices
                                .iter()
                                .zip(chosen.iter())
                                .filter(|(_, on)| **on)
                                .map(|(c, _)| c.value.clone())
                                .collect(),
                        ))
                    }
                    _ => {}
                }
                Outcome::Continue
            }
            Editor::Line(input) => {
                if key.code == KeyCode::Enter || ctrl(&key, 's') {
                    let text = if q.kind == QuestionType::Date {
                        iso_date(&input.text)
                    } else {
                        input.text.trim().to_string()
                    };
                    return Outcome::Submit(AnswerValue::Text(text));
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
            Editor::Country {
                input,
                cursor,
                matches,
                refused,
            } => {
                match key.code {
                    _ if up => *cursor = cursor.saturating_sub(1),
                    _ if down => *cursor = (*cursor + 1).min(matches.len().saturating_sub(1)),
                    KeyCode::Enter => {
                        if input.text.trim().is_empty() {
                            return Outcome::Submit(AnswerValue::Text(String::new()));
                        }
                        if let Some(m) = matches.get(*cursor) {
                            return Outcome::Submit(AnswerValue::Text(m.code.clone()));
                        }
                        *refused = ctx.reference.parse_place(&input.text).err();
                    }
                    _ => {
                        if input.key(key) {
                            *matches = ctx.reference.search_places(&input.text, ctx.lang);
                            *cursor = 0;
                            *refused = None;
                        }
                    }
                }
                Outcome::Continue
            }
            Editor::Places { input, parsed } => {
                if key.code == KeyCode::Enter || ctrl(&key, 's') {
                    return match parsed {
                        Ok(codes) => Outcome::Submit(AnswerValue::List(codes.clone())),
                        // The error is on screen already; nothing is stored.
                        Err(_) => Outcome::Continue,
                    };
                }
                if input.key(key) {
                    *parsed = ctx.reference.parse_places(&input.text);
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
            Editor::Group(_) => Outcome::Continue,
        }
    }

    /// Takes pasted text: as it is in a long text, joined into one line in a one-line field
    /// (with `, ` in a country list), refused where there is no text to type.
    pub fn paste(&mut self, text: &str, ctx: &EditContext) -> Pasted {
        let joined = |j: bool| if j { Pasted::Joined } else { Pasted::Taken };
        match self {
            Editor::Line(input) => joined(input.paste(text, " ")),
            Editor::Long(area) => {
                area.paste(text);
                Pasted::Taken
            }
            Editor::Country {
                input,
                cursor,
                matches,
                refused,
            } => {
                let j = input.paste(text, " ");
                *matches = ctx.reference.search_places(&input.text, ctx.lang);
                *cursor = 0;
                *refused = None;
                joined(j)
            }
            Editor::Places { input, parsed } => {
                let j = input.paste(text, ", ");
                *parsed = ctx.reference.parse_places(&input.text);
                joined(j)
            }
            Editor::Group(g) => g.paste(text, ctx),
            Editor::YesNo { .. }
            | Editor::Single { .. }
            | Editor::Multi { .. }
            | Editor::Scale { .. } => Pasted::Refused,
        }
    }

    /// Moves the cursor `delta` rows (the mouse wheel): options, lines, matches, items.
    pub fn scroll(&mut self, q: &Question, delta: i16) {
        let moved = |at: usize, len: usize| -> usize {
            let at = at as i64 + i64::from(delta);
            at.clamp(0, len.saturating_sub(1) as i64) as usize
        };
        match self {
            Editor::Single { cursor } | Editor::Multi { cursor, .. } => {
                *cursor = moved(*cursor, q.choices.len())
            }
            Editor::Country {
                cursor, matches, ..
            } => *cursor = moved(*cursor, matches.len()),
            Editor::Long(area) => {
                area.row = moved(area.row, area.lines.len());
                area.col = area.col.min(area.lines[area.row].chars().count());
            }
            Editor::Group(g) => g.scroll(q, delta),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
