//! Bad source code never stops a scan: half-written TypeScript, JSX in a .js file, a 2 MB
//! minified bundle, invalid UTF-8, a 50 MB generated file and deeply nested expressions
//! become problems with path and line (or skipped files), and the good files' flows remain.

use crate::util::dpia;
use std::time::{Duration, Instant};

#[test]
fn bad_sources_become_problems_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    write("src/good.ts", b"export default { async fetch(r: Request) {\n  await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: await r.text() });\n  return new Response('ok');\n} };\n");
    write("src/half.ts", b"export default {\n  async fetch(request: Request, env: Env) {\n    const { results } = await env.DB.prepare('SELECT * FROM t').all();\n    return Response.json(\n");
    write(
        "src/view.js",
        b"export const View = () => <img src=\"https://tile.openstreetmap.org/1/1/1.png\" />;\n",
    );
    write(
        "src/latin1.js",
        b"// caf\xe9\nfetch('https://hooks.slack.com/services/x', { method: 'POST' });\n",
    );
    let bundle = format!(
        "var a={};{}",
        "{}",
        "a.b=function(c){return c+1};".repeat(80_000)
    );
    write("public/bundle.js", bundle.as_bytes());
    let generated: String = (0..2_000_000)
        .map(|i| format!("export const v{i} = {i};\n"))
        .collect();
    write("src/generated.js", generated.as_bytes());
    // One token per line, so none of them looks like a minified bundle.
    write(
        "src/deep.js",
        format!(
            "const x = {}1{};\n",
            "(\n".repeat(50_000),
            ")\n".repeat(50_000)
        )
        .as_bytes(),
    );
    write(
        "src/chain.js",
        format!(
            "const y = 1{};\nfetch('https://api.mixpanel.com/track');\n",
            "\n + a".repeat(200_000)
        )
        .as_bytes(),
    );
    write(
        "src/bang.js",
        format!("const z = {}1;\n", "!\n".repeat(100_000)).as_bytes(),
    );

    let start = Instant::now();
    let out = dpia()
        .args(["scan", root.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let took = start.elapsed();
    // Inputs with errors: the full report still comes, then exit code 1 (see scan_exit).
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    let problem = |file: &str| {
        problems
            .iter()
            .find(|p| p["path"].as_str().unwrap().ends_with(file))
            .unwrap_or_else(|| panic!("no problem for {file}: {problems:#?}"))
    };
    assert_eq!(problem("half.ts")["line"], 5, "{:?}", problem("half.ts"));
    assert!(problem("half.ts")["message"]
        .as_str()
        .unwrap()
        .contains("syntax error"));
    assert_eq!(problem("generated.js")["line"], 1);
    assert_eq!(
        problem("deep.js")["line"],
        401,
        "the line where nesting passes the cap"
    );
    assert!(problem("bang.js")["line"].as_u64().is_some());
    assert!(problem("latin1.js")["message"]
        .as_str()
        .unwrap()
        .contains("Latin-1"));
    let skipped = report["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s.as_str().unwrap().contains("bundle.js (minified bundle)")),
        "{skipped:?}"
    );
    let flows: Vec<(String, String)> = report["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["target"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (target, file) in [
        ("api.openai.com", "good.ts"),
        ("tile.openstreetmap.org", "view.js"),
        ("hooks.slack.com", "latin1.js"),
        ("api.mixpanel.com", "chain.js"),
    ] {
        assert!(
            flows.iter().any(|(t, s)| t == target && s.contains(file)),
            "{target} from {file}: {flows:?}"
        );
    }
}
