//! JavaScript and TypeScript (and JSX/TSX) over oxc's AST: statements, functions, scopes and
//! routes. Expressions are in `js_expr.rs`, calls (the sinks: fetch, SDKs, D1, R2, Workers AI,
//! logs, cookies, storage, responses) in `js_calls.rs`.
//!
//! The tracing is local and honest: one environment per function (closures see their
//! parents'), values flow through declarations, destructuring, assignments, object and
//! template literals, string concatenation, array callbacks and calls of functions declared in
//! the same file (analysed again with the call's arguments, two levels deep). It does not
//! follow imports between files, class fields, object properties written and read apart,
//! dynamic property names, or data that round-trips through storage.

use super::flows::{DataRef, FlowKind, Taint};
use super::js_values::{Framework, Kind, Val};
use super::{CheckFact, CheckScope, FileFacts, Keep, Lang, Lines, RawFlow, RouteFact};
use crate::scan::model::Problem;
use crate::scan::model::ProblemCode;
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};
use std::collections::HashMap;

/// Deepest expression nesting walked; deeper parts are skipped.
const MAX_DEPTH: usize = 1_000;
/// Calls of local functions analysed again per file.
const INLINE_BUDGET: usize = 400;

/// Where the walker is: inside a route handler, a middleware, the Worker's entry, or neither.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Place {
    Module,
    /// The `fetch` handler of a Worker: checks before routing are global.
    Entry,
    Route {
        path: String,
        method: Option<String>,
    },
    /// A middleware: checks apply to routes under the prefix (`*` for all).
    Middleware(String),
}

/// One function being walked.
pub(super) struct Frame<'a> {
    pub vars: Vec<HashMap<&'a str, Val>>,
    pub returns: Taint,
    pub place: Place,
    /// Index into `routes` of the route this frame serves, when it is a route handler.
    pub route: Option<usize>,
    /// Fields read off the request body in this function (`body.email`), and the flows that
    /// carry the body: at the end of the function those flows get the fields' names.
    pub input_fields: std::collections::BTreeSet<String>,
    pub input_flows: Vec<usize>,
}

pub(super) struct Walker<'a, 'f> {
    pub text: &'a str,
    pub lines: Lines,
    pub out: &'f mut FileFacts,
    pub frames: Vec<Frame<'a>>,
    /// Functions declared in the file, by name, for helper calls and named route handlers.
    pub functions: HashMap<&'a str, &'a Function<'a>>,
    pub arrows: HashMap<&'a str, &'a ArrowFunctionExpression<'a>>,
    /// Local names bound to imported packages (`OpenAI` → `openai`).
    pub imports: HashMap<&'a str, String>,
    pub framework: Framework,
    /// Code that runs in the browser: every external request carries the user's IP address.
    pub browser: bool,
    pub depth: usize,
    pub inline_depth: usize,
    pub inline_budget: usize,
    pub catalogue: &'static crate::reference::services::Catalogue,
    /// Hosts SDKs were configured with in this file (a Sentry DSN's ingest host).
    pub sdk_hosts: HashMap<String, String>,
}

