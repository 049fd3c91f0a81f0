//! Exchange formats: other tools' files read into assessments and assessments written for
//! other tools, as readers and writers of the core types (answers, notes), never logic of the
//! shells. `cnil`: the CNIL PIA tool's JSON; `text`: HTML as those tools store it and the
//! plain text dpia keeps; `notes`: imported notes in words.

pub mod cnil;
pub mod notes;
pub mod text;
