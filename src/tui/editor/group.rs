//! A repeated group being edited: a list of items, each edited field by field (only the
//! fields its `show_if` shows). Leaving with unsaved changes asks first: Esc on the list
//! with changes waits for `y` (discard), `s` (save) or any other key (keep editing).

use super::{EditContext, Editor, Item, Outcome, Pasted};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpia::questionnaire::{AnswerValue, Question};

#[derive(Debug, Clone, PartialEq)]
pub struct GroupEditor {
    pub items: Vec<Item>,
    /// The items as the editor opened: what Esc would go back to.
    pub original: Vec<Item>,
    pub cursor: usize,
    /// The field being edited: (item, field index, its editor).
    pub field: Option<(usize, usize, Box<Editor>)>,
    /// Esc was pressed with unsaved changes: the next key decides.
    pub confirm_discard: bool,
}

impl GroupEditor {
    pub fn new(items: Vec<Item>) -> GroupEditor {
        GroupEditor {
            original: items.clone(),
            items,
            cursor: 0,
            field: None,
            confirm_discard: false,
        }
    }

    /// Whether the items differ from what the editor opened with.
    pub fn changed(&self) -> bool {
        self.items != self.original || self.field.is_some()
    }

    /// The next field of item `item` after index `from` (inclusive) that is shown.
    fn next_field(q: &Question, item: &Item, from: usize, ctx: &EditContext) -> Option<usize> {
        (from..q.fields.len()).find(|&i| (ctx.field_visible)(&q.fields[i], item))
    }

    fn edit_field(&mut self, q: &Question, item: usize, f: usize, ctx: &EditContext) {
        if let (Some(it), Some(field)) = (self.items.get(item), q.fields.get(f)) {
            let editor = Editor::open(field, it.get(&field.id), ctx);
            self.field = Some((item, f, Box::new(editor)));
        }
    }

    fn start(&mut self, q: &Question, item: usize, ctx: &EditContext) {
        let Some(it) = self.items.get(item) else {
            return;
        };
        if let Some(f) = Self::next_field(q, it, 0, ctx) {
            self.edit_field(q, item, f, ctx);
        }
    }

    /// Opens field `field_id` of item `item` (0-based), as the jump to a missing field does.
    pub fn open_field(&mut self, q: &Question, item: usize, field_id: &str, ctx: &EditContext) {
        if let Some(f) = q.fields.iter().position(|f| f.id == field_id) {
            self.cursor = item.min(self.items.len().saturating_sub(1));
            self.edit_field(q, self.cursor, f, ctx);
        }
    }

    /// The items with what is typed in the open field, as a draft keeps them.
    pub fn items_with_open_field(&self, q: &Question) -> Vec<Item> {
        let mut items = self.items.clone();
        if let Some((item, f, editor)) = &self.field {
            if let (Some(it), Some(field), Some(value)) = (
                items.get_mut(*item),
                q.fields.get(*f),
                editor.value(&q.fields[*f]),
            ) {
                it.insert(field.id.clone(), value);
            }
        }
        items
    }

    fn store(
        &mut self,
        q: &Question,
        item: usize,
        f: usize,
        value: AnswerValue,
        ctx: &EditContext,
    ) {
        let field = &q.fields[f];
        let Some(it) = self.items.get_mut(item) else {
            return;
        };
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
            self.edit_field(q, item, next, ctx);
        }
    }

    pub fn key(&mut self, q: &Question, key: KeyEvent, ctx: &EditContext) -> Outcome {
        if let Some((item, f, mut editor)) = self.field.take() {
            match editor.key(&q.fields[f], key, ctx) {
                Outcome::Continue => self.field = Some((item, f, editor)),
                // Esc in a field stops editing this item (the field keeps its old value).
                Outcome::Cancel => {}
                Outcome::Submit(value) => self.store(q, item, f, value, ctx),
            }
            return Outcome::Continue;
        }
        let submit = Outcome::Submit(AnswerValue::Group(self.items.clone()));
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y' | 'j' | 'o') => Outcome::Cancel,
                KeyCode::Char('s') => submit,
                _ => Outcome::Continue,
            };
        }
        let ctrl_s =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s');
        match key.code {
            _ if ctrl_s => return submit,
            KeyCode::Esc if self.changed() => self.confirm_discard = true,
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Up | KeyCode::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(self.items.len().saturating_sub(1))
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.items.len().saturating_sub(1),
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
            KeyCode::Char('s') => return submit,
            _ => {}
        }
        Outcome::Continue
    }

    /// A paste goes into the field being edited; the list itself takes no text.
    pub fn paste(&mut self, text: &str, ctx: &EditContext) -> Pasted {
        match &mut self.field {
            Some((_, _, editor)) => editor.paste(text, ctx),
            None => Pasted::Refused,
        }
    }

    /// The mouse wheel: in a field, its own scrolling; on the list, the cursor.
    pub fn scroll(&mut self, q: &Question, delta: i16) {
        match &mut self.field {
            Some((_, f, editor)) => {
                if let Some(field) = q.fields.get(*f) {
                    editor.scroll(field, delta)
                }
            }
            None => {
                let at = self.cursor as i64 + i64::from(delta);
                self.cursor = at.clamp(0, self.items.len().saturating_sub(1) as i64) as usize;
            }
        }
    }
}