/// Parses and walks one JS/TS file (or an inline `<script>`, with `line_offset` lines before it).
pub fn analyse(
    path: &str,
    text: &str,
    lang: Lang,
    browser: bool,
    line_offset: u64,
    out: &mut FileFacts,
    problems: &mut Vec<Problem>,
) {
    let Some(catalogue) = super::resolve::catalogue() else {
        problems.push(Problem::error(
            ProblemCode::BuiltinDataInvalid,
            path,
            None,
            "the built-in service catalogue is invalid",
        ));
        return;
    };
    let source_type = match lang {
        Lang::Ts => SourceType::ts(),
        Lang::Tsx => SourceType::tsx(),
        // JSX is accepted in .js files too: generated front ends put it there.
        _ => SourceType::jsx(),
    };
    let allocator = Allocator::default();
    let ret = Parser::new(&allocator, text, source_type).parse();
    let lines = Lines::new(text);
    if let Some(first) = ret.diagnostics.errors().next() {
        let offset = first.labels.first().map(|l| l.offset()).unwrap_or(0);
        let count = ret.diagnostics.errors().count();
        problems.push(Problem::error(
            ProblemCode::CodeSyntax,
            path,
            Some(lines.line(offset as usize) + line_offset),
            format!(
                "syntax error: {}{}{}",
                first.message,
                if count > 1 {
                    format!(" (and {} more)", count - 1)
                } else {
                    String::new()
                },
                if ret.panicked {
                    "; the file was not analysed"
                } else {
                    "; flows found before and after it are kept"
                }
            ),
        ));
    }
    if ret.panicked {
        return;
    }
    let browser =
        browser || matches!(lang, Lang::Jsx | Lang::Tsx) && !text.contains("export default {");
    let mut walker = Walker {
        text,
        lines,
        out,
        frames: vec![Frame {
            vars: vec![HashMap::new()],
            returns: Taint::default(),
            place: Place::Module,
            route: None,
            input_fields: Default::default(),
            input_flows: Vec::new(),
        }],
        functions: HashMap::new(),
        arrows: HashMap::new(),
        imports: HashMap::new(),
        framework: Framework::Unknown,
        browser: browser || uses_dom(text),
        depth: 0,
        inline_depth: 0,
        inline_budget: INLINE_BUDGET,
        catalogue,
        sdk_hosts: sentry_dsn_host(text)
            .map(|h| ("sentry".to_string(), h))
            .into_iter()
            .collect(),
    };
    let program = &ret.program;
    walker.hoist(&program.body);
    let start = walker.out.flows.len();
    walker.statements(&program.body);
    if line_offset > 0 {
        for f in walker.out.flows.iter_mut().skip(start) {
            f.line += line_offset;
        }
    }
}

/// The ingest host of a Sentry DSN written in the file (`https://key@o1.ingest.de.sentry.io/2`).
fn sentry_dsn_host(text: &str) -> Option<String> {
    let at = text.find(".ingest.")?;
    let start = text.get(..at)?.rfind('@')? + 1;
    let rest = text.get(start..)?;
    let end = rest.find(['/', '"', '\'', '`', ' '])?;
    let host = rest.get(..end)?.to_ascii_lowercase();
    host.ends_with("sentry.io").then_some(host)
}

/// Whether the code touches the DOM (it runs in a browser).
fn uses_dom(text: &str) -> bool {
    [
        "document.",
        "window.",
        "localStorage",
        "sessionStorage",
        "navigator.",
    ]
    .iter()
    .any(|w| text.contains(w))
}

