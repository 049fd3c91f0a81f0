//! The summary tab: export a draft (to the export folder, under a short safe name), sign
//! (refused while anything is missing; the form starts with the key paths used last time),
//! verify the signed PDF again, and revise a signed assessment (`r`: its successor opens).

use crate::tui::effect::Effect;
use crate::tui::input::LineInput;
use crate::tui::model::{Model, Popup, Screen, SignForm, StatusLine, Work};
use crate::tui::strings::tf;
use crossterm::event::{KeyCode, KeyEvent};

pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &model.screen else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('e') => {
            let popup = export_popup(model, w);
            if let Screen::Work(w) = &mut model.screen {
                w.popup = Some(popup);
            }
        }
        KeyCode::Char('s') => {
            if w.signed {
                model.info("status.already_signed");
            } else if w.read_only {
                model.info("status.read_only_record");
            } else if !w.session.evaluation.missing.is_empty() {
                let n = w.session.evaluation.missing.len();
                model.status = Some(StatusLine::Error(tf(
                    lang,
                    "status.cannot_sign",
                    &[("n", &n)],
                )));
            } else {
                let popup = sign_popup(model, w);
                if let Screen::Work(w) = &mut model.screen {
                    w.popup = Some(popup);
                }
            }
        }
        KeyCode::Char('v') => {
            if let Some(v) = &w.verification {
                return vec![Effect::Verify(v.path.clone())];
            }
        }
        // A signed assessment is revised by a successor (a new draft whose signature
        // supersedes it); the record refuses anything else and says why.
        KeyCode::Char('r') => {
            if w.read_only {
                model.info("status.read_only_record");
            } else if !w.signed {
                model.info("status.revise_signed_only");
            } else {
                let id = w.id.clone();
                model.info("status.revising");
                return vec![Effect::Revise(id)];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The export dialog: the draft's full path in the export folder.
pub fn export_popup(model: &Model, w: &Work) -> Popup {
    let name = dpia::files::file_name(&w.title, "-draft.pdf");
    Popup::Export {
        path: LineInput::new(&model.export_dir().join(name).display().to_string()),
    }
}

/// The sign dialog, with the key and certificate used last time and the signed PDF's full
/// path in the export folder.
pub fn sign_popup(model: &Model, w: &Work) -> Popup {
    let path = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    };
    let name = dpia::files::file_name(&w.title, "-signed.pdf");
    Popup::Sign(SignForm {
        key: LineInput::new(&path(&model.settings.sign_key)),
        cert: LineInput::new(&path(&model.settings.sign_cert)),
        passphrase: LineInput::secret(),
        out: LineInput::new(&model.export_dir().join(name).display().to_string()),
        location: LineInput::default(),
        focus: 0,
        confirming: false,
    })
}
