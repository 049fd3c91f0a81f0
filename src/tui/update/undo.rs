//! Changes the DPO can take back: every change of the answers goes through [`change`], which
//! remembers each touched question's answer as it was; `u` puts the last change back. The
//! change and the undo are each saved as a version, so the record keeps both and nothing is
//! overwritten.

use crate::tui::effect::Effect;
use crate::tui::model::{Model, Screen, StatusLine, UndoStep, Work};
use crate::tui::strings::{t, tf};
use dpia::session::Session;

/// How many changes `u` can take back.
const DEPTH: usize = 50;

/// Applies `f` to the session; when it changed any answer, remembers how to undo it as
/// `what` (a strings key). Returns whether anything changed.
pub fn change<E: std::fmt::Display>(
    w: &mut Work,
    what: &'static str,
    f: impl FnOnce(&mut Session) -> Result<(), E>,
) -> Result<bool, String> {
    let before = w.session.answers.values.clone();
    f(&mut w.session).map_err(|e| e.to_string())?;
    let after = &w.session.answers.values;
    let changed: Vec<(String, Option<dpia::questionnaire::Answer>)> = before
        .keys()
        .chain(after.keys())
        .filter(|id| before.get(*id) != after.get(*id))
        .map(|id| (id.clone(), before.get(id).cloned()))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();
    if changed.is_empty() {
        return Ok(false);
    }
    w.undo.push(UndoStep {
        what,
        before: changed,
    });
    if w.undo.len() > DEPTH {
        w.undo.remove(0);
    }
    Ok(true)
}

/// Takes back the last change (`u`).
pub fn undo(model: &mut Model) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    let Some(step) = w.undo.pop() else {
        model.info("status.nothing_to_undo");
        return Vec::new();
    };
    w.session.restore(step.before);
    model.status = Some(StatusLine::Info(tf(
        lang,
        "status.undone",
        &[("what", &t(lang, step.what))],
    )));
    vec![Effect::Save]
}