impl<'a> Walker<'a, '_> {
    pub fn line(&self, span: Span) -> u64 {
        self.lines.line(span.start as usize)
    }

    /// The source of a node, on one line, shortened.
    pub fn snippet(&self, span: Span) -> String {
        let raw = self
            .text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("");
        // Only as much of the node as the snippet shows: a route's call spans its handler.
        let (mut one, mut chars) = (String::new(), 0usize);
        for word in raw.split_whitespace() {
            if !one.is_empty() {
                one.push(' ');
                chars += 1;
            }
            one.push_str(word);
            chars += word.chars().count();
            if chars > 120 {
                break;
            }
        }
        if chars > 120 {
            one = one.chars().take(117).collect::<String>() + "...";
        }
        one
    }

    pub fn frame(&mut self) -> &mut Frame<'a> {
        if self.frames.is_empty() {
            self.frames.push(Frame {
                vars: vec![HashMap::new()],
                returns: Taint::default(),
                place: Place::Module,
                route: None,
                input_fields: Default::default(),
                input_flows: Vec::new(),
            });
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    /// The innermost place that is not a plain nested function.
    pub fn place(&self) -> Place {
        self.frames
            .iter()
            .rev()
            .map(|f| f.place.clone())
            .find(|p| *p != Place::Module)
            .unwrap_or(Place::Module)
    }

    pub fn route_label(&self) -> Option<String> {
        match self.place() {
            Place::Route { path, .. } => Some(path),
            _ => None,
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Val> {
        for frame in self.frames.iter().rev() {
            for scope in frame.vars.iter().rev() {
                if let Some(v) = scope.get(name) {
                    return Some(v);
                }
            }
        }
        None
    }

    pub fn declare(&mut self, name: &'a str, val: Val) {
        if let Some(scope) = self.frame().vars.last_mut() {
            scope.insert(name, val);
        }
    }

    /// Assigns to an existing variable (nearest scope), or declares it.
    pub fn assign(&mut self, name: &'a str, val: Val) {
        for frame in self.frames.iter_mut().rev() {
            for scope in frame.vars.iter_mut().rev() {
                if let Some(v) = scope.get_mut(name) {
                    v.taint.add(&val.taint);
                    v.kind = val.kind;
                    v.text = val.text;
                    return;
                }
            }
        }
        self.declare(name, val);
    }

    pub fn emit(
        &mut self,
        kind: FlowKind,
        target: String,
        service: Option<String>,
        data: Taint,
        span: Span,
        keep: Keep,
    ) -> usize {
        let mut data = data;
        if self.browser && kind.is_third_party() {
            data.0
                .insert(DataRef::Category(crate::scan::Category::IpAddress));
        }
        let flow = RawFlow {
            kind,
            target,
            service,
            data,
            line: self.line(span),
            evidence: self.snippet(span),
            item: None,
            route: self.route_label(),
            keep,
        };
        let carries_input = flow.data.0.contains(&DataRef::RequestInput);
        self.out.flows.push(flow);
        let index = self.out.flows.len() - 1;
        if carries_input {
            self.frame().input_flows.push(index);
        }
        index
    }

    /// Records an access check where the walker is.
    pub fn check(&mut self, span: Span) {
        let scope = match self.place() {
            Place::Route { path, .. } => CheckScope::Route(path),
            Place::Middleware(prefix) if prefix == "*" || prefix == "/*" || prefix == "/" => {
                CheckScope::Global
            }
            Place::Middleware(prefix) => {
                CheckScope::Prefix(prefix.trim_end_matches('*').to_string())
            }
            Place::Entry => CheckScope::Global,
            // A check in a helper function: global only if nothing else is known; the call
            // site records it again where it is called from.
            Place::Module => return,
        };
        let fact = CheckFact {
            scope,
            line: self.line(span),
            evidence: self.snippet(span),
        };
        if !self
            .out
            .checks
            .iter()
            .any(|c| c.scope == fact.scope && c.line == fact.line)
        {
            self.out.checks.push(fact);
        }
    }

    /// Records data served by the current route (a response, or a handler's return value).
    pub fn serve(&mut self, taint: &Taint, span: Span) {
        let route = self.frames.iter().rev().find_map(|f| f.route);
        let entry = self.frames.iter().any(|f| f.place == Place::Entry);
        let index = match route {
            Some(i) => i,
            None if entry && !taint.is_empty() => {
                // Served by the Worker's fetch handler outside any recognised route.
                let line = self.line(span);
                self.out.routes.push(RouteFact {
                    route: "*".to_string(),
                    method: None,
                    line,
                    served: Taint::default(),
                    evidence: String::new(),
                });
                self.out.routes.len() - 1
            }
            None => return,
        };
        let snippet = self.snippet(span);
        if let Some(r) = self.out.routes.get_mut(index) {
            if !taint.is_empty() && r.evidence.is_empty() {
                r.evidence = snippet;
            }
            r.served.add(taint);
        }
    }

    /// Collects function declarations of the module so calls before them resolve.
    fn hoist(&mut self, body: &'a [Statement<'a>]) {
        for s in body {
            let decl = match s {
                Statement::ExportNamedDeclaration(_) => None,
                Statement::ExportDeclaration(e) => Some(&e.declaration),
                other => other.as_declaration(),
            };
            match decl {
                Some(Declaration::FunctionDeclaration(f)) => {
                    if let Some(id) = &f.id {
                        self.functions.insert(id.name.as_str(), f);
                    }
                }
                Some(Declaration::VariableDeclaration(v)) => {
                    for d in &v.declarations {
                        if let (BindingPattern::BindingIdentifier(id), Some(init)) =
                            (&d.id, &d.init)
                        {
                            match init.get_inner_expression() {
                                Expression::ArrowFunctionExpression(a) => {
                                    self.arrows.insert(id.name.as_str(), a);
                                }
                                Expression::FunctionExpression(f) => {
                                    self.functions.insert(id.name.as_str(), f);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    pub fn statements(&mut self, body: &'a [Statement<'a>]) {
        for s in body {
            self.statement(s);
        }
    }

    fn block(&mut self, body: &'a [Statement<'a>]) {
        self.frame().vars.push(HashMap::new());
        self.statements(body);
        self.frame().vars.pop();
    }

    fn statement(&mut self, s: &'a Statement<'a>) {
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        match s {
            Statement::BlockStatement(b) => self.block(&b.body),
            Statement::ExpressionStatement(e) => {
                self.expr(&e.expression);
            }
            Statement::VariableDeclaration(v) => self.variables(v),
            Statement::FunctionDeclaration(f) => {
                self.function(f, Place::Module, &[]);
            }
            Statement::ClassDeclaration(c) => self.class(c),
            Statement::ReturnStatement(r) => {
                if let Some(arg) = &r.argument {
                    let v = self.expr(arg);
                    self.frame().returns.add(&v.taint);
                    if self.frame().route.is_some() || self.frame().place == Place::Entry {
                        self.serve(&v.taint, r.span);
                    }
                }
            }
            Statement::IfStatement(i) => self.if_statement(i),
            Statement::SwitchStatement(sw) => self.switch(sw),
            Statement::ForStatement(f) => {
                match &f.init {
                    Some(ForStatementInit::VariableDeclaration(v)) => self.variables(v),
                    Some(init) => {
                        if let Some(e) = init.as_expression() {
                            self.expr(e);
                        }
                    }
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expr(t);
                }
                if let Some(u) = &f.update {
                    self.expr(u);
                }
                self.statement(&f.body);
            }
            Statement::ForOfStatement(f) => {
                let items = self.expr(&f.right);
                self.for_left(&f.left, items.data());
                self.statement(&f.body);
            }
            Statement::ForInStatement(f) => {
                self.expr(&f.right);
                self.for_left(&f.left, Val::default());
                self.statement(&f.body);
            }
            Statement::WhileStatement(w) => {
                self.expr(&w.test);
                self.statement(&w.body);
            }
            Statement::DoWhileStatement(w) => {
                self.statement(&w.body);
                self.expr(&w.test);
            }
            Statement::TryStatement(t) => {
                self.block(&t.block.body);
                if let Some(h) = &t.handler {
                    self.frame().vars.push(HashMap::new());
                    if let Some(p) = &h.param {
                        self.bind(&p.pattern, Val::default());
                    }
                    self.statements(&h.body.body);
                    self.frame().vars.pop();
                }
                if let Some(f) = &t.finalizer {
                    self.block(&f.body);
                }
            }
            Statement::LabeledStatement(l) => self.statement(&l.body),
            Statement::ThrowStatement(t) => {
                self.expr(&t.argument);
            }
            Statement::WithStatement(w) => {
                self.expr(&w.object);
                self.statement(&w.body);
            }
            Statement::ImportDeclaration(i) => self.import(i),
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                    self.function(f, Place::Module, &[]);
                }
                ExportDefaultDeclarationKind::ClassDeclaration(c) => self.class(c),
                other => {
                    if let Some(ex) = other.as_expression() {
                        self.export_default(ex);
                    }
                }
            },
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(v) => self.variables(v),
                Declaration::FunctionDeclaration(f) => {
                    // Pages Functions: `export async function onRequest(context)`.
                    let place =
                        f.id.as_ref()
                            .and_then(|id| self.pages_route(id.name.as_str()))
                            .unwrap_or(Place::Module);
                    self.function(f, place, &[]);
                }
                Declaration::ClassDeclaration(c) => self.class(c),
                _ => {}
            },
            _ => {}
        }
        self.depth -= 1;
    }

    fn for_left(&mut self, left: &'a ForStatementLeft<'a>, val: Val) {
        match left {
            ForStatementLeft::VariableDeclaration(v) => {
                for d in &v.declarations {
                    self.bind(&d.id, val.clone());
                }
            }
            other => {
                if let Some(SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) =
                    other.as_simple_assignment_target()
                {
                    self.assign(id.name.as_str(), val);
                }
            }
        }
    }

    /// `export default { fetch(request, env) {…} }`, `export default app`, `export default handler`.
    fn export_default(&mut self, e: &'a Expression<'a>) {
        match e.get_inner_expression() {
            Expression::ObjectExpression(o) => {
                for p in &o.properties {
                    let ObjectPropertyKind::ObjectProperty(p) = p else {
                        continue;
                    };
                    let name = p.key.static_name();
                    let place = match name.as_deref() {
                        Some("fetch") => Place::Entry,
                        _ => Place::Module,
                    };
                    match &p.value {
                        Expression::FunctionExpression(f) => {
                            self.function(f, place, &[]);
                        }
                        Expression::ArrowFunctionExpression(a) => {
                            self.arrow(a, place, &[]);
                        }
                        other => {
                            self.expr(other);
                        }
                    }
                }
            }
            other => {
                self.expr(other);
            }
        }
    }

    fn variables(&mut self, v: &'a VariableDeclaration<'a>) {
        for d in &v.declarations {
            // Pages Functions: `export const onRequestPost = async ({ request, env }) => …`.
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                if let Some(place) = self.pages_route(id.name.as_str()) {
                    match init.get_inner_expression() {
                        Expression::ArrowFunctionExpression(a) => {
                            self.arrow(a, place, &[]);
                            continue;
                        }
                        Expression::FunctionExpression(f) => {
                            self.function(f, place, &[]);
                            continue;
                        }
                        _ => {}
                    }
                }
            }
            let val = match &d.init {
                Some(init) => self.expr(init),
                None => Val::default(),
            };
            self.bind(&d.id, val);
        }
    }

    /// Binds a pattern to a value: destructuring narrows by property name.
    pub fn bind(&mut self, pattern: &'a BindingPattern<'a>, val: Val) {
        match pattern {
            BindingPattern::BindingIdentifier(id) => self.declare(id.name.as_str(), val),
            BindingPattern::ObjectPattern(o) => {
                for p in &o.properties {
                    let sub = match p.key.static_name() {
                        Some(k) => self.member_of(&val, &k),
                        None => val.data(),
                    };
                    self.bind(&p.value, sub);
                }
                if let Some(rest) = &o.rest {
                    self.bind(&rest.argument, val.data());
                }
            }
            BindingPattern::ArrayPattern(a) => {
                for el in a.elements.iter().flatten() {
                    self.bind(el, val.data());
                }
                if let Some(rest) = &a.rest {
                    self.bind(&rest.argument, val.data());
                }
            }
            BindingPattern::AssignmentPattern(a) => {
                let default = self.expr(&a.right);
                let mut v = val;
                v.taint.add(&default.taint);
                if v.text.is_none() {
                    v.text = default.text;
                }
                self.bind(&a.left, v);
            }
        }
    }

    fn class(&mut self, c: &'a Class<'a>) {
        for el in &c.body.body {
            match el {
                ClassElement::MethodDefinition(m) => {
                    // Durable Objects and class-based Workers: `async fetch(request)`.
                    let place = if m.key.static_name().as_deref() == Some("fetch") {
                        Place::Entry
                    } else {
                        Place::Module
                    };
                    self.function(&m.value, place, &[]);
                }
                ClassElement::PropertyDefinition(p) => {
                    if let Some(v) = &p.value {
                        self.expr(v);
                    }
                }
                _ => {}
            }
        }
    }

    /// Parameters' values by position and name: request, env, Hono context, Express res.
    fn param_val(&self, index: usize, name: &str, place: &Place, given: Option<&Val>) -> Val {
        if let Some(v) = given {
            return v.clone();
        }
        let handler = matches!(
            place,
            Place::Entry | Place::Route { .. } | Place::Middleware(_)
        );
        let lower = name.to_ascii_lowercase();
        match (index, lower.as_str()) {
            (_, "env") => Val::kind(Kind::Env),
            (_, "request" | "req") => Val::kind(Kind::Request),
            (_, "res" | "response") if handler => Val::kind(Kind::ExpressRes),
            (0, "c" | "ctx" | "context") if handler && self.framework != Framework::Express => {
                Val::kind(Kind::Context)
            }
            (1, _) if handler && self.framework == Framework::Itty => Val::kind(Kind::Env),
            _ => {
                // A helper's parameter named like personal data (`email`, `tenantName`).
                Val::tainted(Taint::of(DataRef::Name(name.to_string())))
            }
        }
    }

    fn params(&mut self, params: &'a FormalParameters<'a>, place: &Place, args: &[Val]) {
        for (i, p) in params.items.iter().enumerate() {
            let name = match &p.pattern {
                BindingPattern::BindingIdentifier(id) => id.name.as_str(),
                _ => "",
            };
            let v = self.param_val(i, name, place, args.get(i));
            // `{ request, env }` (Pages Functions' context) destructures by name.
            if let BindingPattern::ObjectPattern(o) = &p.pattern {
                for prop in &o.properties {
                    if let (Some(k), BindingPattern::BindingIdentifier(id)) =
                        (prop.key.static_name(), &prop.value)
                    {
                        let sub = match k.as_ref() {
                            "request" | "req" => Val::kind(Kind::Request),
                            "env" => Val::kind(Kind::Env),
                            _ => self.member_of(&v, &k),
                        };
                        self.declare(id.name.as_str(), sub);
                    }
                }
                continue;
            }
            self.bind(&p.pattern, v);
        }
    }

    fn enter(&mut self, place: Place) {
        let route = match &place {
            Place::Route { path, method } => {
                let index = self
                    .out
                    .routes
                    .iter()
                    .position(|r| r.route == *path && r.method == *method);
                Some(index.unwrap_or_else(|| {
                    self.out.routes.push(RouteFact {
                        route: path.clone(),
                        method: method.clone(),
                        line: 0,
                        served: Taint::default(),
                        evidence: String::new(),
                    });
                    self.out.routes.len() - 1
                }))
            }
            _ => None,
        };
        self.frames.push(Frame {
            vars: vec![HashMap::new()],
            returns: Taint::default(),
            place,
            route,
            input_fields: Default::default(),
            input_flows: Vec::new(),
        });
    }

    fn leave(&mut self) -> Taint {
        let Some(frame) = self.frames.pop() else {
            return Taint::default();
        };
        for i in &frame.input_flows {
            // Only flows that carry the whole input (`JSON.stringify(body)`), not a field of it.
            let whole = self
                .out
                .flows
                .get(*i)
                .is_some_and(|f| !f.data.0.iter().any(|r| matches!(r, DataRef::Name(_))));
            if !whole {
                continue;
            }
            if let Some(f) = self.out.flows.get_mut(*i) {
                for name in &frame.input_fields {
                    f.data.0.insert(DataRef::Name(name.clone()));
                }
            }
        }
        // Fields read in a nested function (a callback) belong to the enclosing one too.
        if let Some(parent) = self.frames.last_mut() {
            parent.input_fields.extend(frame.input_fields);
        }
        frame.returns
    }

    /// Walks a function in a new frame; returns what it returns.
    pub fn function(&mut self, f: &'a Function<'a>, place: Place, args: &[Val]) -> Taint {
        let line = self.line(f.span);
        self.enter(place.clone());
        if let Some(i) = self.frame().route {
            if let Some(r) = self.out.routes.get_mut(i) {
                if r.line == 0 {
                    r.line = line;
                }
            }
        }
        self.params(&f.params, &place, args);
        if let Some(body) = &f.body {
            self.statements(&body.statements);
        }
        self.leave()
    }

    pub fn arrow(
        &mut self,
        a: &'a ArrowFunctionExpression<'a>,
        place: Place,
        args: &[Val],
    ) -> Taint {
        let line = self.line(a.span);
        self.enter(place.clone());
        if let Some(i) = self.frame().route {
            if let Some(r) = self.out.routes.get_mut(i) {
                if r.line == 0 {
                    r.line = line;
                }
            }
        }
        self.params(&a.params, &place, args);
        match &a.body {
            ArrowFunctionBody::FunctionBody(b) => self.statements(&b.statements),
            body => {
                if let Some(e) = body.as_expression() {
                    let v = self.expr(e);
                    self.frame().returns.add(&v.taint);
                    if self.frame().route.is_some() {
                        self.serve(&v.taint, e.span());
                    }
                }
            }
        }
        self.leave()
    }

    fn if_statement(&mut self, i: &'a IfStatement<'a>) {
        self.expr(&i.test);
        if self.tests_identity(&i.test) {
            self.check(i.test.span());
        }
        match self.route_of_test(&i.test) {
            Some((path, method))
                if matches!(self.place(), Place::Entry | Place::Module)
                    || self.frame().place == Place::Entry =>
            {
                self.enter_branch(path, method, &i.consequent);
            }
            _ => self.statement(&i.consequent),
        }
        if let Some(alt) = &i.alternate {
            self.statement(alt);
        }
    }

    /// Walks a branch of a hand-written router as a route.
    fn enter_branch(&mut self, path: String, method: Option<String>, body: &'a Statement<'a>) {
        let outer: Vec<HashMap<&'a str, Val>> = self.frame().vars.clone();
        self.enter(Place::Route { path, method });
        self.frame().vars = outer;
        let line = self.line(body.span());
        if let Some(i) = self.frame().route {
            if let Some(r) = self.out.routes.get_mut(i) {
                if r.line == 0 {
                    r.line = line;
                }
            }
        }
        self.statement(body);
        let returns = self.leave();
        self.frame().returns.add(&returns);
    }

    fn switch(&mut self, sw: &'a SwitchStatement<'a>) {
        let disc = self.expr(&sw.discriminant);
        let _ = disc;
        let about_path = self.mentions_path(&sw.discriminant);
        for case in &sw.cases {
            let path = case
                .test
                .as_ref()
                .and_then(|t| match t.get_inner_expression() {
                    Expression::StringLiteral(s) if about_path && s.value.starts_with('/') => {
                        Some(s.value.to_string())
                    }
                    _ => None,
                });
            match path {
                Some(p) if matches!(self.frame().place, Place::Entry) => {
                    let outer = self.frame().vars.clone();
                    self.enter(Place::Route {
                        path: p,
                        method: None,
                    });
                    self.frame().vars = outer;
                    if let Some(t) = &case.test {
                        let line = self.line(t.span());
                        if let Some(i) = self.frame().route {
                            if let Some(r) = self.out.routes.get_mut(i) {
                                r.line = line;
                            }
                        }
                    }
                    self.statements(&case.consequent);
                    let returns = self.leave();
                    self.frame().returns.add(&returns);
                }
                _ => self.statements(&case.consequent),
            }
        }
    }

    fn import(&mut self, i: &'a ImportDeclaration<'a>) {
        let source = i.source.value.as_str();
        match source {
            "hono" | "hono/tiny" | "hono/quick" => self.framework = Framework::Hono,
            "itty-router" => self.framework = Framework::Itty,
            "express" => self.framework = Framework::Express,
            _ => {}
        }
        if source.starts_with("https://") || source.starts_with("http://") {
            let v = Val::text(source);
            self.embed_url(&v, "script", i.span);
        }
        let Some(specifiers) = &i.specifiers else {
            return;
        };
        for s in specifiers {
            let local = match s {
                ImportDeclarationSpecifier::ImportSpecifier(x) => x.local.name.as_str(),
                ImportDeclarationSpecifier::ImportDefaultSpecifier(x) => x.local.name.as_str(),
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(x) => x.local.name.as_str(),
            };
            self.imports.insert(local, source.to_string());
            if let Some(service) = self.catalogue.by_package(source) {
                self.declare(
                    local,
                    Val::kind(Kind::Sdk {
                        service: service.id.clone(),
                        host: None,
                    }),
                );
            } else if matches!(source, "axios" | "ky" | "got" | "ofetch" | "redaxios") {
                self.declare(local, Val::kind(Kind::Fetcher { base: None }));
            } else if source == "nodemailer" {
                self.declare(local, Val::kind(Kind::Mailer(None)));
            }
        }
    }

    /// A Pages Function handler (`onRequestPost` in `functions/api/contact.ts`) is the route
    /// its file path names (`/api/contact`).
    fn pages_route(&self, name: &str) -> Option<Place> {
        let method = name.strip_prefix("onRequest")?;
        let path = self.out.path.replace('\\', "/");
        let Some((_, rest)) = path.split_once("functions/") else {
            return Some(Place::Entry);
        };
        let stem = rest.rsplit_once('.').map_or(rest, |(s, _)| s);
        let stem = stem
            .strip_suffix("index")
            .unwrap_or(stem)
            .trim_end_matches('/');
        let route = format!("/{}", stem.replace('[', ":").replace(']', ""));
        let method = (!method.is_empty()).then(|| method.to_ascii_uppercase());
        Some(Place::Route {
            path: route,
            method,
        })
    }

    /// Whether an `if` test checks who the user is (`if (!user)`, `isAdmin`, `role !== 'admin'`).
    fn tests_identity(&self, test: &'a Expression<'a>) -> bool {
        let text = self
            .text
            .get(test.span().start as usize..test.span().end as usize)
            .unwrap_or("");
        let lower = text.to_ascii_lowercase();
        [
            "isadmin",
            "is_admin",
            ".role",
            "roles",
            "isauthenticated",
            "authenticated",
            "loggedin",
            "permission",
            "cf-access-authenticated-user-email",
        ]
        .iter()
        .any(|w| lower.contains(w))
    }

    /// `url.pathname === '/api/x'`, `path.startsWith('/api/')`, `/^\/api\/x/.test(path)`:
    /// the route a test selects, with the method when it also tests one.
    fn route_of_test(&self, test: &'a Expression<'a>) -> Option<(String, Option<String>)> {
        let mut path = None;
        let mut method = None;
        self.route_parts(test, &mut path, &mut method);
        path.map(|p| (p, method))
    }

    fn route_parts(
        &self,
        e: &'a Expression<'a>,
        path: &mut Option<String>,
        method: &mut Option<String>,
    ) {
        match e.get_inner_expression() {
            Expression::LogicalExpression(l) => {
                self.route_parts(&l.left, path, method);
                self.route_parts(&l.right, path, method);
            }
            Expression::BinaryExpression(b) if b.operator.is_equality() => {
                for (x, y) in [(&b.left, &b.right), (&b.right, &b.left)] {
                    if let Expression::StringLiteral(s) = y.get_inner_expression() {
                        let v = s.value.as_str();
                        if v.starts_with('/') && self.mentions_path(x) && path.is_none() {
                            *path = Some(v.to_string());
                        } else if matches!(v, "GET" | "POST" | "PUT" | "PATCH" | "DELETE") {
                            *method = Some(v.to_string());
                        }
                    }
                }
            }
            Expression::CallExpression(c) => {
                let Some(m) = c.callee.get_member_expr() else {
                    return;
                };
                let name = m.static_property_name().unwrap_or("");
                let first = c.arguments.first().and_then(Argument::as_expression);
                match (name, first.map(Expression::get_inner_expression)) {
                    ("startsWith" | "match" | "includes", Some(Expression::StringLiteral(s)))
                        if s.value.starts_with('/')
                            && self.mentions_path(m.object())
                            && path.is_none() =>
                    {
                        *path = Some(format!("{}*", s.value.as_str().trim_end_matches('*')));
                    }
                    ("test", _) => {
                        if let Expression::RegExpLiteral(r) = m.object().get_inner_expression() {
                            let pattern = r.regex.pattern.text.as_str();
                            if pattern.contains("\\/") && path.is_none() {
                                *path = Some(regex_route(pattern));
                            }
                        }
                    }
                    ("match" | "exec", Some(Expression::RegExpLiteral(r))) => {
                        let pattern = r.regex.pattern.text.as_str();
                        if pattern.contains("\\/") && path.is_none() {
                            *path = Some(regex_route(pattern));
                        }
                    }
                    _ => {}
                }
            }
            Expression::Identifier(id) => {
                // `if (match)` after `const match = path.match(/^\/api\/x/)`.
                if let Some(Val {
                    kind: Kind::RoutePattern(p),
                    ..
                }) = self.lookup(id.name.as_str())
                {
                    if path.is_none() {
                        *path = Some(p.clone());
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether an expression is about the request path (`url.pathname`, `path`, `route`).
    pub fn mentions_path(&self, e: &Expression<'_>) -> bool {
        let span = e.span();
        let text = self
            .text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("");
        let lower = text.to_ascii_lowercase();
        ["pathname", "path", "route", "url"]
            .iter()
            .any(|w| lower.contains(w))
    }
}

/// `^\/api\/reports\/(\d+)\/photo$` → `/api/reports/*/photo`: groups, classes and
/// escapes other than `\/` become `*`.
pub(super) fn regex_route(pattern: &str) -> String {
    let p = pattern.trim_start_matches('^').trim_end_matches('$');
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next();
                if depth == 0 {
                    match next {
                        Some('/') => out.push('/'),
                        Some('.') => out.push('.'),
                        _ => out.push('*'),
                    }
                }
            }
            '(' | '[' => {
                if depth == 0 {
                    out.push('*');
                }
                depth += 1;
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            '+' | '?' | '*' | '{' | '}' | '|' | '.' if depth == 0 => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    while out.contains("**") {
        out = out.replace("**", "*");
    }
    out
}

#[cfg(test)]
mod tests;
