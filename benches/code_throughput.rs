//! Parse speed of the code-flow scan: generates a source tree of about 5 MB (Worker modules
//! with routes, D1 statements, fetches and logs; TSX components; HTML pages), scans it on one
//! core and prints files/s and MB/s; then times the default scan of the bundled example.
//! Run with `cargo bench --bench code_throughput`.

use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use std::time::Instant;

fn worker(i: usize) -> String {
    format!(
        r#"import {{ Hono }} from "hono";
const app = new Hono();
const API_{i} = "https://api.example{i}.com/v1";
// https://docs.example.org/{i}
app.get("/api/items{i}", async (c) => {{
  const {{ results }} = await c.env.DB.prepare("SELECT id, name, email, note FROM items{i} WHERE owner = ?").bind(c.req.query("owner")).all();
  console.log(`listing ${{results.length}} items`);
  return c.json(results);
}});
app.post("/api/items{i}", async (c) => {{
  const body = await c.req.json();
  const res = await fetch(`${{API_{i}}}/enrich`, {{ method: "POST", body: JSON.stringify({{ name: body.name, email: body.email }}) }});
  const extra = await res.json();
  await c.env.DB.prepare("INSERT INTO items{i} (name, email, note) VALUES (?, ?, ?)").bind(body.name, body.email, extra.note).run();
  for (const tag of body.tags ?? []) {{
    if (tag.length > 20) {{ console.warn("long tag", tag.length); }}
  }}
  return c.json({{ ok: true }}, 201);
}});
export default app;
"#
    )
}

fn component(i: usize) -> String {
    format!(
        r#"import {{ useState }} from "react";
export function Panel{i}({{ user }}: {{ user: {{ name: string; email: string }} }}) {{
  const [open, setOpen] = useState(false);
  localStorage.setItem("panel{i}", open ? "open" : "closed");
  return (
    <section>
      <h2>{{user.name}}</h2>
      <img src="https://cdn.example{i}.net/avatar.png" alt="" />
      <button onClick={{() => setOpen(!open)}}>Toggle</button>
      <a href="https://example.org/help/{i}">Help</a>
    </section>
  );
}}
"#
    )
}

fn page(i: usize) -> String {
    format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter{i}\"></head>\n<body><h1>Page {i}</h1><p>{}</p><script>fetch('/api/items{i}').then(r => r.json());</script></body></html>\n",
        "Lorem ipsum dolor sit amet. ".repeat(20)
    )
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = 0usize;
    let mut files = 0usize;
    let mut i = 0;
    while bytes < 5 * 1024 * 1024 {
        for (name, text) in [
            (format!("src/routes/items{i}.ts"), worker(i)),
            (format!("web/Panel{i}.tsx"), component(i)),
            (format!("public/page{i}.html"), page(i)),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &text).expect("write");
            bytes += text.len();
            files += 1;
        }
        i += 1;
    }
    let dict = Dictionary::builtin().expect("dictionaries");
    let options = ScanOptions::new((2026, 12, 5));
    let start = Instant::now();
    let report = scan::scan(
        &[ScanInput::Path(dir.path().to_path_buf())],
        &options,
        &dict,
        &scan::NoProgress,
    );
    let secs = start.elapsed().as_secs_f64();
    println!(
        "code tree: {files} files, {:.1} MB, {:.2} s: {:.0} files/s, {:.1} MB/s, {} flows, {} problems",
        bytes as f64 / 1e6,
        secs,
        files as f64 / secs,
        bytes as f64 / 1e6 / secs,
        report.flows.len(),
        report.problems.len()
    );
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let r = scan::scan(&dpia::example::inputs(), &options, &dict, &scan::NoProgress);
        best = best.min(start.elapsed().as_secs_f64());
        assert!(!r.flows.is_empty());
    }
    println!(
        "bundled example, default scan: {:.0} ms (best of 5)",
        best * 1000.0
    );
}
