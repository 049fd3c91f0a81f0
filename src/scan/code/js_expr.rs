//! Expressions of the JS/TS walker: what each expression is and which data it carries
//! (literals, templates, members, destructuring sources, object literals, assignments to
//! sinks such as `document.cookie`, `localStorage.x`, `script.src`), and JSX elements that
//! load third-party resources.

use super::flows::{DataRef, FlowKind, Taint};
use super::js::Walker;
use super::js_values::{cookie_name, is_identifier_key, Dest, Kind, Val};
use super::Keep;
use crate::scan::Category;
use oxc_ast::ast::*;
use oxc_span::Span;

/// Members that hold the whole value they are taken from (`{ results }` of a D1 read).
const CONTAINERS: &[&str] = &[
    "results", "rows", "data", "items", "body", "payload", "values", "value", "records", "result",
    "entries", "list",
];
/// Members that carry no personal data of their owner.
const COUNTS: &[&str] = &[
    "length",
    "size",
    "count",
    "status",
    "ok",
    "success",
    "changes",
    "meta",
    "duration",
    "last_row_id",
];

impl<'a> Walker<'a, '_> {
    pub fn expr(&mut self, e: &'a Expression<'a>) -> Val {
        if self.depth > 1_000 {
            return Val::default();
        }
        self.depth += 1;
        let v = self.expr_inner(e);
        self.depth -= 1;
        v
    }

    fn expr_inner(&mut self, e: &'a Expression<'a>) -> Val {
        match e {
            Expression::StringLiteral(s) => Val::text(s.value.as_str()),
            Expression::TemplateLiteral(t) => self.template(t),
            Expression::Identifier(id) => self.identifier(id.name.as_str()),
            Expression::StaticMemberExpression(m) => {
                let obj = self.expr(&m.object);
                self.member_of(&obj, m.property.name.as_str())
            }
            Expression::ComputedMemberExpression(m) => {
                let obj = self.expr(&m.object);
                let key = self.expr(&m.expression);
                match &key.text {
                    Some(k) if !k.contains('{') => self.member_of(&obj, k),
                    _ => obj.data(),
                }
            }
            Expression::PrivateFieldExpression(m) => self.expr(&m.object).data(),
            Expression::CallExpression(c) => self.call(c),
            Expression::NewExpression(n) => self.new_expr(n),
            Expression::AwaitExpression(a) => self.expr(&a.argument),
            Expression::ParenthesizedExpression(p) => self.expr(&p.expression),
            Expression::TSAsExpression(x) => self.expr(&x.expression),
            Expression::TSSatisfiesExpression(x) => self.expr(&x.expression),
            Expression::TSNonNullExpression(x) => self.expr(&x.expression),
            Expression::TSTypeAssertion(x) => self.expr(&x.expression),
            Expression::TSInstantiationExpression(x) => self.expr(&x.expression),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call(call),
                ChainElement::TSNonNullExpression(x) => self.expr(&x.expression),
                other => match other.as_member_expression() {
                    Some(m) => {
                        let obj = self.expr(m.object());
                        match m.static_property_name() {
                            Some(p) => self.member_of(&obj, p),
                            None => obj.data(),
                        }
                    }
                    None => Val::default(),
                },
            },
            Expression::BinaryExpression(b) => {
                let l = self.expr(&b.left);
                let r = self.expr(&b.right);
                if b.operator == BinaryOperator::Addition {
                    let text = match (&l.text, &r.text) {
                        (Some(a), Some(b)) => Some(format!("{a}{b}")),
                        (Some(a), None) => Some(format!("{a}{{}}")),
                        (None, Some(b)) => binding_text(&l)
                            .map(|p| format!("{p}{b}"))
                            .or(Some(format!("{{}}{b}"))),
                        (None, None) => None,
                    };
                    Val {
                        kind: Kind::Plain,
                        taint: l.taint.with(&r.taint),
                        text,
                    }
                } else {
                    Val::default()
                }
            }
            Expression::LogicalExpression(l) => {
                let a = self.expr(&l.left);
                let b = self.expr(&l.right);
                let text = a.text.clone().or(b.text.clone());
                let kind = if a.kind != Kind::Plain {
                    a.kind.clone()
                } else {
                    b.kind.clone()
                };
                Val {
                    kind,
                    taint: a.taint.with(&b.taint),
                    text,
                }
            }
            Expression::ConditionalExpression(c) => {
                self.expr(&c.test);
                let a = self.expr(&c.consequent);
                let b = self.expr(&c.alternate);
                Val {
                    kind: a.kind.clone(),
                    taint: a.taint.with(&b.taint),
                    text: a.text.or(b.text),
                }
            }
            Expression::AssignmentExpression(a) => self.assignment(a),
            Expression::ObjectExpression(o) => self.object(o),
            Expression::ArrayExpression(a) => {
                let mut taint = Taint::default();
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            taint.add(&self.expr(&s.argument).taint)
                        }
                        other => {
                            if let Some(x) = other.as_expression() {
                                taint.add(&self.expr(x).taint);
                            }
                        }
                    }
                }
                Val::tainted(taint)
            }
            Expression::ArrowFunctionExpression(a) => {
                self.arrow(a, super::js::Place::Module, &[]);
                Val::default()
            }
            Expression::FunctionExpression(f) => {
                self.function(f, super::js::Place::Module, &[]);
                Val::default()
            }
            Expression::ClassExpression(c) => {
                for el in &c.body.body {
                    if let ClassElement::MethodDefinition(m) = el {
                        self.function(&m.value, super::js::Place::Module, &[]);
                    }
                }
                Val::default()
            }
            Expression::SequenceExpression(s) => {
                let mut last = Val::default();
                for x in &s.expressions {
                    last = self.expr(x);
                }
                last
            }
            Expression::UnaryExpression(u) => {
                self.expr(&u.argument);
                Val::default()
            }
            Expression::TaggedTemplateExpression(t) => {
                self.expr(&t.tag);
                let mut taint = Taint::default();
                for x in &t.quasi.expressions {
                    taint.add(&self.expr(x).taint);
                }
                Val::tainted(taint)
            }
            Expression::YieldExpression(y) => match &y.argument {
                Some(a) => self.expr(a),
                None => Val::default(),
            },
            Expression::JSXElement(j) => {
                self.jsx(j);
                Val::default()
            }
            Expression::JSXFragment(f) => {
                self.jsx_children(&f.children);
                Val::default()
            }
            Expression::ImportExpression(i) => {
                let v = self.expr(&i.source);
                self.embed_url(&v, "script", i.span);
                Val::default()
            }
            _ => Val::default(),
        }
    }

    fn template(&mut self, t: &'a TemplateLiteral<'a>) -> Val {
        let mut text = String::new();
        let mut taint = Taint::default();
        for (i, q) in t.quasis.iter().enumerate() {
            text.push_str(
                q.value
                    .cooked
                    .as_ref()
                    .map_or(q.value.raw.as_str(), |c| c.as_str()),
            );
            if let Some(x) = t.expressions.get(i) {
                let v = self.expr(x);
                taint.add(&v.taint);
                match (&v.text, binding_text(&v)) {
                    (Some(s), _) => text.push_str(s),
                    (None, Some(b)) if i == 0 && text.is_empty() => text.push_str(&b),
                    _ => text.push_str("{}"),
                }
            }
        }
        Val {
            kind: Kind::Plain,
            taint,
            text: Some(text),
        }
    }

    fn identifier(&mut self, name: &str) -> Val {
        if let Some(v) = self.lookup(name) {
            return v.clone();
        }
        match name {
            "env" => Val::kind(Kind::Env),
            "localStorage" => Val::kind(Kind::Storage("localStorage")),
            "sessionStorage" => Val::kind(Kind::Storage("sessionStorage")),
            "document" => Val::kind(Kind::Document),
            "axios" | "ky" | "got" | "$fetch" | "ofetch" => Val::kind(Kind::Fetcher { base: None }),
            _ => Val::default(),
        }
    }

    /// The value of `obj.name`: bindings off `env`, parts of the request, narrowed data.
    pub fn member_of(&mut self, obj: &Val, name: &str) -> Val {
        match &obj.kind {
            Kind::Env => return Val::kind(Kind::Binding(name.to_string())),
            Kind::Context => {
                return match name {
                    "req" => Val::kind(Kind::Request),
                    "env" => Val::kind(Kind::Env),
                    _ => Val::default(),
                }
            }
            Kind::Request => {
                return match name {
                    "headers" => Val::kind(Kind::Headers),
                    "body" | "query" | "params" | "files" | "file" => {
                        Val::tainted(Taint::of(DataRef::RequestInput))
                    }
                    "cookies" | "signedCookies" => {
                        Val::tainted(Taint::of(DataRef::Category(Category::OnlineIdentifier)))
                    }
                    "ip" | "ips" => Val::tainted(Taint::of(DataRef::Category(Category::IpAddress))),
                    "user" | "session" | "auth" => {
                        Val::tainted(Taint::of(DataRef::Name(name.to_string())))
                    }
                    "url" => Val::default(),
                    "env" => Val::kind(Kind::Env),
                    _ => Val::default(),
                }
            }
            Kind::Sdk { .. } | Kind::Fetcher { .. } | Kind::Storage(_) | Kind::Mailer(_) => {
                return obj.clone()
            }
            Kind::Document if name == "cookie" => {
                return Val::tainted(Taint::of(DataRef::Category(Category::OnlineIdentifier)))
            }
            Kind::Plain if name == "env" => return Val::kind(Kind::Env),
            Kind::Plain if name == "localStorage" || name == "sessionStorage" => {
                return Val::kind(Kind::Storage(if name == "localStorage" {
                    "localStorage"
                } else {
                    "sessionStorage"
                }))
            }
            Kind::Plain if name == "document" => return Val::kind(Kind::Document),
            Kind::D1 { read, .. } => return Val::tainted(read.clone()),
            _ => {}
        }
        if name == "env" {
            return Val::kind(Kind::Env);
        }
        if COUNTS.contains(&name) {
            return Val::default();
        }
        if obj.taint.0.contains(&DataRef::RequestInput) && !CONTAINERS.contains(&name) {
            self.frame().input_fields.insert(name.to_string());
        }
        Val::tainted(narrow(&obj.taint, name))
    }

    fn object(&mut self, o: &'a ObjectExpression<'a>) -> Val {
        let mut taint = Taint::default();
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p) => {
                    if let PropertyKey::StaticIdentifier(_) = &p.key {
                    } else if let Some(k) = p.key.as_expression() {
                        self.expr(k);
                    }
                    let v = match &p.value {
                        // Methods are walked when called or exported; walk them once here.
                        Expression::FunctionExpression(_)
                        | Expression::ArrowFunctionExpression(_)
                            if p.method || p.key.static_name().as_deref() == Some("fetch") =>
                        {
                            self.expr(&p.value)
                        }
                        other => self.expr(other),
                    };
                    if p.key
                        .static_name()
                        .is_some_and(|k| k.eq_ignore_ascii_case("set-cookie"))
                    {
                        self.cookie_flow(&v, "Set-Cookie header", p.span);
                    }
                    taint.add(&v.taint);
                }
                ObjectPropertyKind::SpreadProperty(s) => taint.add(&self.expr(&s.argument).taint),
            }
        }
        Val::tainted(taint)
    }

    fn assignment(&mut self, a: &'a AssignmentExpression<'a>) -> Val {
        let right = self.expr(&a.right);
        match &a.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.assign(id.name.as_str(), right.clone());
            }
            AssignmentTarget::StaticMemberExpression(m) => {
                let obj = self.expr(&m.object);
                let prop = m.property.name.as_str();
                self.member_store(&obj, prop, &right, a.span);
                if let Expression::Identifier(id) = &m.object {
                    if obj.kind == Kind::Plain && !right.taint.is_empty() {
                        let mut updated = obj.clone();
                        updated.taint.add(&right.taint);
                        self.assign(id.name.as_str(), updated);
                    }
                }
            }
            AssignmentTarget::ComputedMemberExpression(m) => {
                let obj = self.expr(&m.object);
                let key = self.expr(&m.expression);
                let prop = key.text.unwrap_or_default();
                self.member_store(&obj, &prop, &right, a.span);
            }
            _ => {}
        }
        right
    }

    /// `document.cookie = …`, `localStorage.x = …`, `script.src = 'https://…'`.
    fn member_store(&mut self, obj: &Val, prop: &str, value: &Val, span: Span) {
        match (&obj.kind, prop) {
            (Kind::Document, "cookie") => self.cookie_flow(value, "document.cookie", span),
            (Kind::Storage(which), key) => self.storage_flow(which, key, value, span),
            (_, "src") => self.embed_url(value, "resource", span),
            (Kind::Element(tag), "href") if tag == "link" => self.embed_url(value, "link", span),
            _ => {}
        }
    }

    /// A cookie set with a value: a flow when its name or value identifies someone.
    pub fn cookie_flow(&mut self, value: &Val, how: &str, span: Span) {
        let name = value
            .text
            .as_deref()
            .and_then(cookie_name)
            .unwrap_or_default();
        let mut data = value.taint.clone();
        if is_identifier_key(&name) {
            data.0.insert(DataRef::Category(Category::OnlineIdentifier));
        }
        let _ = how;
        self.emit(
            FlowKind::BrowserStorage,
            "cookie".into(),
            None,
            data,
            span,
            Keep::IfPersonal,
        );
    }

    pub fn storage_flow(&mut self, which: &str, key: &str, value: &Val, span: Span) {
        let mut data = value.taint.clone();
        if is_identifier_key(key) {
            data.0.insert(DataRef::Category(Category::OnlineIdentifier));
        }
        if !key.is_empty() {
            data.0.insert(DataRef::Name(key.to_string()));
        }
        self.emit(
            FlowKind::BrowserStorage,
            which.to_string(),
            None,
            data,
            span,
            Keep::IfPersonal,
        );
    }

    /// A third-party resource loaded by the page (script, image, stylesheet, iframe).
    pub fn embed_url(&mut self, value: &Val, what: &str, span: Span) {
        let Some(text) = &value.text else { return };
        if let Dest::Host { host, path } = super::js_values::dest_of(text) {
            let service = self.catalogue.by_host(&host, &path).map(|s| s.id.clone());
            let _ = what;
            self.emit(
                FlowKind::EmbeddedResource,
                host,
                service,
                Taint::of(DataRef::Category(Category::IpAddress)),
                span,
                Keep::Always,
            );
        }
    }

    fn jsx(&mut self, j: &'a JSXElement<'a>) {
        let tag = match &j.opening_element.name {
            JSXElementName::Identifier(i) => i.name.as_str().to_ascii_lowercase(),
            JSXElementName::IdentifierReference(i) => i.name.as_str().to_ascii_lowercase(),
            _ => String::new(),
        };
        let mut rel = String::new();
        let mut urls: Vec<(String, Span)> = Vec::new();
        for attr in &j.opening_element.attributes {
            let JSXAttributeItem::Attribute(a) = attr else {
                if let JSXAttributeItem::SpreadAttribute(s) = attr {
                    self.expr(&s.argument);
                }
                continue;
            };
            let name = match &a.name {
                JSXAttributeName::Identifier(i) => i.name.as_str().to_ascii_lowercase(),
                JSXAttributeName::NamespacedName(n) => n.name.name.as_str().to_ascii_lowercase(),
            };
            let value = match &a.value {
                Some(JSXAttributeValue::StringLiteral(s)) => Some(s.value.to_string()),
                Some(JSXAttributeValue::ExpressionContainer(c)) => {
                    match c.expression.as_expression() {
                        Some(x) => self.expr(x).text,
                        None => None,
                    }
                }
                Some(JSXAttributeValue::Element(e)) => {
                    self.jsx(e);
                    None
                }
                _ => None,
            };
            let Some(value) = value else { continue };
            if name == "rel" {
                rel = value.to_ascii_lowercase();
            } else if matches!(name.as_str(), "src" | "href" | "data" | "srcset" | "poster") {
                urls.push((value, a.span));
            }
        }
        if loads_resource(&tag, &rel) {
            for (url, span) in urls {
                self.embed_url(&Val::text(url), &tag, span);
            }
        }
        self.jsx_children(&j.children);
    }

    fn jsx_children(&mut self, children: &'a [JSXChild<'a>]) {
        for c in children {
            match c {
                JSXChild::Element(e) => self.jsx(e),
                JSXChild::Fragment(f) => self.jsx_children(&f.children),
                JSXChild::ExpressionContainer(x) => {
                    if let Some(e) = x.expression.as_expression() {
                        self.expr(e);
                    }
                }
                JSXChild::Spread(s) => {
                    self.expr(&s.expression);
                }
                JSXChild::Text(_) => {}
            }
        }
    }
}

