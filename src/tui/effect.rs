//! Effects: the only place the UI touches the record. Each runs a library call (the same the
//! CLI makes) and feeds the result back as a message; errors become messages, never panics.

use super::message::Message;
use super::model::Model;
use super::update::update;
use dpia::record::Record;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadList,
    Audit,
}

/// Runs `effect` and applies its result (and any follow-up effects).
pub fn run(model: &mut Model, effect: Effect) {
    let message = match effect {
        Effect::LoadList => {
            Message::Listed(open(model).and_then(|r| r.list().map_err(|e| e.to_string())))
        }
        Effect::Audit => Message::Audited(open(model).map(|r| r.audit())),
    };
    for next in update(model, message) {
        run(model, next);
    }
}

/// Opens the record for one effect and closes it again, so another dpia process (the CLI)
/// can use it between actions. A missing record is an empty one.
fn open(model: &Model) -> Result<Record, String> {
    Record::open(&model.record_dir).map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(&format!(": {s}"));
            source = s.source();
        }
        message
    })
}
