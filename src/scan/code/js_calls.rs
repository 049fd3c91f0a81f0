//! Calls in the JS/TS walker: the sinks of the code flows. Route registrations (Hono,
//! itty-router, Express), `fetch` and HTTP clients, third-party SDKs, D1 statements, R2
//! uploads, Workers AI, e-mail, `console.*` logs, cookies and browser storage, responses,
//! and calls of helper functions declared in the same file.

use super::flows::{kind_for, DataRef, FlowKind, Taint};
use super::js::{Place, Walker};
use super::js_values::{
    dest_of, is_auth_header, is_auth_name, join_url, Dest, Framework, Kind, Val,
};
use super::sql_query::{parse_query, Verb};
use super::Keep;
use crate::scan::Category;
use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

const ROUTE_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "all", "options", "head", "use",
];
const LOG_METHODS: &[&str] = &[
    "log", "info", "warn", "error", "debug", "trace", "dir", "table",
];
/// SDK methods that configure a client rather than send data.
const SDK_SETUP: &[&str] = &[
    "getGenerativeModel",
    "getModel",
    "getClient",
    "setUser",
    "setTag",
    "setContext",
    "setApiKey",
    "setApiKeys",
    "setSubstitutionWrappers",
    "setTimeout",
    "setDefaultRequestOptions",
    "configure",
];

