//! Trusted time for signatures (PAdES B-T): an RFC 3161 time-stamp over the signature value,
//! carried as the unsigned attribute id-aa-signatureTimeStampToken of the SignerInfo.
//!
//! [`request`] builds the TimeStampReq, [`token_from_response`] checks the authority's answer
//! (granted, our imprint, our nonce) and keeps the token, [`check_token`] verifies a token
//! found in a signature: the imprint over the signature value, the authority's CMS signature,
//! its timeStamping EKU and, given trusted certificates, its chain at the time stamped.
//! The transport is the shell's: [`TimestampAuthority`] sends a request and returns the reply.
//! The RFC 3161 types are declared here with `der` derives (`x509-tsp` is on the older
//! der 0.7 / cms 0.2 line).

use super::certs;
use super::cms::{signed_data, verify_signed_data, DigestAlg};
use super::error::SigningError;
use super::oids;
use super::path::{self, Usage};
use der::asn1::{GeneralizedTime, Int, OctetString};
use der::{Any, Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::Extensions;
use x509_cert::Certificate;

/// Sends a DER TimeStampReq to a time-stamping authority and returns its DER reply.
pub trait TimestampAuthority {
    /// Where the authority is (for messages).
    fn name(&self) -> String;
    fn send(&self, request: &[u8]) -> Result<Vec<u8>, String>;
}

#[derive(Debug, Clone, PartialEq, Eq, der::Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// `TimeStampReq` (RFC 3161 §2.4.1).
#[derive(Debug, Clone, der::Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    #[asn1(optional = "true")]
    req_policy: Option<der::oid::ObjectIdentifier>,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(default = "Default::default")]
    cert_req: bool,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<Extensions>,
}

/// `PKIStatusInfo` (RFC 4210 §5.2.3).
#[derive(Debug, Clone, der::Sequence)]
struct PkiStatusInfo {
    status: u8,
    #[asn1(optional = "true")]
    status_string: Option<Vec<String>>,
    #[asn1(optional = "true")]
    fail_info: Option<der::asn1::BitString>,
}

/// `TimeStampResp` (RFC 3161 §2.4.2).
#[derive(Debug, Clone, der::Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    #[asn1(optional = "true")]
    time_stamp_token: Option<Any>,
}

#[derive(Debug, Clone, der::Sequence)]
struct Accuracy {
    #[asn1(optional = "true")]
    seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    micros: Option<u16>,
}

/// `TSTInfo` (RFC 3161 §2.4.2).
#[derive(Debug, Clone, der::Sequence)]
struct TstInfo {
    version: u8,
    policy: der::oid::ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: GeneralizedTime,
    #[asn1(optional = "true")]
    accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    ordering: bool,
    #[asn1(optional = "true")]
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<Extensions>,
}

fn tsa_err(message: impl Into<String>) -> SigningError {
    SigningError::Timestamp(message.into())
}

/// A positive INTEGER from `n`.
fn int(n: u64) -> Result<Int, SigningError> {
    let mut bytes = n.to_be_bytes().to_vec();
    while bytes.len() > 1 && bytes[0] == 0 && bytes[1] & 0x80 == 0 {
        bytes.remove(0);
    }
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    Int::new(&bytes).map_err(|e| tsa_err(e.to_string()))
}

/// A DER TimeStampReq for `signature` (SHA-256 imprint), asking for the certificate.
pub fn request(signature: &[u8], nonce: u64) -> Result<Vec<u8>, SigningError> {
    TimeStampReq {
        version: 1,
        message_imprint: imprint(DigestAlg::Sha256, signature)?,
        req_policy: None,
        nonce: Some(int(nonce)?),
        cert_req: true,
        extensions: None,
    }
    .to_der()
    .map_err(|e| tsa_err(e.to_string()))
}

fn imprint(alg: DigestAlg, data: &[u8]) -> Result<MessageImprint, SigningError> {
    Ok(MessageImprint {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: alg.oid(),
            parameters: None,
        },
        hashed_message: OctetString::new(alg.digest(&[data]))
            .map_err(|e| tsa_err(e.to_string()))?,
    })
}

/// Asks `tsa` for a token over `signature`: builds the request, checks the reply (granted,
/// a token whose imprint and nonce are ours) and returns the token (DER ContentInfo).
pub fn stamp(tsa: &dyn TimestampAuthority, signature: &[u8]) -> Result<Vec<u8>, SigningError> {
    let nonce = rand::random::<u64>() >> 1;
    let reply = tsa
        .send(&request(signature, nonce)?)
        .map_err(|e| tsa_err(format!("{}: {e}", tsa.name())))?;
    token_from_response(&reply, signature, nonce)
        .map_err(|e| tsa_err(format!("{}: {e}", tsa.name())))
}

