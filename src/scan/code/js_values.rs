//! Values of the local data tracing in JS/TS: what an expression is known to be (a constant
//! string, the request, the Worker's `env`, a binding, an SDK client, a D1 statement) and
//! which data it may carry; plus URL and cookie helpers over constant strings.

use super::flows::Taint;

/// Web frameworks whose route registrations are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Hono,
    Itty,
    Express,
    Unknown,
}

/// What a value is, as far as the flows care.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Kind {
    #[default]
    Plain,
    /// The Worker's `env` (or `c.env`, `context.env`).
    Env,
    /// `env.NAME`: a binding or a secret.
    Binding(String),
    /// A prepared D1 statement: the raw flows it created and the data a read returns.
    D1 {
        flows: Vec<usize>,
        read: Taint,
    },
    /// The incoming request (`request`, `c.req`, Express `req`).
    Request,
    /// Hono's context `c`.
    Context,
    /// Express's `res`.
    ExpressRes,
    /// `request.headers` / `new Headers()`.
    Headers,
    /// A response under construction or returned.
    Response,
    /// A third-party SDK module or client (catalogue id) and the host it was configured with.
    Sdk {
        service: String,
        host: Option<String>,
    },
    /// An HTTP client (axios, ky, got) with its base URL.
    Fetcher {
        base: Option<String>,
    },
    /// `localStorage` / `sessionStorage`.
    Storage(&'static str),
    /// `document.cookie`'s owner.
    Document,
    /// A DOM element created by `document.createElement(tag)`.
    Element(String),
    XmlHttpRequest,
    /// A router or app object (`new Hono()`, `Router()`, `express()`).
    Router(Framework),
    /// A URL object: its constant text.
    Url,
    /// A nodemailer-style transport with its SMTP host.
    Mailer(Option<String>),
    /// The result of matching the request path against a regex: the route it selects.
    RoutePattern(String),
}

/// A traced value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Val {
    pub kind: Kind,
    pub taint: Taint,
    /// The constant string value, with `{}` for unknown interpolated parts.
    pub text: Option<String>,
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val {
            text: Some(s.into()),
            ..Val::default()
        }
    }
    pub fn kind(kind: Kind) -> Val {
        Val {
            kind,
            ..Val::default()
        }
    }
    pub fn tainted(taint: Taint) -> Val {
        Val {
            taint,
            ..Val::default()
        }
    }
    /// Just the data, forgetting what the value is.
    pub fn data(&self) -> Val {
        Val::tainted(self.taint.clone())
    }
}

/// Where a constant URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// An absolute http(s) URL: host (lower case, no port) and path.
    Host { host: String, path: String },
    /// A URL taken from a binding or secret (`env.SLACK_WEBHOOK_URL`).
    Secret(String),
    /// The tool's own origin (`/api/x`, `./x`) or something that is not a URL.
    Own,
}

/// Classifies a URL text (`{}` marks unknown parts).
pub fn dest_of(text: &str) -> Dest {
    let t = text.trim();
    if let Some(name) = t.strip_prefix("env:") {
        return Dest::Secret(name.to_string());
    }
    let lower = t.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else if let Some(r) = lower.strip_prefix("//") {
        r
    } else if let Some(r) = lower.strip_prefix("wss://") {
        r
    } else {
        return Dest::Own;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = host_port.split(':').next().unwrap_or("");
    if host.is_empty() || host.contains('{') || !host.contains('.') && host != "localhost" {
        return Dest::Own;
    }
    if host == "localhost"
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host.ends_with(".localhost")
    {
        return Dest::Own;
    }
    let path = rest.get(end..).unwrap_or("").to_string();
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path
    };
    Dest::Host {
        host: host.to_string(),
        path,
    }
}

