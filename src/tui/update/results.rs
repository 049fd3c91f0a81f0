//! What the effects' results do to the model: lists, scans, opened and saved assessments
//! (one whose tool drifted since its signature opens on its drift list; a save merged with another writer's version replaces the session and says so), imports,
//! exports, signatures, verifications, settings and a successor started from a signed
//! assessment (opened at its questions, saying how many answers to confirm again).

use super::undo;
use crate::tui::effect::Effect;
use crate::tui::message::{Merged, Message, Opened, SaveReport};
use crate::tui::model::{Model, Pending, Popup, Screen, StatusLine, Tab, Work};
use crate::tui::strings::{t, tf};
use dpia::approval::Verdict;
use dpia::questionnaire::Origin;

pub fn apply(model: &mut Model, message: Message) -> Vec<Effect> {
    let lang = model.lang;
    match message {
        Message::Key(_) | Message::Paste(_) | Message::Scroll(_) => Vec::new(),
        Message::Listed(Ok(listing)) => {
            model.dashboard.assessments = listing.assessments;
            model.dashboard.read_only = listing.read_only;
            model.dashboard.checks = listing.checks;
            model.dashboard.record_error = None;
            if let Some(id) = model.dashboard.select.take() {
                // Show the assessment just imported, whatever the filter held.
                if !model.visible().iter().any(|a| a.id == id) {
                    model.dashboard.filter = crate::tui::input::LineInput::default();
                }
                if let Some(i) = model.visible().iter().position(|a| a.id == id) {
                    model.dashboard.selected = i;
                }
            }
            let count = model.visible().len();
            model.dashboard.selected = model.dashboard.selected.min(count.saturating_sub(1));
            Vec::new()
        }
        Message::Listed(Err(e)) => {
            model.dashboard.record_error = Some(e.clone());
            model.error(e);
            Vec::new()
        }
        Message::Audited(Ok(summary)) => {
            let report = &summary.chain;
            let text = tf(
                lang,
                if report.breaks.is_empty() {
                    "status.audit_ok"
                } else {
                    "status.audit_breaks"
                },
                &[
                    ("assessments", &report.assessments),
                    ("versions", &report.versions),
                    ("events", &report.events),
                    ("breaks", &report.breaks.len()),
                ],
            );
            model.status = Some(if report.breaks.is_empty() {
                StatusLine::Info(text)
            } else {
                StatusLine::Error(text)
            });
            if let Screen::Audit(a) = &mut model.screen {
                a.report = Some(*summary);
            }
            Vec::new()
        }
        Message::Audited(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Completions(list) => {
            if let Screen::New(form) = &mut model.screen {
                match list.as_slice() {
                    [] => form.error = Some(t(lang, "new.no_such_path").into()),
                    [one] => {
                        form.path.set(one);
                        form.completions.clear();
                        form.error = None;
                    }
                    many => {
                        let common = common_prefix(many);
                        if common.chars().count() > form.path.text.chars().count() {
                            form.path.set(&common);
                        }
                        form.completions = list;
                        form.error = None;
                    }
                }
            }
            Vec::new()
        }
        Message::Scanning(p) => {
            if let Screen::New(form) = &mut model.screen {
                form.scanning = Some(p);
            }
            Vec::new()
        }
        Message::Created(Ok(opened)) => {
            model.info("status.created");
            model.screen = Screen::Work(Box::new(work_of(opened)));
            vec![Effect::LoadList]
        }
        Message::Created(Err(e)) => {
            if let Screen::New(form) = &mut model.screen {
                form.scanning = None;
                form.error = Some(e.clone());
            }
            model.error(e);
            Vec::new()
        }
        Message::Opened(Ok(opened)) => {
            let pending = model.pending.take();
            let mut w = work_of(opened);
            let drafts = w
                .session
                .answers
                .values
                .values()
                .filter(|a| a.origin == Origin::Draft)
                .count();
            model.status = None;
            if drafts > 0 {
                model.status = Some(StatusLine::Info(tf(
                    lang,
                    "status.drafts_found",
                    &[("n", &drafts)],
                )));
            }
            if w.read_only {
                model.info("status.read_only_record");
            }
            if let Some(p) = pending {
                w.tab = Tab::Summary;
                w.popup = Some(match p {
                    Pending::Export => super::summary::export_popup(model, &w),
                    Pending::Sign => super::summary::sign_popup(model, &w),
                });
            } else if w.drift.is_some() {
                // The tool drifted since the signature: what changed comes first.
                w.popup = Some(Popup::Drift { row: 0 });
            }
            model.screen = Screen::Work(Box::new(w));
            Vec::new()
        }
        Message::Revised(Ok(revised)) => {
            let mut w = work_of(revised.opened);
            w.tab = Tab::Questions;
            model.status = Some(StatusLine::Info(tf(
                lang,
                "status.revised",
                &[("n", &revised.reconfirm), ("drift", &revised.drift)],
            )));
            model.screen = Screen::Work(Box::new(w));
            vec![Effect::LoadList]
        }
        Message::CnilImported(Ok((id, title))) => {
            model.dashboard.import = None;
            model.dashboard.select = Some(id);
            model.status = Some(StatusLine::Info(tf(
                lang,
                "status.cnil_imported",
                &[("title", &dpia::terminal::escape(&title))],
            )));
            vec![Effect::LoadList]
        }
        Message::CnilImported(Err(e)) => {
            if let Some(import) = &mut model.dashboard.import {
                import.error = Some(e.clone());
            }
            model.error(e);
            Vec::new()
        }
        Message::Revised(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Opened(Err(e)) => {
            model.pending = None;
            model.error(e);
            Vec::new()
        }
        Message::Saved(Ok(report)) => saved(model, report),
        Message::Saved(Err(e)) => {
            if let Screen::Work(w) = &mut model.screen {
                w.unsaved = true;
            }
            model.error(tf(lang, "status.not_saved", &[("why", &e)]));
            Vec::new()
        }
        Message::ImportRead(Ok((name, text))) => {
            let Screen::Work(w) = &mut model.screen else {
                return Vec::new();
            };
            let applied = undo::change(w, "undo.import", |s| {
                s.apply_answers_file(&name, &text).map_err(|e| {
                    let first = e
                        .problems
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    format!("{e}: {first}")
                })
            });
            match applied {
                Ok(_) => {
                    w.popup = None;
                    model.status = Some(StatusLine::Info(tf(
                        lang,
                        "status.imported",
                        &[("file", &name)],
                    )));
                    vec![Effect::Save]
                }
                Err(e) => {
                    model.error(e);
                    Vec::new()
                }
            }
        }
        Message::ImportRead(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Exported(Ok(path)) => {
            model.status = Some(StatusLine::Info(tf(
                lang,
                "status.exported",
                &[("path", &path.display())],
            )));
            if let Screen::Work(w) = &mut model.screen {
                w.popup = None;
            }
            Vec::new()
        }
        Message::RopaExported(Ok((path, n))) => {
            model.status = Some(StatusLine::Info(tf(
                lang,
                "status.ropa_exported",
                &[("n", &n), ("path", &path.display())],
            )));
            Vec::new()
        }
        Message::RopaExported(Err(e)) => {
            model.error(e);
            Vec::new()
        }
        Message::Signed(Ok(verified)) => {
            model.status = Some(StatusLine::Info(tf(
                lang,
                "status.signed",
                &[
                    ("path", &verified.path.display()),
                    ("verdict", &verified.checked.outcome.verdict.label()),
                ],
            )));
            let mut effects = vec![Effect::LoadList];
            if let Screen::Work(w) = &mut model.screen {
                // The key and certificate are remembered for next time.
                if let Some(Popup::Sign(form)) = w.popup.take() {
                    let key = form.key.text.trim().to_string();
                    let cert = form.cert.text.trim().to_string();
                    if !key.is_empty() {
                        model.settings.sign_key = Some(key.into());
                        model.settings.sign_cert = (!cert.is_empty()).then(|| cert.into());
                        effects.push(Effect::SaveSettings);
                    }
                }
                w.signed = true;
                w.verification = Some(verified);
            }
            effects
        }
        Message::Exported(Err(e)) | Message::Signed(Err(e)) | Message::Verified(Err(e)) => {
            if let Screen::Work(w) = &mut model.screen {
                if let Some(Popup::Sign(form)) = &mut w.popup {
                    form.confirming = false;
                }
            }
            model.error(e);
            Vec::new()
        }
        Message::Verified(Ok(verified)) => {
            let verdict = verified.checked.outcome.verdict;
            let line = format!("{}: {}", verified.path.display(), verdict.label());
            model.status = Some(if verdict == Verdict::Valid {
                StatusLine::Info(line)
            } else {
                StatusLine::Error(line)
            });
            match &mut model.screen {
                Screen::Audit(a) => a.verification = Some(verified),
                Screen::Work(w) => w.verification = Some(verified),
                _ => {}
            }
            Vec::new()
        }
        Message::SettingsSaved(Ok(())) => Vec::new(),
        Message::SettingsSaved(Err(e)) => {
            model.error(tf(lang, "status.settings_not_saved", &[("why", &e)]));
            Vec::new()
        }
    }
}

fn work_of(opened: Opened) -> Work {
    let mut w = Work::new(opened.id, opened.title, *opened.session, opened.signed);
    w.read_only = opened.read_only;
    w.drift = opened.drift;
    w
}

/// A save went through: count it, clear an older error, take the session as saved (its new
/// base; after a merge the other writer's answers too: the editor and the cursor's question
/// stay), and say what a merge did.
fn saved(model: &mut Model, report: SaveReport) -> Vec<Effect> {
    let lang = model.lang;
    let Screen::Work(w) = &mut model.screen else {
        return Vec::new();
    };
    w.saved += 1;
    w.unsaved = false;
    w.leaving = false;
    if matches!(model.status, Some(StatusLine::Error(_))) {
        model.status = None;
    }
    if let Some(session) = report.session {
        let current = w.current().map(|q| q.id.clone());
        w.session = *session;
        if let Some(id) = current {
            if let Some(i) = w.questions(w.section).iter().position(|q| q.id == id) {
                w.question = i;
            }
        }
    }
    if let Some(Merged {
        by,
        reapplied,
        conflicts,
    }) = report.merged
    {
        let words = w.session.words(lang);
        let mut text = tf(
            lang,
            "status.merged",
            &[("by", &by), ("n", &reapplied.len())],
        );
        if !conflicts.is_empty() {
            let names: Vec<String> = conflicts.iter().map(|q| words.question(q)).collect();
            text.push_str(&tf(
                lang,
                "status.merge_conflicts",
                &[("questions", &names.join(&words.list_separator()))],
            ));
        }
        model.status = Some(StatusLine::Info(text));
    }
    Vec::new()
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for s in &items[1..] {
        let n = prefix
            .iter()
            .zip(s.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(n);
    }
    prefix.into_iter().collect()
}
