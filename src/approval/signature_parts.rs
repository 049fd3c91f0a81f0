//! Steps of signing shared by an assessment's report and the auditor's summary: the visible
//! signature block worded by the report template, the check that the credentials may sign
//! at the signing time, and the verification of a freshly signed PDF.

use super::ApprovalError;
use crate::report::document::SignatureBlock;
use crate::report::Template;
use crate::signing::{certs, verify_pdf, Credentials, PdfVerification, SigningError};

/// The visible signature block of `creds`'s signer, signing at `signed_at` (time-stamped by
/// `tsa` when named), worded by the report template `t`: shared by reports and the audit
/// summary.
pub(crate) fn signature_block(
    creds: &Credentials,
    t: &Template,
    signed_at: u64,
    tsa: Option<&str>,
    reason: String,
    location: Option<String>,
) -> SignatureBlock {
    let cert = creds.certificate();
    let self_signed = cert.tbs_certificate().issuer() == cert.tbs_certificate().subject();
    let kind = if self_signed {
        t.kind_self_signed.clone()
    } else {
        t.kind_issued
            .replace("{issuer}", &cert.tbs_certificate().issuer().to_string())
    };
    let time = certs::iso(signed_at);
    let signed_at = match tsa {
        Some(tsa) => t
            .time_stamped
            .replace("{time}", &time)
            .replace("{tsa}", tsa),
        None => t.time_claimed.replace("{time}", &time),
    };
    SignatureBlock {
        signer: certs::common_name(cert),
        subject: certs::subject(cert),
        signed_at,
        kind,
        fingerprint: certs::fingerprint(cert),
        reason,
        location,
    }
}

/// Refuses credentials that may not sign at `signed_at`.
pub(crate) fn usable_at(creds: &Credentials, signed_at: u64) -> Result<(), ApprovalError> {
    certs::usable_for_signing(creds.certificate(), signed_at).map_err(|why| {
        ApprovalError::Signing(SigningError::CertificateNotUsable(why.for_signing_now()))
    })
}

/// Verifies a freshly signed PDF: every signature intact, the last one by `creds`.
pub(crate) fn self_check(
    signed: &[u8],
    creds: &Credentials,
) -> Result<PdfVerification, ApprovalError> {
    let verification = verify_pdf(signed, &[]);
    let own = verification.last().and_then(|s| s.signer.as_ref());
    if !verification.is_valid()
        || own.map(|s| s.fingerprint.clone()) != Some(certs::fingerprint(creds.certificate()))
    {
        return Err(ApprovalError::SelfCheck(
            verification.all_problems().join("; "),
        ));
    }
    Ok(verification)
}
