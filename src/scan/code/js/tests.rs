//! Tests of the JS/TS walker: each feeds a small source and checks the raw flows, routes and
//! access checks it yields.

use super::*;
use crate::scan::code::flows::DataRef;

fn facts(src: &str, lang: Lang) -> (FileFacts, Vec<Problem>) {
    let mut out = FileFacts {
        path: "src/index.ts".into(),
        ..FileFacts::default()
    };
    let mut problems = Vec::new();
    analyse("src/index.ts", src, lang, false, 0, &mut out, &mut problems);
    (out, problems)
}

fn kinds(f: &FileFacts) -> Vec<(FlowKind, String, u64)> {
    f.flows
        .iter()
        .map(|x| (x.kind, x.target.clone(), x.line))
        .collect()
}

#[test]
fn worker_fetch_d1_llm_and_log() {
    let src = r#"
import OpenAI from 'openai';
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/api/reports' && request.method === 'POST') {
      const body = await request.json();
      console.log('new report', body);
      const tenant = await env.DB.prepare('SELECT vorname, email FROM tenants WHERE id = ?').bind(body.tenantId).first();
      const openai = new OpenAI({ apiKey: env.OPENAI_API_KEY });
      const summary = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: body.beschreibung }] });
      await env.DB.prepare('INSERT INTO damage_reports (tenant_id, beschreibung) VALUES (?, ?)').bind(tenant.id, body.beschreibung).run();
      return Response.json({ ok: true });
    }
    if (url.pathname === '/api/tenants') {
      const { results } = await env.DB.prepare('SELECT * FROM tenants').all();
      console.log(`found ${results.length} tenants`);
      return Response.json(results);
    }
    return new Response('Not found', { status: 404 });
  },
};
"#;
    let (f, problems) = facts(src, Lang::Ts);
    assert!(problems.is_empty(), "{problems:?}");
    let k = kinds(&f);
    assert!(k.contains(&(FlowKind::Log, "console".into(), 8)), "{k:?}");
    assert!(
        k.contains(&(FlowKind::StorageRead, "tenants".into(), 9)),
        "{k:?}"
    );
    assert!(
        k.contains(&(FlowKind::AiModel, "api.openai.com".into(), 11)),
        "{k:?}"
    );
    assert!(
        k.contains(&(FlowKind::StorageWrite, "damage_reports".into(), 12)),
        "{k:?}"
    );
    let ai = f
        .flows
        .iter()
        .find(|x| x.kind == FlowKind::AiModel)
        .unwrap();
    assert!(
        ai.data.0.contains(&DataRef::Name("beschreibung".into())),
        "{:?}",
        ai.data
    );
    assert_eq!(ai.route.as_deref(), Some("/api/reports"));
    let tenants = f.routes.iter().find(|r| r.route == "/api/tenants").unwrap();
    assert!(
        tenants.served.0.contains(&DataRef::Table("tenants".into())),
        "{:?}",
        tenants.served
    );
    assert!(f.checks.is_empty());
}

/// Evidence shows a node on one line, cut at 120 characters: short calls whole with their
/// whitespace collapsed, a long one as its first 117 characters and "...".
#[test]
fn evidence_is_one_line_and_cut_at_120_characters() {
    let long_body = "x".repeat(30);
    let src = format!(
        "fetch('https://api.example.com/a',\n    {{ method:   'POST' }});\nfetch('https://hooks.example.org/b', {{ body: JSON.stringify({{ a: '{long_body}', b: '{long_body}', c: '{long_body}', d: '{long_body}' }}) }});\n"
    );
    let (f, problems) = facts(&src, Lang::Js);
    assert!(problems.is_empty(), "{problems:?}");
    let short = f
        .flows
        .iter()
        .find(|x| x.target == "api.example.com")
        .unwrap();
    assert!(
        short
            .evidence
            .contains("fetch('https://api.example.com/a', { method: 'POST' })"),
        "{}",
        short.evidence
    );
    let long = f
        .flows
        .iter()
        .find(|x| x.target == "hooks.example.org")
        .unwrap();
    let snippet = long.evidence.rsplit("fetch(").next().unwrap();
    assert!(long.evidence.ends_with("..."), "{}", long.evidence);
    assert!(!long.evidence.contains('\n'));
    assert_eq!(
        format!("fetch({snippet}").chars().count(),
        120,
        "{}",
        long.evidence
    );
}
