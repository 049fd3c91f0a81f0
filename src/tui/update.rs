//! The pure state transition: a message changes the model and may ask for effects.

use super::effect::Effect;
use super::message::Message;
use super::model::{Lang, Model, Status};
use super::view::text;

pub fn update(model: &mut Model, message: Message) -> Vec<Effect> {
    let count = model.visible().len();
    match message {
        Message::Up => model.selected = model.selected.saturating_sub(1),
        Message::Down => model.selected = (model.selected + 1).min(count.saturating_sub(1)),
        Message::Home => model.selected = 0,
        Message::End => model.selected = count.saturating_sub(1),
        Message::StartFilter => model.filtering = true,
        Message::FilterChar(c) => {
            model.filter.push(c);
            model.selected = 0;
        }
        Message::FilterBackspace => {
            model.filter.pop();
            model.selected = 0;
        }
        Message::EndFilter { keep } => {
            model.filtering = false;
            if !keep {
                model.filter.clear();
                model.selected = 0;
            }
        }
        Message::ToggleHelp => model.help = !model.help,
        Message::ToggleLanguage => {
            model.lang = match model.lang {
                Lang::En => Lang::De,
                Lang::De => Lang::En,
            }
        }
        Message::Refresh => return vec![Effect::LoadList],
        Message::Audit => return vec![Effect::Audit],
        Message::Quit => model.quit = true,
        Message::Listed(Ok(list)) => {
            model.assessments = list;
            model.record_error = None;
            let count = model.visible().len();
            model.selected = model.selected.min(count.saturating_sub(1));
        }
        Message::Listed(Err(e)) => {
            model.record_error = Some(e.clone());
            model.status = Some(Status::Error(e));
        }
        Message::Audited(Ok(report)) => {
            let t = text(model.lang);
            model.status = Some(if report.breaks.is_empty() {
                Status::Info(format!(
                    "{}: {} {}, {} {}",
                    t.audit_clean, report.assessments, t.assessments, report.versions, t.versions
                ))
            } else {
                Status::Error(format!("{}: {}", t.audit_breaks, report.breaks.len()))
            });
            model.audit = Some(report);
        }
        Message::Audited(Err(e)) => model.status = Some(Status::Error(e)),
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dpia::record::{
        AssessmentId, AssessmentSummary, AuditReport, Break, Status as St, VersionId,
    };
    use std::path::PathBuf;

    pub(crate) fn summary(title: &str, status: St, due: Option<&str>) -> AssessmentSummary {
        AssessmentSummary {
            id: serde_json::from_value::<AssessmentId>(serde_json::json!(format!(
                "{:0>64}",
                title.len()
            )))
            .expect("id"),
            title: title.into(),
            tool_path: format!("tools/{}", title.to_lowercase()),
            tool_fingerprint: "ab".repeat(32),
            status,
            head: serde_json::from_value::<VersionId>(serde_json::json!("cd".repeat(32)))
                .expect("version"),
            versions: 2,
            created_at: "2026-11-01T10:00:00Z".into(),
            created_by: "DPO".into(),
            updated_at: "2026-11-20T10:00:00Z".into(),
            author: "DPO".into(),
            review_due: due.map(str::to_string),
        }
    }

    fn model() -> Model {
        let mut m = Model::new(PathBuf::from("/nonexistent"), "2026-11-25".into());
        update(
            &mut m,
            Message::Listed(Ok(vec![
                summary("Damage reports", St::Signed, Some("2026-11-01")),
                summary("Visitor log", St::Draft, None),
                summary("Payroll export", St::Signed, Some("2027-06-01")),
            ])),
        );
        m
    }

    #[test]
    fn moving_stays_inside_the_list() {
        let mut m = model();
        update(&mut m, Message::Up);
        assert_eq!(m.selected, 0);
        for _ in 0..10 {
            update(&mut m, Message::Down);
        }
        assert_eq!(m.selected, 2);
        update(&mut m, Message::Home);
        assert_eq!(m.selected, 0);
    }

    #[test]
    fn filter_narrows_and_escape_clears_it() {
        let mut m = model();
        update(&mut m, Message::StartFilter);
        for c in "pay".chars() {
            update(&mut m, Message::FilterChar(c));
        }
        assert_eq!(m.visible().len(), 1);
        assert_eq!(m.visible()[0].title, "Payroll export");
        update(&mut m, Message::EndFilter { keep: false });
        assert_eq!(m.visible().len(), 3);
        assert!(!m.filtering);
    }

    #[test]
    fn overdue_review_is_detected() {
        let m = model();
        let v = m.visible();
        assert!(m.overdue(v[0]));
        assert!(!m.overdue(v[1]));
        assert!(!m.overdue(v[2]));
    }

    #[test]
    fn audit_and_refresh_ask_for_effects_and_results_land_in_the_status_line() {
        let mut m = model();
        assert_eq!(update(&mut m, Message::Audit), vec![Effect::Audit]);
        assert_eq!(update(&mut m, Message::Refresh), vec![Effect::LoadList]);
        let report = AuditReport {
            breaks: vec![Break {
                assessment: None,
                version: None,
                event: Some(3),
                what: "hash mismatch".into(),
            }],
            assessments: 3,
            versions: 6,
            signed_versions: 2,
            events: 9,
        };
        update(&mut m, Message::Audited(Ok(report)));
        assert!(matches!(m.status, Some(Status::Error(ref s)) if s.contains('1')));
        update(&mut m, Message::Listed(Err("the record is locked".into())));
        assert_eq!(m.record_error.as_deref(), Some("the record is locked"));
    }

    #[test]
    fn quit_and_language() {
        let mut m = model();
        update(&mut m, Message::ToggleLanguage);
        assert_eq!(m.lang, Lang::De);
        update(&mut m, Message::Quit);
        assert!(m.quit);
    }
}