impl<'a> Walker<'a, '_> {
    /// The values of a call's arguments; function arguments are walked as callbacks.
    fn args(&mut self, args: &'a [Argument<'a>], callback: &[Val]) -> Vec<Val> {
        args.iter()
            .map(|a| match a {
                Argument::SpreadElement(s) => self.expr(&s.argument).data(),
                Argument::ArrowFunctionExpression(f) => {
                    let r = self.arrow(f, Place::Module, callback);
                    Val::tainted(r)
                }
                Argument::FunctionExpression(f) => {
                    let r = self.function(f, Place::Module, callback);
                    Val::tainted(r)
                }
                other => match other.as_expression() {
                    Some(e) => self.expr(e),
                    None => Val::default(),
                },
            })
            .collect()
    }

    pub fn call(&mut self, c: &'a CallExpression<'a>) -> Val {
        let span = c.span;
        if let Some(m) = c.callee.get_member_expr() {
            let method = m.static_property_name().unwrap_or("");
            // Route registration: `app.get('/path', handler)`.
            if ROUTE_METHODS.contains(&method)
                && self.route_registration(m.object(), method, &c.arguments, span)
            {
                return Val::default();
            }
            let obj = self.expr(m.object());
            // Array callbacks see the elements' data.
            if matches!(
                method,
                "map"
                    | "forEach"
                    | "filter"
                    | "find"
                    | "some"
                    | "every"
                    | "flatMap"
                    | "reduce"
                    | "then"
                    | "findIndex"
                    | "sort"
            ) {
                let element = obj.data();
                let args = self.args(&c.arguments, &[element.clone(), element]);
                let mut taint = obj.taint.clone();
                for a in &args {
                    taint.add(&a.taint);
                }
                return Val::tainted(if matches!(method, "some" | "every" | "findIndex") {
                    Taint::default()
                } else {
                    taint
                });
            }
            if matches!(method, "match" | "exec") && self.mentions_path(m.object())
                || method == "exec"
            {
                let regex = match (
                    method,
                    c.arguments
                        .first()
                        .and_then(Argument::as_expression)
                        .map(Expression::get_inner_expression),
                    m.object().get_inner_expression(),
                ) {
                    ("match", Some(Expression::RegExpLiteral(r)), _) => {
                        Some(r.regex.pattern.text.as_str())
                    }
                    ("exec", _, Expression::RegExpLiteral(r)) => {
                        Some(r.regex.pattern.text.as_str())
                    }
                    _ => None,
                };
                if let Some(pattern) = regex.filter(|p| p.contains("\\/")) {
                    return Val::kind(Kind::RoutePattern(super::js::regex_route(pattern)));
                }
            }
            let args = self.args(&c.arguments, &[]);
            return self.method_call(&obj, m.object(), method, &args, c, span);
        }
        // Plain function calls.
        let name = match c.callee.get_inner_expression() {
            Expression::Identifier(id) => id.name.as_str(),
            other => {
                self.expr(other);
                ""
            }
        };
        if let Some(f) = self.functions.get(name).copied() {
            return self.inline_call(name, Some(f), None, c, span);
        }
        if let Some(a) = self.arrows.get(name).copied() {
            return self.inline_call(name, None, Some(a), c, span);
        }
        let callee = self.lookup(name).cloned();
        let args = self.args(&c.arguments, &[]);
        let all: Taint = args.iter().fold(Taint::default(), |t, a| t.with(&a.taint));
        if let Some(v) = &callee {
            match &v.kind {
                Kind::Fetcher { base } => {
                    let url = self.url_arg(args.first(), base.as_deref());
                    self.request(url, all, span);
                    return Val::default();
                }
                Kind::Sdk { service, .. } => {
                    // `Anthropic(...)` without new, `createClient(url)` from an SDK.
                    let host =
                        args.first()
                            .and_then(|a| a.text.clone())
                            .and_then(|t| match dest_of(&t) {
                                Dest::Host { host, .. } => Some(host),
                                _ => None,
                            });
                    return Val::kind(Kind::Sdk {
                        service: service.clone(),
                        host,
                    });
                }
                Kind::Router(_) => return v.clone(),
                _ => {}
            }
        }
        match name {
            "fetch" => {
                let url = self.url_arg(args.first(), None);
                self.request(url, all, span);
                Val::default()
            }
            "Hono" | "Router" | "AutoRouter" | "IttyRouter" => {
                Val::kind(Kind::Router(if name == "Hono" {
                    Framework::Hono
                } else {
                    Framework::Itty
                }))
            }
            "express" => {
                self.framework = Framework::Express;
                Val::kind(Kind::Router(Framework::Express))
            }
            "require" => self.require(args.first()),
            "json" | "html" | "text"
                if self.framework == Framework::Itty
                    || self.imports.get(name).is_some_and(|s| s == "itty-router") =>
            {
                self.serve(&all, span);
                Val::kind(Kind::Response)
            }
            "setCookie" | "setSignedCookie" => {
                let mut v = args.get(2).cloned().unwrap_or_default();
                if let Some(n) = args.get(1).and_then(|a| a.text.clone()) {
                    v.text = Some(format!("{n}=x"));
                }
                self.cookie_flow(&v, "setCookie", span);
                Val::default()
            }
            "getCookie" | "getSignedCookie" => {
                let n = args.get(1).and_then(|a| a.text.clone()).unwrap_or_default();
                if super::js_values::is_identifier_key(&n) {
                    self.check(span);
                }
                Val::tainted(Taint::of(DataRef::Category(Category::OnlineIdentifier)))
            }
            _ if is_auth_name(name) => {
                self.check(span);
                Val::tainted(all)
            }
            _ => Val::tainted(all),
        }
    }

    /// Calls a function of this file again with the call's arguments (two levels deep).
    fn inline_call(
        &mut self,
        name: &str,
        f: Option<&'a Function<'a>>,
        a: Option<&'a ArrowFunctionExpression<'a>>,
        c: &'a CallExpression<'a>,
        span: Span,
    ) -> Val {
        let args = self.args(&c.arguments, &[]);
        if is_auth_name(name) {
            self.check(span);
        }
        let all: Taint = args.iter().fold(Taint::default(), |t, a| t.with(&a.taint));
        if self.inline_depth >= 2 || self.inline_budget == 0 {
            return Val::tainted(all);
        }
        self.inline_budget -= 1;
        self.inline_depth += 1;
        let place = match self.place() {
            // A helper called from a route works for that route: its checks count there.
            Place::Route { path, method } => Place::Route { path, method },
            Place::Entry => Place::Entry,
            Place::Middleware(p) => Place::Middleware(p),
            Place::Module => Place::Module,
        };
        let returned = match (f, a) {
            (Some(f), _) => self.function(f, place, &args),
            (None, Some(a)) => self.arrow(a, place, &args),
            _ => Taint::default(),
        };
        self.inline_depth -= 1;
        Val::tainted(returned)
    }

    fn require(&mut self, arg: Option<&Val>) -> Val {
        let Some(name) = arg.and_then(|a| a.text.clone()) else {
            return Val::default();
        };
        if let Some(s) = self.catalogue.by_package(&name) {
            return Val::kind(Kind::Sdk {
                service: s.id.clone(),
                host: None,
            });
        }
        match name.as_str() {
            "axios" | "got" | "ky" => Val::kind(Kind::Fetcher { base: None }),
            "nodemailer" => Val::kind(Kind::Mailer(None)),
            "express" => {
                self.framework = Framework::Express;
                Val::kind(Kind::Router(Framework::Express))
            }
            _ => Val::default(),
        }
    }

    /// `app.get('/x', mw, handler)` and `app.use('/api/*', mw)`: walks the handlers as the
    /// route (or middleware). Returns false when the call is not a registration.
    fn route_registration(
        &mut self,
        object: &'a Expression<'a>,
        method: &str,
        args: &'a [Argument<'a>],
        span: Span,
    ) -> bool {
        let first = args
            .first()
            .and_then(Argument::as_expression)
            .map(Expression::get_inner_expression);
        let path = match first {
            Some(Expression::StringLiteral(s)) if s.value.starts_with('/') || s.value == "*" => {
                Some(s.value.to_string())
            }
            Some(Expression::StringLiteral(_)) => return false,
            _ => None,
        };
        if path.is_none() && method != "use" {
            return false;
        }
        let handlers: Vec<&'a Argument<'a>> =
            args.iter().skip(usize::from(path.is_some())).collect();
        let is_handler = |a: &Argument<'_>| {
            matches!(
                a,
                Argument::ArrowFunctionExpression(_)
                    | Argument::FunctionExpression(_)
                    | Argument::Identifier(_)
                    | Argument::CallExpression(_)
            )
        };
        if handlers.is_empty() || !handlers.iter().all(|a| is_handler(a)) {
            return false;
        }
        // The object must be an app/router, not `headers`, a Map or a cache.
        let obj_text = self.snippet(object.span()).to_ascii_lowercase();
        if [
            "header", "map", "cache", "params", "search", "storage", "kv", "cookies", "formdata",
        ]
        .iter()
        .any(|w| obj_text.contains(w))
        {
            return false;
        }
        let _ = self.expr(object);
        let http_method = (!matches!(method, "use" | "all")).then(|| method.to_ascii_uppercase());
        let count = handlers.len();
        for (i, h) in handlers.into_iter().enumerate() {
            let last = i + 1 == count;
            let place = match (&path, method, last) {
                (Some(p), "use", _) => Place::Middleware(p.clone()),
                (None, _, _) => Place::Middleware("*".to_string()),
                (Some(p), "all", _) if p == "*" || p == "/*" => Place::Middleware("*".to_string()),
                (Some(p), _, _) => Place::Route {
                    path: p.clone(),
                    method: http_method.clone(),
                },
            };
            self.handler(h, place, span);
        }
        true
    }

    fn handler(&mut self, h: &'a Argument<'a>, place: Place, span: Span) {
        match h {
            Argument::ArrowFunctionExpression(a) => {
                self.arrow(a, place, &[]);
            }
            Argument::FunctionExpression(f) => {
                self.function(f, place, &[]);
            }
            Argument::Identifier(id) => {
                let name = id.name.as_str();
                if let Some(f) = self.functions.get(name).copied() {
                    self.function(f, place.clone(), &[]);
                } else if let Some(a) = self.arrows.get(name).copied() {
                    self.arrow(a, place.clone(), &[]);
                }
                if is_auth_name(name) {
                    self.with_place(place, |w| w.check(span));
                }
            }
            Argument::CallExpression(c) => {
                // `jwt({ secret })`, `bearerAuth({ token })`, `requireRole('admin')`.
                let name = match c.callee.get_inner_expression() {
                    Expression::Identifier(id) => id.name.to_string(),
                    other => self.snippet(other.span()),
                };
                self.call(c);
                if is_auth_name(&name) {
                    self.with_place(place, |w| w.check(c.span));
                }
            }
            _ => {}
        }
    }

    fn with_place(&mut self, place: Place, f: impl FnOnce(&mut Self)) {
        self.frames.push(super::js::Frame {
            vars: vec![Default::default()],
            returns: Taint::default(),
            place,
            route: None,
            input_fields: Default::default(),
            input_flows: Vec::new(),
        });
        f(self);
        self.frames.pop();
    }

    /// A URL argument's text, joined to a base.
    fn url_arg(&self, arg: Option<&Val>, base: Option<&str>) -> Option<String> {
        let a = arg?;
        let text = match (&a.kind, &a.text) {
            (Kind::Binding(name), None) => format!("env:{name}"),
            (_, Some(t)) => t.clone(),
            _ => return base.map(str::to_string),
        };
        Some(match base {
            Some(b) => join_url(b, &text),
            None => text,
        })
    }

    /// An HTTP request to a URL (when it leaves the tool): external_request, or ai_model /
    /// email when the host is an LLM or e-mail service.
    fn request(&mut self, url: Option<String>, data: Taint, span: Span) {
        let Some(url) = url else { return };
        match dest_of(&url) {
            Dest::Host { host, path } => {
                let service = self.catalogue.by_host(&host, &path);
                let kind = kind_for(service);
                let id = service.map(|s| s.id.clone());
                self.emit(kind, host, id, data, span, Keep::Always);
            }
            Dest::Secret(name) => {
                let service = self.catalogue.by_env_name(&name);
                let kind = kind_for(service);
                let id = service.map(|s| s.id.clone());
                self.emit(kind, format!("env.{name}"), id, data, span, Keep::Always);
            }
            Dest::Own => {}
        }
    }

    fn sdk_flow(&mut self, service: &str, host: Option<&String>, data: Taint, span: Span) {
        let Some(s) = self.catalogue.by_id(service) else {
            return;
        };
        let known = self.sdk_hosts.get(service).cloned();
        let host = host.or(known.as_ref());
        let kind = kind_for(Some(s));
        let target = host.cloned().unwrap_or_else(|| {
            s.hosts
                .iter()
                .find(|h| !h.contains('*') && !h.contains('/'))
                .cloned()
                .unwrap_or_else(|| s.name.clone())
        });
        let id = self
            .catalogue
            .by_host(&target, "/")
            .map_or_else(|| s.id.clone(), |x| x.id.clone());
        self.emit(kind, target, Some(id), data, span, Keep::Always);
    }

    fn method_call(
        &mut self,
        obj: &Val,
        object: &'a Expression<'a>,
        method: &str,
        args: &[Val],
        c: &'a CallExpression<'a>,
        span: Span,
    ) -> Val {
        let all: Taint = args.iter().fold(Taint::default(), |t, a| t.with(&a.taint));
        let arg_text = |i: usize| args.get(i).and_then(|a| a.text.clone());
        match &obj.kind {
            Kind::Binding(b) => return self.binding_call(b, method, args, all, span),
            Kind::D1 { flows, read } => {
                if method == "bind" {
                    for &i in flows {
                        if let Some(f) = self.out.flows.get_mut(i) {
                            f.data.add(&all);
                        }
                    }
                    return obj.clone();
                }
                return Val::tainted(read.clone());
            }
            Kind::Request => {
                return match method {
                    "json" | "formData" | "text" | "arrayBuffer" | "blob" | "parseBody"
                    | "valid" => Val::tainted(Taint::of(DataRef::RequestInput)),
                    "param" | "query" | "queries" => match arg_text(0) {
                        Some(n) => Val::tainted(
                            Taint::of(DataRef::Name(n)).with(&Taint::of(DataRef::RequestInput)),
                        ),
                        None => Val::tainted(Taint::of(DataRef::RequestInput)),
                    },
                    "header" | "get" => self.header(arg_text(0), span),
                    _ => Val::default(),
                };
            }
            Kind::Headers => {
                return match method {
                    "get" | "has" => self.header(arg_text(0), span),
                    "set" | "append"
                        if arg_text(0).is_some_and(|n| n.eq_ignore_ascii_case("set-cookie")) =>
                    {
                        let v = args.get(1).cloned().unwrap_or_default();
                        self.cookie_flow(&v, "Set-Cookie header", span);
                        Val::default()
                    }
                    _ => Val::default(),
                };
            }
            Kind::Context => {
                return match method {
                    "json" | "text" | "html" | "body" | "newResponse" => {
                        self.serve(&all, span);
                        Val::kind(Kind::Response)
                    }
                    "get"
                        if arg_text(0).is_some_and(|k| {
                            is_auth_name(&k)
                                || matches!(k.as_str(), "user" | "jwtPayload" | "session")
                        }) =>
                    {
                        self.check(span);
                        Val::tainted(Taint::of(DataRef::Name(arg_text(0).unwrap_or_default())))
                    }
                    _ => Val::default(),
                };
            }
            Kind::ExpressRes => {
                return match method {
                    "json" | "send" | "end" | "jsonp" => {
                        self.serve(&all, span);
                        Val::kind(Kind::Response)
                    }
                    "cookie" => {
                        let mut v = args.get(1).cloned().unwrap_or_default();
                        v.text = arg_text(0).map(|n| format!("{n}=x"));
                        self.cookie_flow(&v, "res.cookie", span);
                        obj.clone()
                    }
                    "status" | "set" | "type" | "header" => obj.clone(),
                    _ => Val::default(),
                };
            }
            Kind::Storage(which) => {
                return match method {
                    "setItem" => {
                        let key = arg_text(0).unwrap_or_default();
                        let v = args.get(1).cloned().unwrap_or_default();
                        self.storage_flow(which, &key, &v, span);
                        Val::default()
                    }
                    "getItem" => {
                        Val::tainted(Taint::of(DataRef::Name(arg_text(0).unwrap_or_default())))
                    }
                    _ => Val::default(),
                };
            }
            Kind::Sdk { service, host } => {
                if SDK_SETUP.contains(&method) {
                    // Factories (`genAI.getGenerativeModel()`) return the client again.
                    return Val::kind(Kind::Sdk {
                        service: service.clone(),
                        host: host.clone(),
                    });
                }
                if service == "datadog" {
                    if let Some(site) = self.option_url(c, &["site"]) {
                        let host =
                            format!("browser-intake-{}", site.trim_start_matches("https://"));
                        self.sdk_flow(&service.clone(), Some(&host), all.clone(), span);
                        return Val::tainted(all);
                    }
                }
                {
                    let dsn_host = self.option_host(c);
                    let host = dsn_host.as_ref().or(host.as_ref());
                    self.sdk_flow(&service.clone(), host.cloned().as_ref(), all.clone(), span);
                }
                return Val::tainted(all);
            }
            Kind::Fetcher { base } => {
                if method == "create" {
                    return Val::kind(Kind::Fetcher {
                        base: self.option_url(c, &["baseURL", "prefixUrl", "baseUrl"]),
                    });
                }
                if matches!(
                    method,
                    "get" | "post" | "put" | "patch" | "delete" | "head" | "request"
                ) {
                    let url = if method == "request" {
                        self.option_url(c, &["url"])
                            .map(|u| join_url(base.as_deref().unwrap_or(""), &u))
                    } else {
                        self.url_arg(args.first(), base.as_deref())
                    };
                    self.request(url, all.clone(), span);
                }
                return Val::tainted(all);
            }
            Kind::Mailer(host) => {
                if method == "createTransport" || method == "createTransporter" {
                    return Val::kind(Kind::Mailer(self.option_url(c, &["host"])));
                }
                if method == "sendMail" {
                    let target = host.clone().unwrap_or_else(|| "SMTP server".to_string());
                    let service = self.catalogue.by_host(&target, "/").map(|s| s.id.clone());
                    self.emit(FlowKind::Email, target, service, all, span, Keep::Always);
                }
                return Val::default();
            }
            Kind::Document if method == "createElement" => {
                return Val::kind(Kind::Element(
                    arg_text(0).unwrap_or_default().to_ascii_lowercase(),
                ));
            }
            Kind::Element(tag) if method == "setAttribute" => {
                if matches!(arg_text(0).as_deref(), Some("src"))
                    || (tag == "link" && matches!(arg_text(0).as_deref(), Some("href")))
                {
                    let v = args.get(1).cloned().unwrap_or_default();
                    self.embed_url(&v, tag, span);
                }
                return Val::default();
            }
            Kind::XmlHttpRequest if method == "open" => {
                let url = self.url_arg(args.get(1), None);
                self.request(url, Taint::default(), span);
                return Val::default();
            }
            _ => {}
        }
        let root = root_name(object);
        match (root, method) {
            ("console", m) if LOG_METHODS.contains(&m) => {
                self.emit(
                    FlowKind::Log,
                    "console".into(),
                    None,
                    all,
                    span,
                    Keep::IfPersonal,
                );
                Val::default()
            }
            ("Response", "json") => {
                self.serve(&all, span);
                Val::kind(Kind::Response)
            }
            ("JSON", _) | ("String", _) | ("Object", _) | ("Array", _) => Val::tainted(all),
            ("navigator", "sendBeacon") => {
                let url = self.url_arg(args.first(), None);
                self.request(url, all, span);
                Val::default()
            }
            ("$" | "jQuery", "ajax" | "get" | "post" | "getJSON") => {
                let url = self
                    .url_arg(args.first(), None)
                    .or_else(|| self.option_url(c, &["url"]));
                self.request(url, all, span);
                Val::default()
            }
            ("nodemailer", "createTransport") => {
                Val::kind(Kind::Mailer(self.option_url(c, &["host"])))
            }
            (_, m) if is_auth_name(m) => {
                self.check(span);
                Val::tainted(all)
            }
            // `form.get('purpose')`, `params.get('email')`: a named field of the input.
            (_, "get" | "getAll") if obj.taint.0.contains(&DataRef::RequestInput) => {
                let mut taint = obj.taint.clone();
                if let Some(name) = arg_text(0) {
                    self.frame().input_fields.insert(name.clone());
                    taint.0.insert(DataRef::Name(name));
                }
                Val::tainted(taint)
            }
            // Anything else: the result carries the data of the object and the arguments.
            _ => Val::tainted(obj.taint.clone().with(&all)),
        }
    }

    /// A request header: identity headers are access checks; IP and agent headers are data.
    fn header(&mut self, name: Option<String>, span: Span) -> Val {
        let Some(name) = name else {
            return Val::default();
        };
        let lower = name.to_ascii_lowercase();
        if is_auth_header(&lower) {
            self.check(span);
        }
        let cat = match lower.as_str() {
            "cf-connecting-ip" | "x-forwarded-for" | "x-real-ip" | "true-client-ip" => {
                Some(Category::IpAddress)
            }
            "cf-access-authenticated-user-email" => Some(Category::Email),
            "user-agent" | "cookie" | "authorization" | "cf-access-jwt-assertion" => {
                Some(Category::OnlineIdentifier)
            }
            _ => None,
        };
        cat.map_or_else(Val::default, |c| {
            Val::tainted(Taint::of(DataRef::Category(c)))
        })
    }

    /// `env.DB.prepare(sql)`, `env.PHOTOS.put(key, file)`, `env.AI.run(model, input)`, `env.EMAIL.send(msg)`.
    fn binding_call(
        &mut self,
        binding: &str,
        method: &str,
        args: &[Val],
        all: Taint,
        span: Span,
    ) -> Val {
        let text0 = args.first().and_then(|a| a.text.clone());
        match method {
            "prepare" | "exec" => {
                let Some(sql) = text0 else {
                    return Val::default();
                };
                let mut flows = Vec::new();
                let mut read = Taint::default();
                let statements: Vec<&str> = if method == "exec" {
                    sql.split(';').collect()
                } else {
                    vec![sql.as_str()]
                };
                for stmt in statements {
                    let sql = stmt.replace("{}", "?");
                    let Some(q) = parse_query(&sql) else { continue };
                    let kind = match q.verb {
                        Verb::Read => FlowKind::StorageRead,
                        Verb::Write => FlowKind::StorageWrite,
                        Verb::Delete => FlowKind::StorageDelete,
                        Verb::Schema | Verb::Other => continue,
                    };
                    for t in &q.tables {
                        let mut data = Taint::default();
                        if t.all_columns {
                            data.0.insert(DataRef::Table(t.table.clone()));
                        }
                        for c in &t.columns {
                            data.0.insert(DataRef::Column(t.table.clone(), c.clone()));
                        }
                        if kind == FlowKind::StorageRead {
                            read.add(&data);
                        }
                        if kind == FlowKind::StorageDelete {
                            data = Taint::of(DataRef::Table(t.table.clone()));
                        }
                        flows.push(self.emit(
                            kind,
                            t.table.clone(),
                            None,
                            data,
                            span,
                            Keep::Always,
                        ));
                    }
                }
                Val::kind(Kind::D1 { flows, read })
            }
            "batch" => Val::tainted(all),
            "run"
                if text0
                    .as_deref()
                    .is_some_and(|m| m.starts_with("@cf/") || m.starts_with("@hf/"))
                    || binding.eq_ignore_ascii_case("ai") =>
            {
                let data = args.get(1).map(|a| a.taint.clone()).unwrap_or_default();
                self.emit(
                    FlowKind::AiModel,
                    binding.to_string(),
                    Some("workers-ai".into()),
                    data.clone(),
                    span,
                    Keep::Always,
                );
                Val::tainted(data)
            }
            "put" => {
                let value = args.get(1).map(|a| a.taint.clone()).unwrap_or_default();
                if value.0.contains(&DataRef::RequestInput) {
                    self.emit(
                        FlowKind::FileUpload,
                        binding.to_string(),
                        None,
                        value,
                        span,
                        Keep::Always,
                    );
                }
                Val::default()
            }
            "send" if binding.to_ascii_uppercase().contains("MAIL") => {
                self.emit(
                    FlowKind::Email,
                    binding.to_string(),
                    None,
                    all,
                    span,
                    Keep::Always,
                );
                Val::default()
            }
            _ => Val::default(),
        }
    }

    /// A string option of the call's object arguments (`{ baseURL: 'https://…' }`, `{ dsn }`).
    fn option_url(&mut self, c: &'a CallExpression<'a>, keys: &[&str]) -> Option<String> {
        for a in &c.arguments {
            let Some(Expression::ObjectExpression(o)) =
                a.as_expression().map(Expression::get_inner_expression)
            else {
                continue;
            };
            for p in &o.properties {
                let ObjectPropertyKind::ObjectProperty(p) = p else {
                    continue;
                };
                if p.key
                    .static_name()
                    .is_some_and(|k| keys.contains(&k.as_ref()))
                {
                    let v = self.expr(&p.value);
                    if let Some(t) = v.text {
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// The host of a `dsn`/`baseURL`/`endpoint` option (Sentry DSNs, self-hosted APIs).
    fn option_host(&mut self, c: &'a CallExpression<'a>) -> Option<String> {
        let url = self.option_url(
            c,
            &[
                "dsn", "baseURL", "baseUrl", "endpoint", "apiHost", "api_host", "host",
            ],
        )?;
        match dest_of(&url) {
            Dest::Host { host, .. } => Some(host),
            _ => None,
        }
    }

    pub fn new_expr(&mut self, n: &'a NewExpression<'a>) -> Val {
        let name = match n.callee.get_inner_expression() {
            Expression::Identifier(id) => id.name.as_str(),
            Expression::StaticMemberExpression(m) => m.property.name.as_str(),
            _ => "",
        };
        let callee = match n.callee.get_inner_expression() {
            Expression::Identifier(id) => self.lookup(id.name.as_str()).cloned(),
            other => Some(self.expr(other)),
        };
        let args = self.args(&n.arguments, &[]);
        let all: Taint = args.iter().fold(Taint::default(), |t, a| t.with(&a.taint));
        if let Some(Val {
            kind: Kind::Sdk { service, .. },
            ..
        }) = &callee
        {
            let mut host = None;
            for a in &n.arguments {
                if let Some(Expression::ObjectExpression(o)) =
                    a.as_expression().map(Expression::get_inner_expression)
                {
                    for p in &o.properties {
                        let ObjectPropertyKind::ObjectProperty(p) = p else {
                            continue;
                        };
                        if p.key.static_name().is_some_and(|k| {
                            matches!(k.as_ref(), "baseURL" | "baseUrl" | "endpoint" | "host")
                        }) {
                            if let Some(Dest::Host { host: h, .. }) =
                                self.expr(&p.value).text.map(|t| dest_of(&t))
                            {
                                host = Some(h);
                            }
                        }
                    }
                }
            }
            return Val::kind(Kind::Sdk {
                service: service.clone(),
                host,
            });
        }
        match name {
            "URL" => {
                let text = match (
                    args.first().and_then(|a| a.text.clone()),
                    args.get(1).and_then(|a| a.text.clone()),
                ) {
                    (Some(p), Some(b)) => Some(join_url(&b, &p)),
                    (Some(p), None) => Some(p),
                    _ => None,
                };
                Val {
                    kind: Kind::Url,
                    taint: all,
                    text,
                }
            }
            "Request" => Val {
                kind: Kind::Plain,
                taint: all,
                text: args.first().and_then(|a| a.text.clone()),
            },
            "Response" => {
                self.serve(
                    &args.first().map(|a| a.taint.clone()).unwrap_or_default(),
                    n.span,
                );
                Val::kind(Kind::Response)
            }
            "Headers" => Val::kind(Kind::Headers),
            "XMLHttpRequest" => Val::kind(Kind::XmlHttpRequest),
            "Image" => Val::kind(Kind::Element("img".into())),
            "Hono" => {
                self.framework = Framework::Hono;
                Val::kind(Kind::Router(Framework::Hono))
            }
            "Router" | "AutoRouter" | "IttyRouter" => Val::kind(Kind::Router(Framework::Itty)),
            "WebSocket" | "EventSource" => {
                let url = args.first().and_then(|a| a.text.clone());
                self.request(url, all, n.span);
                Val::default()
            }
            _ => Val::tainted(all),
        }
    }
}

/// The leftmost identifier of a member chain (`console` in `console.log`).
fn root_name<'x>(e: &'x Expression<'x>) -> &'x str {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::StaticMemberExpression(m) => root_name(&m.object),
        Expression::ComputedMemberExpression(m) => root_name(&m.object),
        Expression::CallExpression(c) => root_name(&c.callee),
        _ => "",
    }
}
