//! What an export of a signed version is: a copy of the signed report, not a draft. The
//! copy names the signed version's number (as `dpia verify` reports it), who signed in which
//! role and when, and the SHA-256 of the signed original, from the record's versions and
//! its signed events.

use super::roles::Role;
use crate::record::{signature_role, AssessmentView, Event, Version};
use crate::report::{SignedCopy, Signer, Template};
use crate::signing::{certs, keys};

/// The copy `version` is, when it is signed: every signature given on its content up to
/// and including it, oldest first. `None` for an unsigned version.
pub fn signed_copy(
    view: &AssessmentView,
    version: &Version,
    events: &[Event],
    t: &Template,
) -> Option<SignedCopy> {
    let last = version.signature.as_ref()?;
    let signers = view
        .versions
        .iter()
        .filter(|v| v.number <= version.number && v.content == version.content)
        .filter_map(|v| {
            let s = v.signature.as_ref()?;
            let name = keys::certificates_from_pem(&s.certificate_pem, "record")
                .ok()
                .and_then(|c| c.first().map(certs::common_name))
                .unwrap_or_default();
            let role = events
                .iter()
                .filter(|e| e.version.as_ref() == Some(&v.id))
                .find_map(signature_role)
                .and_then(Role::parse)
                .map_or_else(|| t.signer.clone(), |r| r.label(t));
            Some(Signer {
                name,
                role,
                date: s.signed_at.clone(),
            })
        })
        .collect();
    Some(SignedCopy {
        number: version.number,
        pdf_sha256: last.pdf_sha256.clone(),
        signers,
    })
}
