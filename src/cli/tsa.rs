//! The HTTP transport to an RFC 3161 time-stamping authority for `dpia sign --tsa URL`: a
//! POST of the DER request (`application/timestamp-query`), the DER reply back. The library
//! builds and checks both; this is only the wire. Plain `http://`: the reply is signed by the
//! authority and checked by dpia, so TLS adds nothing to its integrity (the usual way RFC 3161
//! services are reached), and no TLS stack is compiled in.

use super::error::CliError;
use dpia::signing::TimestampAuthority;
use std::time::Duration;

/// A time-stamping authority at an `http://` URL.
pub struct HttpTsa {
    url: String,
    agent: ureq::Agent,
}

impl HttpTsa {
    pub fn new(url: &str) -> Result<HttpTsa, CliError> {
        if !url.starts_with("http://") {
            return Err(CliError::usage(format!(
                "--tsa {url}: only http:// time-stamping URLs are supported"
            ))
            .hint("RFC 3161 replies are signed by the authority and checked by dpia; use the authority's http:// address"));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Ok(HttpTsa {
            url: url.to_string(),
            agent,
        })
    }
}

impl TimestampAuthority for HttpTsa {
    fn name(&self) -> String {
        self.url.clone()
    }

    fn send(&self, request: &[u8]) -> Result<Vec<u8>, String> {
        let mut reply = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/timestamp-query")
            .header("Accept", "application/timestamp-reply")
            .send(request)
            .map_err(|e| e.to_string())?;
        reply.body_mut().read_to_vec().map_err(|e| e.to_string())
    }
}