/// The token of a TimeStampResp after checking it answers our request.
pub fn token_from_response(reply: &[u8], signature: &[u8], nonce: u64) -> Result<Vec<u8>, String> {
    let resp = TimeStampResp::from_der(reply)
        .map_err(|e| format!("the reply is not an RFC 3161 time-stamp response ({e})"))?;
    if resp.status.status > 1 {
        let text = resp.status.status_string.unwrap_or_default().join("; ");
        return Err(format!(
            "the time-stamp was refused (status {}{})",
            resp.status.status,
            if text.is_empty() {
                String::new()
            } else {
                format!(": {text}")
            }
        ));
    }
    let token = resp
        .time_stamp_token
        .ok_or("the reply grants a time-stamp but holds no token")?
        .to_der()
        .map_err(|e| e.to_string())?;
    let info = tst_info(&token)?;
    if info.message_imprint != imprint(DigestAlg::Sha256, signature).map_err(|e| e.to_string())? {
        return Err("the time-stamp is over something else than this signature".into());
    }
    let ours = int(nonce).map_err(|e| e.to_string())?;
    if info.nonce.as_ref() != Some(&ours) {
        return Err("the time-stamp does not answer this request (nonce differs)".into());
    }
    Ok(token)
}

fn tst_info(token: &[u8]) -> Result<TstInfo, String> {
    let signed = signed_data(token)?;
    if signed.encap_content_info.econtent_type != oids::TST_INFO {
        return Err("the token does not hold a TSTInfo".into());
    }
    let content = econtent(&signed)?;
    TstInfo::from_der(&content).map_err(|e| format!("the token's TSTInfo is damaged ({e})"))
}

fn econtent(signed: &cms::signed_data::SignedData) -> Result<Vec<u8>, String> {
    let any = signed
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("the token has no content")?;
    let octets: OctetString = any
        .decode_as()
        .map_err(|e| format!("the token's content is damaged ({e})"))?;
    Ok(octets.as_bytes().to_vec())
}

/// What a signature's time-stamp says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampCheck {
    /// The time stamped, seconds since 1970.
    pub time: u64,
    /// The time-stamping authority (its certificate's subject).
    pub authority: String,
    /// Whether the authority chains to a trusted certificate; None when none was given.
    pub trusted: Option<bool>,
    /// Why the time-stamp is not valid or not trusted; empty when it is.
    pub problems: Vec<String>,
}

/// Checks a signature time-stamp token against the signature value it stamps; `anchors`
/// (possibly empty) are the trusted certificates.
pub fn check_token(
    token: &[u8],
    signature: &[u8],
    anchors: &[Certificate],
) -> Result<TimestampCheck, String> {
    let signed = signed_data(token)?;
    if signed.encap_content_info.econtent_type != oids::TST_INFO {
        return Err("the time-stamp token does not hold a TSTInfo".into());
    }
    let content = econtent(&signed)?;
    let info = TstInfo::from_der(&content)
        .map_err(|e| format!("the time-stamp's TSTInfo is damaged ({e})"))?;
    let alg = DigestAlg::from_oid(&info.message_imprint.hash_algorithm.oid)
        .ok_or("the time-stamp's imprint uses an unsupported hash")?;
    if info.message_imprint.hashed_message.as_bytes() != alg.digest(&[signature]).as_slice() {
        return Err("the time-stamp is over something else than this signature".into());
    }
    let check = verify_signed_data(&signed, oids::TST_INFO, &[&content])
        .map_err(|e| format!("the time-stamp's signature is invalid: {e}"))?;
    let time = info.gen_time.to_unix_duration().as_secs();
    let mut problems = Vec::new();
    let authority = certs::subject(&check.signer);
    if let Err(e) = time_stamping_eku(&check.signer) {
        problems.push(e);
    }
    let trusted = if anchors.is_empty() {
        None
    } else {
        match path::validate(
            &check.signer,
            &check.certificates,
            anchors,
            time,
            Usage::TimeStamping,
        ) {
            Ok(_) => Some(true),
            Err(e) => {
                problems.push(format!("the time-stamping authority is not trusted: {e}"));
                Some(false)
            }
        }
    };
    Ok(TimestampCheck {
        time,
        authority,
        trusted,
        problems,
    })
}

fn time_stamping_eku(cert: &Certificate) -> Result<(), String> {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    match cert.tbs_certificate().get_extension::<ExtendedKeyUsage>() {
        Ok(Some((_, ExtendedKeyUsage(purposes))))
            if purposes.contains(&oids::EKU_TIME_STAMPING) =>
        {
            Ok(())
        }
        Ok(_) => Err(
            "the time-stamping authority's certificate lacks the timeStamping extended key usage"
                .into(),
        ),
        Err(e) => Err(format!(
            "the time-stamping authority's extended key usage is unreadable ({e})"
        )),
    }
}

#[cfg(test)]
#[path = "timestamp_tests.rs"]
pub(crate) mod tests;
