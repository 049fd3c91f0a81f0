//! Who signs a DPIA report: the data protection officer (who advises, GDPR Art. 35(2) and
//! 39(1)(c)) and the controller (who carries the responsibility, Art. 24 and 35(1)). Each
//! role has its own signature field and box in the report; the field name is stable, the
//! label comes from the report template.

use crate::report::Template;

/// A signing role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Dpo,
    Controller,
}

/// Every role, in the order their boxes appear in the report.
pub const ROLES: [Role; 2] = [Role::Dpo, Role::Controller];

impl Role {
    /// The signature field's name (`/T`), also what the record notes.
    pub fn field(self) -> &'static str {
        match self {
            Role::Dpo => "dpo",
            Role::Controller => "controller",
        }
    }

    /// The role for a field name or command-line value.
    pub fn parse(s: &str) -> Option<Role> {
        ROLES.into_iter().find(|r| r.field() == s)
    }

    /// The role in the report's words.
    pub fn label(self, t: &Template) -> String {
        match self {
            Role::Dpo => t.role_dpo.clone(),
            Role::Controller => t.role_controller.clone(),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field())
    }
}