/// Joins a base URL and a path the way `new URL(path, base)` and axios' `baseURL` do, for
/// the cases generated code writes.
pub fn join_url(base: &str, path: &str) -> String {
    let p = path.trim();
    if p.starts_with("http://")
        || p.starts_with("https://")
        || p.starts_with("//")
        || base.starts_with("env:") && p.is_empty()
    {
        return p.to_string();
    }
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        p.trim_start_matches('/')
    )
}

/// Words in a storage key or cookie name that mark an identifier of a person or a session.
const IDENTIFIER_WORDS: &[&str] = &[
    "session", "sess", "sid", "token", "jwt", "auth", "user", "uid", "userid", "visitor", "device",
    "client", "tracking", "track", "login", "account", "profile", "member", "ga", "fbp",
];

/// Whether a key or cookie name holds an identifier (`session`, `userId`, `auth_token`).
pub fn is_identifier_key(name: &str) -> bool {
    crate::scan::text::identifier_words(name)
        .iter()
        .any(|w| IDENTIFIER_WORDS.contains(&w.as_str()) || w == "id")
}

/// The cookie name at the start of a `Set-Cookie` / `document.cookie` value (`sid=…`).
pub fn cookie_name(text: &str) -> Option<String> {
    let (name, _) = text.split_once('=')?;
    let name = name.trim();
    (!name.is_empty() && !name.contains('{') && !name.contains(' ')).then(|| name.to_string())
}

/// Names of functions and middleware that establish who the user is.
pub fn is_auth_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    const EXACT: &[&str] = &[
        "jwt",
        "bearerauth",
        "basicauth",
        "clerkmiddleware",
        "cloudflareaccess",
        "jwtverify",
        "getauth",
        "currentuser",
        "getcurrentuser",
        "requireuser",
        "getsession",
    ];
    if EXACT.contains(&lower.as_str()) {
        return true;
    }
    [
        "auth",
        "jwt",
        "session",
        "isadmin",
        "requirerole",
        "hasrole",
        "checkrole",
        "permission",
        "verifytoken",
        "signedin",
        "loggedin",
        "requirelogin",
        "accesscheck",
        "checkaccess",
        "verifyaccess",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && !lower.contains("author")
}

/// Request headers that identify the user (Cloudflare Access, bearer tokens).
pub fn is_auth_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "authorization"
        || lower.starts_with("cf-access-")
        || lower == "x-auth-token"
        || lower == "x-api-key"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations() {
        assert_eq!(
            dest_of("https://api.openai.com/v1/chat/completions"),
            Dest::Host {
                host: "api.openai.com".into(),
                path: "/v1/chat/completions".into()
            }
        );
        assert_eq!(
            dest_of("https://Hooks.Slack.com:443/services/{}"),
            Dest::Host {
                host: "hooks.slack.com".into(),
                path: "/services/{}".into()
            }
        );
        assert_eq!(dest_of("/api/reports"), Dest::Own);
        assert_eq!(dest_of("https://{}/x"), Dest::Own);
        assert_eq!(dest_of("http://localhost:8787/x"), Dest::Own);
        assert_eq!(
            dest_of("env:SLACK_WEBHOOK"),
            Dest::Secret("SLACK_WEBHOOK".into())
        );
        assert_eq!(
            join_url("https://api.example.com/v1/", "/users"),
            "https://api.example.com/v1/users"
        );
    }

    #[test]
    fn identifiers_and_auth() {
        assert!(is_identifier_key("session_id"));
        assert!(is_identifier_key("authToken"));
        assert!(!is_identifier_key("theme"));
        assert!(!is_identifier_key("sidebarOpen"));
        assert_eq!(
            cookie_name("sid={}; HttpOnly; Path=/").as_deref(),
            Some("sid")
        );
        assert!(is_auth_name("requireAuth") && is_auth_name("isAdmin") && is_auth_name("jwt"));
        assert!(!is_auth_name("getAuthorName"));
        assert!(is_auth_header("Cf-Access-Authenticated-User-Email"));
        assert!(!is_auth_header("content-type"));
    }
}