/// Whether an element with this tag (and `rel`, for `<link>`) loads its URL when the page loads.
pub fn loads_resource(tag: &str, rel: &str) -> bool {
    match tag {
        "script" | "img" | "iframe" | "video" | "audio" | "source" | "embed" | "object"
        | "track" | "image" => true,
        "link" => rel.split_whitespace().any(|r| {
            matches!(
                r,
                "stylesheet"
                    | "preconnect"
                    | "dns-prefetch"
                    | "preload"
                    | "prefetch"
                    | "modulepreload"
                    | "icon"
                    | "apple-touch-icon"
                    | "manifest"
                    | "font"
            )
        }),
        _ => false,
    }
}

/// `env.NAME` used as the start of a URL: `env:NAME`.
fn binding_text(v: &Val) -> Option<String> {
    match &v.kind {
        Kind::Binding(name) => Some(format!("env:{name}")),
        _ => None,
    }
}

/// The data of `x.name` given the data of `x`.
pub fn narrow(taint: &Taint, name: &str) -> Taint {
    if taint.is_empty() {
        return Taint::default();
    }
    if CONTAINERS.contains(&name) || name.chars().all(|c| c.is_ascii_digit()) {
        return taint.clone();
    }
    let mut out = Taint::default();
    let mut matched_column = false;
    for r in &taint.0 {
        match r {
            DataRef::Column(t, c) if c.eq_ignore_ascii_case(name) => {
                out.0.insert(DataRef::Column(t.clone(), c.clone()));
                matched_column = true;
            }
            DataRef::Table(t) => {
                out.0.insert(DataRef::Column(t.clone(), name.to_string()));
                matched_column = true;
            }
            DataRef::Category(c) => {
                out.0.insert(DataRef::Category(*c));
            }
            _ => {}
        }
    }
    if !matched_column {
        out.0.insert(DataRef::Name(name.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_by_member() {
        let row = Taint(
            [
                DataRef::Column("tenants".into(), "email".into()),
                DataRef::Column("tenants".into(), "vorname".into()),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            narrow(&row, "email"),
            Taint::of(DataRef::Column("tenants".into(), "email".into()))
        );
        assert_eq!(narrow(&row, "results"), row);
        let body = Taint::of(DataRef::RequestInput);
        assert!(narrow(&body, "email")
            .0
            .contains(&DataRef::Name("email".into())));
        assert!(narrow(&Taint::default(), "email").is_empty());
        assert!(loads_resource("link", "preconnect") && !loads_resource("link", "canonical"));
        assert!(!loads_resource("a", ""));
    }
}
